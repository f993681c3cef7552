package dev.preflight.core.edit;

import dev.preflight.core.fat.FatBootSector;
import dev.preflight.core.fat.FatBootSector.FatKind;
import dev.preflight.core.partition.Le;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds a file's short directory entry on a FAT volume (Microsoft FAT spec §6, §7 for long names),
 * to update it in place. Works on the raw disk, not through the FAT library, so the write protocol
 * knows exactly which sector it changes.
 */
final class FatDirectory {
    /** Where a file's 32-byte short entry lives, and what it says. */
    record Entry(long entryOffset, long startCluster, long size, boolean directory, List<Long> lfnOffsets) {
    }

    private final Disk disk;
    private final long volumeStart;
    private final FatBootSector bs;
    private final FatTable fat;

    FatDirectory(Disk disk, long volumeStart, FatBootSector bs, FatTable fat) {
        this.disk = disk;
        this.volumeStart = volumeStart;
        this.bs = bs;
        this.fat = fat;
    }

    long clusterBytes() {
        return (long) bs.sectorsPerCluster() * bs.bytesPerSector();
    }

    long firstDataByte() {
        long rootDirSectors = ((long) bs.rootEntries() * 32 + bs.bytesPerSector() - 1) / bs.bytesPerSector();
        return volumeStart + (bs.reservedSectors() + bs.fatCount() * bs.fatSectors() + rootDirSectors)
                * bs.bytesPerSector();
    }

    long clusterOffset(long cluster) {
        return firstDataByte() + (cluster - 2) * clusterBytes();
    }

    /** The entry for {@code path} ('/'-separated, case-insensitive), or null. */
    Entry find(String path) throws IOException {
        String[] parts = path.replaceFirst("^/", "").split("/");
        List<long[]> dirRegions = rootRegions();
        Entry found = null;
        for (int i = 0; i < parts.length; i++) {
            found = lookup(dirRegions, parts[i]);
            if (found == null) {
                return null;
            }
            if (i < parts.length - 1) {
                if (!found.directory()) {
                    return null;
                }
                dirRegions = chainRegions(found.startCluster());
            }
        }
        return found;
    }

    private List<long[]> rootRegions() {
        if (bs.kind() == FatKind.FAT32) {
            return chainRegions(bs.rootCluster());
        }
        long start = volumeStart + (bs.reservedSectors() + bs.fatCount() * bs.fatSectors()) * bs.bytesPerSector();
        List<long[]> r = new ArrayList<>();
        r.add(new long[] {start, (long) bs.rootEntries() * 32});
        return r;
    }

    private List<long[]> chainRegions(long first) {
        List<long[]> r = new ArrayList<>();
        for (long c : fat.chain(first)) {
            r.add(new long[] {clusterOffset(c), clusterBytes()});
        }
        return r;
    }

    private Entry lookup(List<long[]> regions, String name) throws IOException {
        StringBuilder lfn = new StringBuilder();
        List<Long> lfnAt = new ArrayList<>();
        for (long[] region : regions) {
            byte[] buf = new byte[(int) region[1]];
            disk.read(region[0], buf);
            for (int off = 0; off + 32 <= buf.length; off += 32) {
                int first = buf[off] & 0xff;
                if (first == 0) {
                    return null;
                }
                int attr = buf[off + 11] & 0xff;
                if (first == 0xE5) {
                    lfn.setLength(0);
                    lfnAt.clear();
                    continue;
                }
                if (attr == 0x0F) {
                    lfn.insert(0, lfnPart(buf, off));
                    lfnAt.add(region[0] + off);
                    continue;
                }
                String longName = lfn.toString();
                List<Long> lfnOffsets = List.copyOf(lfnAt);
                lfn.setLength(0);
                lfnAt.clear();
                if ((attr & 0x08) != 0) {
                    continue; // volume label
                }
                String shortName = shortName(buf, off);
                if (name.equalsIgnoreCase(longName) || name.equalsIgnoreCase(shortName)) {
                    long cluster = Le.u16(buf, off + 26) | (bs.kind() == FatKind.FAT32 ? (long) Le.u16(buf, off + 20) << 16 : 0);
                    return new Entry(region[0] + off, cluster, Le.u32(buf, off + 28), (attr & 0x10) != 0,
                            longName.isEmpty() ? List.of() : lfnOffsets);
                }
            }
        }
        return null;
    }

    private static String lfnPart(byte[] b, int off) {
        StringBuilder s = new StringBuilder();
        int[][] ranges = {{1, 10}, {14, 12}, {28, 4}};
        for (int[] r : ranges) {
            for (int i = 0; i < r[1]; i += 2) {
                char c = (char) Le.u16(b, off + r[0] + i);
                if (c == 0 || c == 0xFFFF) {
                    return s.toString();
                }
                s.append(c);
            }
        }
        return s.toString();
    }

    private static String shortName(byte[] b, int off) {
        String base = new String(b, off, 8, StandardCharsets.ISO_8859_1).trim();
        String ext = new String(b, off + 8, 3, StandardCharsets.ISO_8859_1).trim();
        int caseFlags = b[off + 12];
        if ((caseFlags & 0x08) != 0) {
            base = base.toLowerCase(Locale.ROOT);
        }
        if ((caseFlags & 0x10) != 0) {
            ext = ext.toLowerCase(Locale.ROOT);
        }
        return ext.isEmpty() ? base : base + "." + ext;
    }
}
