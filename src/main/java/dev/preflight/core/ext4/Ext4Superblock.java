package dev.preflight.core.ext4;

import static dev.preflight.core.partition.Le.u16;
import static dev.preflight.core.partition.Le.u32;
import static dev.preflight.core.partition.Le.u64;
import static dev.preflight.core.partition.Le.u8;

import dev.preflight.core.image.ByteSource;
import dev.preflight.core.partition.Le;
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

    public static Ext4Superblock parse(byte[] sb) {
        if (u16(sb, 0x38) != MAGIC) {
            return null;
        }
        long logBlock = u32(sb, 0x18);
        if (logBlock > 6) {
            return null; // block sizes above 64 KiB do not exist
        }
        long incompat = u32(sb, 0x60);
        boolean is64 = (incompat & INCOMPAT_64BIT) != 0;
        long blocks = u32(sb, 0x04) | (is64 ? u32(sb, 0x150) << 32 : 0);
        long free = u32(sb, 0x0C) | (is64 ? u32(sb, 0x158) << 32 : 0);
        String label = new String(sb, 0x78, 16, StandardCharsets.ISO_8859_1);
        int nul = label.indexOf('\0');
        label = (nul >= 0 ? label.substring(0, nul) : label).trim();
        String func = new String(sb, 0x1E0, 32, StandardCharsets.ISO_8859_1);
        nul = func.indexOf('\0');
        func = (nul >= 0 ? func.substring(0, nul) : func).trim();
        return new Ext4Superblock(label, uuid(sb), 1024L << logBlock, blocks, free, u32(sb, 0x00), u32(sb, 0x10),
                u16(sb, 0x3A), (incompat & INCOMPAT_RECOVER) != 0, (u32(sb, 0x5C) & 0x4) != 0, u64(sb, 0x178),
                u32(sb, 0x194), time(sb, 0x198, 0x278), time(sb, 0x1CC, 0x279), func.isEmpty() ? null : func,
                u16(sb, 0x34), (short) u16(sb, 0x36), time(sb, 0x2C, 0x275), time(sb, 0x30, 0x274));
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
        return Le.allZero(sb, 0x68, 16) ? null : s.toString();
    }
}
