package dev.preflight.core.fat;

import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.fat.FatBootSector.FatKind;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Our own walk of a FAT volume's directory tree on the raw bytes (Microsoft FAT spec §6, §7), after
 * {@link FatTableCheck} made sure no chain loops or leaves the volume. It knows where every entry
 * lives (for the write protocol) and which clusters each file and directory owns, so it finds what
 * the FAT alone cannot show:
 * <ul>
 * <li>cross-linked chains: two files (or a file and a directory) reaching the same cluster, which
 * {@code fsck.fat} reports as "share clusters" and which an edit would spread;</li>
 * <li>directories larger than FAT allows (65,536 entries, 2 MiB), which a library would load whole.</li>
 * </ul>
 * Each cluster is visited at most once ({@link ClusterClaims}), so the walk is linear in the volume
 * whatever the input; the names in each entry are read by {@link FatNames}.
 */
public final class FatScan {
    /** FAT allows at most 65,536 entries (2 MiB) in one directory (spec §6). */
    public static final long MAX_DIRECTORY_BYTES = 65_536L * 32;
    static final int MAX_DEPTH = FatVolume.MAX_DEPTH;
    static final int MAX_ENTRIES = FatVolume.MAX_ENTRIES;

    /** Reads raw bytes of the disk holding the volume. */
    public interface Bytes {
        byte[] read(long position, int length) throws IOException;
    }

    /**
     * One live directory entry.
     *
     * @param path         '/'-separated path as the OS shows it (long name, else 8.3 with case flags)
     * @param entryOffset  absolute disk offset of the 32-byte short entry
     * @param lfnOffsets   absolute offsets of its long-name entries, in directory order
     * @param shortName    the raw 11-byte short name
     */
    public record Entry(String path, long entryOffset, List<Long> lfnOffsets, byte[] shortName, int attributes,
                        long startCluster, long size) {
        public boolean directory() {
            return (attributes & 0x10) != 0;
        }
    }

    /** A directory: where its entries are (absolute byte regions), its first cluster (0 for a FAT12/16 root). */
    public record Directory(String path, long firstCluster, List<long[]> regions) {
    }

    private final FatBootSector bs;
    private final long volumeStart;
    private final Bytes bytes;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Entry> byPath = new HashMap<>();
    private final Map<String, Directory> directories = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> fatal = new ArrayList<>();
    private final List<String> chainErrors = new ArrayList<>();
    private final ClusterClaims claims;
    private String volumeLabel;

    private FatScan(FatBootSector bs, byte[] fat, long volumeStart, Bytes bytes) {
        this.bs = bs;
        this.volumeStart = volumeStart;
        this.bytes = bytes;
        this.claims = new ClusterClaims(bs, fat, chainErrors);
    }

    /**
     * Walks the volume whose first FAT is {@code fat} (already checked by {@link FatTableCheck}: no loops,
     * no pointers out of the volume).
     */
    public static FatScan scan(FatBootSector bs, byte[] fat, long volumeStart, Bytes bytes) throws IOException {
        FatScan s = new FatScan(bs, fat, volumeStart, bytes);
        s.walk();
        return s;
    }

    public long clusterBytes() {
        return claims.clusterBytes();
    }

    /** Absolute offset of the first data cluster (cluster 2). */
    public long firstDataByte() {
        long rootDirSectors = ((long) bs.rootEntries() * 32 + bs.bytesPerSector() - 1) / bs.bytesPerSector();
        return volumeStart + (bs.reservedSectors() + bs.fatCount() * bs.fatSectors() + rootDirSectors)
                * bs.bytesPerSector();
    }

    public long clusterOffset(long cluster) {
        return firstDataByte() + (cluster - 2) * clusterBytes();
    }

    /** Every live file and directory entry, in walk order. */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The entry at {@code path} (case-insensitive, no leading slash), or null. */
    public Entry find(String path) {
        return byPath.get(key(path));
    }

    /** The directory at {@code path} ("" for the root), or null. */
    public Directory directory(String path) {
        return directories.get(key(path));
    }

    /** Sentences naming files and directories whose chains share clusters; empty on a sound volume. */
    public List<String> crossLinks() {
        return List.copyOf(claims.crossLinks());
    }

    /** Parts of the tree that were not listed (nested too deep, too many entries, unreadable); the rest is usable. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /**
     * Damage that leaves the volume readable but makes writing unsafe: a file or directory whose chain runs
     * into a cluster the FAT marks free (the next file written would take it), a file larger than its chain,
     * live entries after a directory's end marker (Linux and fsck.fat see them, Windows does not), two entries
     * of one name in a folder.
     */
    public List<String> chainErrors() {
        return List.copyOf(chainErrors);
    }

    /** What makes the volume unusable: directories larger than FAT allows. */
    public List<String> fatal() {
        return List.copyOf(fatal);
    }

    /** The volume label entry of the root directory, or null. */
    public String volumeLabel() {
        return volumeLabel;
    }

    private static String key(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.toLowerCase(Locale.ROOT);
    }

    private void walk() throws IOException {
        List<long[]> rootRegions;
        long rootCluster = 0;
        if (bs.kind() == FatKind.FAT32) {
            rootCluster = bs.rootCluster();
            rootRegions = regions(claims.claim(rootCluster, "(root directory)", MAX_DIRECTORY_BYTES / clusterBytes() + 1, -1), "/");
        } else {
            long start = volumeStart + (bs.reservedSectors() + bs.fatCount() * bs.fatSectors()) * bs.bytesPerSector();
            rootRegions = new ArrayList<>();
            rootRegions.add(new long[] {start, (long) bs.rootEntries() * 32});
        }
        if (rootRegions == null) {
            return;
        }
        walk(new Directory("", rootCluster, rootRegions), 0);
    }

