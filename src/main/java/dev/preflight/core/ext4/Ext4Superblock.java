package dev.preflight.core.ext4;

import static dev.preflight.core.bytes.LittleEndian.u16;
import static dev.preflight.core.bytes.LittleEndian.u32;
import static dev.preflight.core.bytes.LittleEndian.u64;
import static dev.preflight.core.bytes.LittleEndian.u8;

import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.image.ByteSource;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The health and wear fields of an ext2/3/4 superblock (Linux Documentation/filesystems/ext4/
 * super.rst; e2fsprogs lib/ext2fs/ext2_fs.h). The superblock is 1024 bytes at byte 1024 of the
 * partition, little-endian.
 */
public record Ext4Superblock(String label, String uuid, long blockSize, long blocksCount, long freeBlocks,
                             long inodesCount, long freeInodes, int state, boolean recoverNeeded,
                             boolean hasJournal, long kbytesWritten, long errorCount, Instant firstErrorTime,
                             Instant lastErrorTime, String lastErrorFunction, int mountCount, int maxMountCount,
                             Instant lastMount, Instant lastWrite) {

    public static final int MAGIC = 0xEF53;
    static final long INCOMPAT_RECOVER = 0x4;
    static final long INCOMPAT_64BIT = 0x80;

    public long sizeBytes() {
        return blocksCount * blockSize;
    }

    public long freeBytes() {
        return freeBlocks * blockSize;
    }

    public boolean cleanlyUnmounted() {
        return (state & 0x1) != 0 && !recoverNeeded;
    }

    public boolean errorsRecorded() {
        return (state & 0x2) != 0 || errorCount > 0 || firstErrorTime != null || lastErrorTime != null;
    }

    /** Reads the superblock of the partition at {@code start}; null when there is no ext magic. */
    public static Ext4Superblock read(ByteSource disk, long start) throws IOException {
        byte[] sb;
        try {
            sb = disk.readFully(start + 1024, 1024);
        } catch (EOFException e) {
            return null;
        }
        return parse(sb);
    }

    /** The superblock, or null when there is no ext magic or its values are impossible (see {@link #check}). */
    public static Ext4Superblock parse(byte[] sb) {
        return check(sb, -1).superblock();
    }

    /**
     * What a superblock says: {@code superblock} when it is ext and every value Preflight reports is
     * possible; {@code problem} (a clause) when the magic is there but a value is not; both null when
     * there is no ext magic.
     */
    public record Parsed(Ext4Superblock superblock, String problem) {
    }

    /** Largest file system believed (1 PiB): beyond it a count is garbage, and bytes would overflow. */
    public static final long MAX_BYTES = 1L << 50;
    /** Largest s_kbytes_written believed (16 PiB written: thousands of times what any card survives). */
    public static final long MAX_KBYTES_WRITTEN = 1L << 44;
    /** Timestamps after this are garbage (the field reaches 2446). */
    static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    /**
     * Parses and range-checks a superblock against e2fsprogs' own sanity rules where they apply
     * (lib/ext2fs/openfs.c): block size at most 64 KiB, free counts within totals, a size that fits
     * the partition ({@code partitionBytes}, or -1 when not known).
     */
    public static Parsed check(byte[] sb, long partitionBytes) {
        if (u16(sb, 0x38) != MAGIC) {
            return new Parsed(null, null);
        }
        long logBlock = u32(sb, 0x18);
        if (logBlock > 6) {
            return new Parsed(null, "its block size is 2^" + (10 + logBlock) + " bytes; ext4 allows at most 64 KiB");
        }
        long blockSize = 1024L << logBlock;
        long incompat = u32(sb, 0x60);
        boolean is64 = (incompat & INCOMPAT_64BIT) != 0;
        long blocks = u32(sb, 0x04) | (is64 ? u32(sb, 0x150) << 32 : 0);
        long free = u32(sb, 0x0C) | (is64 ? u32(sb, 0x158) << 32 : 0);
        long inodes = u32(sb, 0x00);
        long freeInodes = u32(sb, 0x10);
        long written = u64(sb, 0x178);
        String problem = null;
        if (blocks <= 0 || blocks > MAX_BYTES / blockSize) {
            problem = "it counts " + Long.toUnsignedString(blocks) + " blocks of " + blockSize + " bytes";
        } else if (partitionBytes >= 0 && blocks * blockSize > partitionBytes) {
            problem = "it spans " + blocks * blockSize + " bytes but its partition has only " + partitionBytes;
        } else if (free < 0 || free > blocks) {
            problem = "it counts " + Long.toUnsignedString(free) + " free blocks of " + blocks;
        } else if (freeInodes > inodes) {
            problem = "it counts " + freeInodes + " free inodes of " + inodes;
        } else if (written < 0 || written > MAX_KBYTES_WRITTEN) {
            problem = "it records " + Long.toUnsignedString(written) + " KiB written in its lifetime";
        }
        Instant[] times = {time(sb, 0x198, 0x278), time(sb, 0x1CC, 0x279), time(sb, 0x2C, 0x275), time(sb, 0x30, 0x274)};
        for (Instant t : times) {
            if (problem == null && t != null && t.isAfter(LATEST)) {
                problem = "it holds a timestamp in " + t.toString().substring(0, 4);
            }
        }
        if (problem != null) {
            return new Parsed(null, problem);
        }
        String label = text(sb, 0x78, 16);
        String func = text(sb, 0x1E0, 32);
        return new Parsed(new Ext4Superblock(label, uuid(sb), blockSize, blocks, free, inodes, freeInodes,
                u16(sb, 0x3A), (incompat & INCOMPAT_RECOVER) != 0, (u32(sb, 0x5C) & 0x4) != 0, written,
                u32(sb, 0x194), times[0], times[1], func.isEmpty() ? null : func,
                u16(sb, 0x34), (short) u16(sb, 0x36), times[2], times[3]), null);
    }

    private static String text(byte[] sb, int off, int len) {
        String s = new String(sb, off, len, StandardCharsets.ISO_8859_1);
        int nul = s.indexOf('\0');
        return (nul >= 0 ? s.substring(0, nul) : s).trim();
    }

    private static Instant time(byte[] sb, int lo, int hi) {
        long t = u32(sb, lo) | ((long) u8(sb, hi)) << 32;
        return t == 0 ? null : Instant.ofEpochSecond(t);
    }

    private static String uuid(byte[] sb) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                s.append('-');
            }
            s.append(String.format("%02x", sb[0x68 + i]));
        }
        return LittleEndian.allZero(sb, 0x68, 16) ? null : s.toString();
    }
}
