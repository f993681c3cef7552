package dev.preflight.core.fat;

import dev.preflight.core.image.ByteSource;
import dev.preflight.core.image.CorruptStreamException;
import dev.preflight.core.image.MediumReadException;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A FAT boot partition inside a disk, read by our own code: the boot sector and FAT are validated
 * ({@link FatBootSector}, {@link FatTableCheck}) and the directory tree is walked by {@link FatScan}
 * before any file is read, so no input can lead the reader into a loop or a huge allocation. Names
 * are shown as the operating systems show them: the long name, else the 8.3 name with its NT case
 * flags applied ({@code kernel8.img} on a card written by mtools, not {@code KERNEL8.IMG}).
 */
public final class FatVolume implements BootFileSystem {
    static final int MAX_DEPTH = 24;
    static final int MAX_ENTRIES = 50_000;

    private final ByteSource disk;
    private final FatBootSector bootSector;
    private final FatTableCheck.Result tableCheck;
    private final byte[] fat;
    private final FatScan scan;
    private final List<BootFile> files = new ArrayList<>();
    private final Map<String, FatScan.Entry> byPath = new HashMap<>();
    private final boolean fatCopiesDiffer;

    private FatVolume(ByteSource disk, FatBootSector bootSector, FatTableCheck.Result tableCheck, byte[] fat,
                      FatScan scan, boolean fatCopiesDiffer) {
        this.disk = disk;
        this.bootSector = bootSector;
        this.tableCheck = tableCheck;
        this.fat = fat;
        this.scan = scan;
        this.fatCopiesDiffer = fatCopiesDiffer;
        for (FatScan.Entry e : scan.entries()) {
            if (!e.directory() && (e.attributes() & 0x08) == 0) {
                files.add(new BootFile(e.path(), e.size()));
                byPath.putIfAbsent(e.path().toLowerCase(Locale.ROOT), e);
            }
        }
    }

    /** Whether the FAT copies differ (the first is used, as Linux and fsck.fat do). */
    public boolean fatCopiesDiffer() {
        return fatCopiesDiffer;
    }

    /** Files and directories whose cluster chains share clusters ({@link FatScan}); empty on a sound volume. */
    public List<String> crossLinks() {
        return scan.crossLinks();
    }

    /** Chains that run into free clusters, files larger than their chain, entries after an end marker. */
    public List<String> chainErrors() {
        return scan.chainErrors();
    }

    /**
     * Opens the FAT volume at {@code start}; {@code size} is its partition's size.
     *
     * @throws FatFormatException when the volume is not FAT or is corrupt beyond safe reading
     * @throws IOException        when the disk cannot be read
     */
    public static FatVolume open(ByteSource disk, long start, long size) throws FatFormatException, IOException {
        byte[] sector0 = disk.readFully(start, 512);
        FatBootSector bs = FatBootSector.parse(sector0, size);
        long fatBytes = bs.fatSectors() * bs.bytesPerSector();
        if (fatBytes > FatTableCheck.MAX_FAT_BYTES) {
            throw new FatFormatException("its FAT is " + fatBytes + " bytes, far larger than any boot partition's");
        }
        byte[] fat = disk.readFully(start + bs.fatOffsetBytes(), (int) fatBytes);
        FatTableCheck.Result check = FatTableCheck.check(bs, fat);
        boolean copiesDiffer = false;
        for (int copy = 1; copy < bs.fatCount() && !copiesDiffer; copy++) {
            byte[] other = disk.readFully(start + bs.fatOffsetBytes() + copy * fatBytes, (int) fatBytes);
            copiesDiffer = !Arrays.equals(fat, other);
        }
        if (!check.problems().isEmpty()) {
            throw new FatChainException(String.join("; ", check.problems()));
        }
        FatScan scan = FatScan.scan(bs, fat, start, (pos, len) -> readDisk(disk, pos, len));
        if (!scan.fatal().isEmpty()) {
            throw new FatChainException(String.join("; ", scan.fatal()));
        }
        return new FatVolume(disk, bs, check, fat, scan, copiesDiffer);
    }

    /**
     * Reads from the disk; an I/O error of the medium (not the end of a truncated image, not corrupt
     * compressed data) becomes a {@link MediumReadException}, so it is never mistaken for damage to the
     * file system.
     */
    private static byte[] readDisk(ByteSource disk, long position, int length) throws IOException {
        try {
            return disk.readFully(position, length);
        } catch (EOFException | CorruptStreamException | MediumReadException e) {
            throw e;
        } catch (IOException e) {
            throw new MediumReadException("Reading " + disk.name() + " at byte " + position + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** The cluster chain problems found by {@link FatTableCheck} or {@link FatScan}: the volume is unusable. */
    public static final class FatChainException extends FatFormatException {
        public FatChainException(String message) {
            super(message);
        }
    }

    public FatBootSector bootSector() {
        return bootSector;
    }

    public FatTableCheck.Result tableCheck() {
        return tableCheck;
    }

    /** Free space from the count of free FAT entries. */
    public long freeBytes() {
        return tableCheck.freeClusters() * bootSector.sectorsPerCluster() * bootSector.bytesPerSector();
    }

    @Override
    public String label() {
        String l = scan.volumeLabel();
        return l == null || l.isBlank() ? bootSector.label() : l.trim();
    }

    @Override
    public String type() {
        return bootSector.kind().name();
    }

    @Override
    public List<BootFile> files() {
        return List.copyOf(files);
    }

    @Override
    public List<String> problems() {
        return scan.problems();
    }

    /**
     * Where {@code path}'s content starts (its first cluster), or -1 for an absent or empty file: files
     * that share it share their bytes, so a reader can hash them once.
     */
    public long firstCluster(String path) {
        FatScan.Entry e = byPath.get(key(path));
        return e == null || e.startCluster() < 2 ? -1 : e.startCluster();
    }

    private static String key(String path) {
        return (path.startsWith("/") ? path.substring(1) : path).toLowerCase(Locale.ROOT);
    }

    @Override
    public byte[] read(String path, int maxBytes) throws IOException {
        FatScan.Entry e = byPath.get(key(path));
        if (e == null) {
            return null;
        }
        long len = e.size();
        if (len > maxBytes) {
            throw new TooLarge(path, len, maxBytes);
        }
        byte[] out = new byte[(int) len];
        long clusterBytes = scan.clusterBytes();
        long c = e.startCluster();
        int done = 0;
        long max = bootSector.clusterCount() + 1;
        while (done < len) {
            if (c < 2 || c > max) {
                throw new IOException(path + " is " + len + " bytes but its cluster chain ends after " + done);
            }
            // read runs of consecutive clusters in one go
            long first = c;
            long runClusters = 1;
            long next = FatTableCheck.entry(bootSector.kind(), fat, c);
            while (done + runClusters * clusterBytes < len && next == c + 1) {
                c = next;
                runClusters++;
                next = FatTableCheck.entry(bootSector.kind(), fat, c);
            }
            int want = (int) Math.min(len - done, runClusters * clusterBytes);
            try {
                byte[] b = readDisk(disk, scan.clusterOffset(first), want);
                System.arraycopy(b, 0, out, done, want);
            } catch (EOFException ex) {
                throw new IOException(path + " lies past the end of the image (" + ex.getMessage() + ")", ex);
            }
            done += want;
            c = next;
        }
        return out;
    }
}