    /** Byte regions of a directory chain; null (and a problem) when it is larger than FAT allows. */
    private List<long[]> regions(List<Long> clusters, String path) {
        if (clusters.size() * clusterBytes() > MAX_DIRECTORY_BYTES) {
            fatal.add("directory " + path + " is larger than FAT allows (over 65,536 entries)");
            return null;
        }
        List<long[]> r = new ArrayList<>();
        for (long c : clusters) {
            r.add(new long[] {clusterOffset(c), clusterBytes()});
        }
        return r;
    }

    /**
     * Makes {@code e} the entry found at {@code key}, unless an earlier entry of the folder already answers to it:
     * then a name means two files (readers take the first, {@code fsck.fat} renames the second), and a change
     * to one could show the other in its place.
     */
    private void index(String key, Entry e, Directory dir, String name) {
        Entry earlier = byPath.putIfAbsent(key, e);
        if (earlier != null && earlier != e) {
            claims.chainError("directory /" + dir.path() + " holds two entries named " + name
                    + " (fsck.fat: \"Duplicate directory entry\")");
        }
    }

    private void walk(Directory dir, int depth) throws IOException {
        directories.put(key(dir.path()), dir);
        if (depth > MAX_DEPTH) {
            problems.add("directory /" + dir.path() + " is nested deeper than " + MAX_DEPTH + " levels");
            return;
        }
        List<Directory> subdirs = new ArrayList<>();
        StringBuilder lfn = new StringBuilder();
        List<Long> lfnAt = new ArrayList<>();
        int lfnSum = -1;
        boolean ended = false;
        for (long[] region : dir.regions()) {
            byte[] buf;
            try {
                buf = bytes.read(region[0], (int) region[1]);
            } catch (EOFException e) {
                problems.add("directory /" + dir.path() + " could not be read (" + e.getMessage() + ")");
                break;
            }
            for (int off = 0; off + 32 <= buf.length; off += 32) {
                int first = buf[off] & 0xff;
                if (first == 0) {
                    ended = true; // Windows stops here; Linux and fsck.fat read on, so the walk does too
                    lfn.setLength(0);
                    lfnAt.clear();
                    lfnSum = -1;
                    continue;
                }
                if (ended && first != 0xE5 && chainErrors.size() < ClusterClaims.MAX_REPORTED) {
                    claims.chainError("directory /" + dir.path() + " holds entries after its end marker (Linux"
                            + " sees them, Windows does not)");
                    ended = false;
                }
                int attr = buf[off + 11] & 0xff;
                if (first == 0xE5) {
                    lfn.setLength(0);
                    lfnAt.clear();
                    lfnSum = -1;
                    continue;
                }
                if ((attr & 0x3F) == 0x0F) {
                    int sum = buf[off + 13] & 0xff;
                    if ((first & 0x40) != 0) {
                        lfn.setLength(0);
                        lfnAt.clear();
                        lfnSum = sum;
                    } else if (sum != lfnSum) {
                        lfnSum = -2; // parts of two names: ignore the long name
                    }
                    lfn.insert(0, FatNames.lfnPart(buf, off));
                    lfnAt.add(region[0] + off);
                    continue;
                }
                String longName = lfn.toString();
                List<Long> lfnOffsets = List.copyOf(lfnAt);
                lfn.setLength(0);
                lfnAt.clear();
                if ((attr & 0x08) != 0) {
                    if (dir.path().isEmpty() && volumeLabel == null) {
                        volumeLabel = new String(buf, off, 11, StandardCharsets.ISO_8859_1).trim();
                    }
                    continue;
                }
                byte[] raw = Arrays.copyOfRange(buf, off, off + 11);
                String shortName = FatNames.shortName(buf, off);
                if (shortName.equals(".") || shortName.equals("..")) {
                    continue;
                }
                if (entries.size() >= MAX_ENTRIES) {
                    problems.add("more than " + MAX_ENTRIES + " entries; the rest were not walked");
                    return;
                }
                boolean lfnValid = !longName.isEmpty() && lfnSum == FatNames.checksum(raw);
                lfnSum = -1;
                String name = lfnValid ? longName : shortName;
                String path = dir.path().isEmpty() ? name : dir.path() + "/" + name;
                long cluster = LittleEndian.u16(buf, off + 26) | (bs.kind() == FatKind.FAT32 ? (long) LittleEndian.u16(buf, off + 20) << 16 : 0);
                Entry e = new Entry(path, region[0] + off, lfnValid ? lfnOffsets : List.of(), raw, attr,
                        cluster, LittleEndian.u32(buf, off + 28));
                entries.add(e);
                index(key(path), e, dir, name);
                if (!name.equalsIgnoreCase(shortName)) {
                    index(key(dir.path().isEmpty() ? shortName : dir.path() + "/" + shortName), e, dir, name);
                }
                if (e.directory()) {
                    List<Long> chain = claims.claim(cluster, path + "/", MAX_DIRECTORY_BYTES / clusterBytes() + 1, -1);
                    if (!chain.isEmpty() && chain.get(0) == cluster) {
                        List<long[]> r = regions(chain, "/" + path);
                        if (r != null) {
                            subdirs.add(new Directory(path, cluster, r));
                        }
                    }
                } else if (cluster >= 2 || e.size() > 0) {
                    claims.claim(cluster, path, 0, e.size());
                }
            }
        }
        for (Directory d : subdirs) {
            walk(d, depth + 1);
        }
    }
}
