package dev.preflight.core.fat;

import de.waldheinz.fs.FsDirectory;
import de.waldheinz.fs.FsDirectoryEntry;
import de.waldheinz.fs.FsFile;
import de.waldheinz.fs.fat.FatFileSystem;
import dev.preflight.core.image.ByteSource;
import dev.preflight.core.image.SourceFailures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A FAT boot partition inside a disk, read through fat32-lib after our own checks of its boot
 * sector and FAT ({@link FatBootSector}, {@link FatTableCheck}) made sure the library cannot be
 * led into a loop or a huge allocation.
 */
public final class FatVolume implements BootFileSystem {
    static final int MAX_DEPTH = 24;
    static final int MAX_ENTRIES = 50_000;

    private final FatBootSector bootSector;
    private final FatTableCheck.Result tableCheck;
    private final FatFileSystem fs;
    private final List<BootFile> files = new ArrayList<>();
    private final Map<String, FsDirectoryEntry> byPath = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private boolean fatCopiesDiffer;
    private List<String> crossLinks = List.of();

    /** Files and directories whose cluster chains share clusters ({@link FatScan}); empty on a sound volume. */
    public List<String> crossLinks() {
        return crossLinks;
    }

    /** Whether the FAT copies differ (the first is used, as Linux and fsck.fat do). */
    public boolean fatCopiesDiffer() {
        return fatCopiesDiffer;
    }

    private FatVolume(FatBootSector bootSector, FatTableCheck.Result tableCheck, FatFileSystem fs) {
        this.bootSector = bootSector;
        this.tableCheck = tableCheck;
        this.fs = fs;
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
            copiesDiffer = !java.util.Arrays.equals(fat, other);
        }
        if (!check.problems().isEmpty()) {
            throw new FatChainException(String.join("; ", check.problems()));
        }
        FatScan scan = FatScan.scan(bs, fat, start, disk::readFully);
        if (!scan.problems().isEmpty()) {
            throw new FatChainException(String.join("; ", scan.problems()));
        }
        FatFileSystem fs;
        PartitionBlockDevice device = new PartitionBlockDevice(disk, start, bs.volumeBytes()).mirrorFirstFat(bs);
        device.limitReads(Math.max(64L << 20, 2 * bs.volumeBytes()));
        try {
            fs = FatFileSystem.read(device, true);
        } catch (IOException | RuntimeException e) {
            SourceFailures.rethrowIfFatal(e);
            throw new FatFormatException("the FAT library could not read it (" + e.getMessage() + ")", e);
        }
        FatVolume v = new FatVolume(bs, check, fs);
        v.fatCopiesDiffer = copiesDiffer;
        v.crossLinks = scan.crossLinks();
        v.walk();
        device.limitReads(Long.MAX_VALUE);
        return v;
    }

    /** The cluster chain problems found by {@link FatTableCheck}: the volume is unusable. */
    public static final class FatChainException extends FatFormatException {
        public FatChainException(String message) {
            super(message);
        }
    }

    private void walk() throws IOException {
        try {
            walk(fs.getRoot(), "", 0);
        } catch (RuntimeException e) {
            SourceFailures.rethrowIfFatal(e);
            problems.add("the root directory could not be read (" + e.getMessage() + ")");
        }
    }

    private void walk(FsDirectory dir, String prefix, int depth) {
        if (depth > MAX_DEPTH) {
            problems.add("directory " + prefix + " is nested deeper than " + MAX_DEPTH + " levels (a loop?)");
            return;
        }
        List<FsDirectoryEntry> subdirs = new ArrayList<>();
        try {
            for (FsDirectoryEntry e : dir) {
                if (byPath.size() >= MAX_ENTRIES) {
                    problems.add("more than " + MAX_ENTRIES + " entries; the rest were not listed");
                    return;
                }
                String name = e.getName();
                if (name.equals(".") || name.equals("..") || name.isEmpty()) {
                    continue;
                }
                String path = prefix + name;
                byPath.put(path.toLowerCase(Locale.ROOT), e);
                if (e.isDirectory()) {
                    subdirs.add(e);
                } else if (e.isFile()) {
                    files.add(new BootFile(path, e.getFile().getLength()));
                }
            }
        } catch (IOException | RuntimeException e) {
            SourceFailures.rethrowIfFatal(e);
            problems.add("directory /" + prefix + " could not be read (" + e.getMessage() + ")");
            return;
        }
        for (FsDirectoryEntry d : subdirs) {
            String path = prefix + d.getName() + "/";
            try {
                walk(d.getDirectory(), path, depth + 1);
            } catch (IOException | RuntimeException e) {
                SourceFailures.rethrowIfFatal(e);
                problems.add("directory /" + path + " could not be read (" + e.getMessage() + ")");
            }
        }
    }

    public FatBootSector bootSector() {
        return bootSector;
    }

    public FatTableCheck.Result tableCheck() {
        return tableCheck;
    }

    /** Free space from the count of free FAT entries (fat32-lib reports none for read-only volumes). */
    public long freeBytes() {
        return tableCheck.freeClusters() * bootSector.sectorsPerCluster() * bootSector.bytesPerSector();
    }

    @Override
    public String label() {
        String l = fs.getVolumeLabel();
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
        return List.copyOf(problems);
    }

    @Override
    public byte[] read(String path, int maxBytes) throws IOException {
        String key = (path.startsWith("/") ? path.substring(1) : path).toLowerCase(Locale.ROOT);
        FsDirectoryEntry e = byPath.get(key);
        if (e == null || !e.isFile()) {
            return null;
        }
        try {
            FsFile f = e.getFile();
            long len = f.getLength();
            if (len > maxBytes) {
                throw new IOException(path + " is " + len + " bytes, more than the " + maxBytes + " expected");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) len);
            f.read(0, buf);
            return buf.array();
        } catch (RuntimeException ex) {
            throw new IOException(path + " could not be read (" + ex.getMessage() + ")", ex);
        }
    }
}
