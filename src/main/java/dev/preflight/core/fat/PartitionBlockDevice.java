package dev.preflight.core.fat;

import de.waldheinz.fs.BlockDevice;
import de.waldheinz.fs.ReadOnlyException;
import dev.preflight.core.image.ByteSource;
import dev.preflight.core.image.CorruptStreamException;
import dev.preflight.core.image.MediumReadException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A read-only window of a disk, in the shape fat32-lib wants. */
final class PartitionBlockDevice implements BlockDevice {
    private final ByteSource disk;
    private final long start;
    private final long size;
    private boolean closed;
    private long fatStart;
    private long fatBytes;
    private int fatCount = 1;
    private long fsInfoFreeCount = -1;
    private byte[] reservedEntries = new byte[0];
    private long budget = Long.MAX_VALUE;
    private long used;

    /**
     * Caps how many bytes may be read until the next call: directory trees that loop back on
     * themselves (possible on a corrupt FAT even when no cluster chain loops) would otherwise make
     * the walk read the same clusters for ever.
     */
    void limitReads(long bytes) {
        this.budget = bytes;
        this.used = 0;
    }
    PartitionBlockDevice(ByteSource disk, long start, long size) {
        this.disk = disk;
        this.start = start;
        this.size = size;
    }

    /**
     * Serves every FAT copy from the first one, as Linux and fsck.fat use the first FAT. fat32-lib
     * refuses volumes whose copies differ, which a write interrupted between the copies leaves.
     */
    PartitionBlockDevice mirrorFirstFat(FatBootSector bs) {
        this.fatStart = bs.fatOffsetBytes();
        this.fatBytes = bs.fatSectors() * bs.bytesPerSector();
        this.fatCount = bs.fatCount();
        // FAT[0] and FAT[1] hold the media byte and flags, not links. fat32-lib follows a chain into cluster 0
        // when an entry points at a free cluster; presenting both as end-of-chain markers stops it there.
        switch (bs.kind()) {
            case FAT12:
                reservedEntries = new byte[] {(byte) 0xF8, (byte) 0xFF, (byte) 0xFF};
                break;
            case FAT16:
                reservedEntries = new byte[] {(byte) 0xF8, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
                break;
            default:
                reservedEntries = new byte[] {(byte) 0xF8, (byte) 0xFF, (byte) 0xFF, 0x0F, (byte) 0xFF, (byte) 0xFF,
                        (byte) 0xFF, 0x0F};
        }
        if (bs.fsInfoSector() > 0) {
            // FSInfo's free count is only a hint (FAT spec §5); fat32-lib rejects one below the FAT's real count
            // (and reads "unknown", 0xFFFFFFFF, as -1), so present a count no volume reaches: 0x0FFFFFFF.
            this.fsInfoFreeCount = (long) bs.fsInfoSector() * bs.bytesPerSector() + 488;
        }
        return this;
    }

    private long mapped(long devOffset) {
        if (fatCount > 1 && devOffset >= fatStart + fatBytes && devOffset < fatStart + fatBytes * fatCount) {
            return fatStart + (devOffset - fatStart) % fatBytes;
        }
        return devOffset;
    }

    private long runLength(long devOffset, long len) {
        long end = devOffset + len;
        long[] bounds = new long[fatCount + 1];
        for (int i = 0; i <= fatCount; i++) {
            bounds[i] = fatStart + fatBytes * i;
        }
        for (long b : bounds) {
            if (b > devOffset && b < end) {
                end = b;
            }
        }
        return end - devOffset;
    }

    @Override
    public long getSize() {
        return size;
    }

    @Override
    public void read(long devOffset, ByteBuffer dest) throws IOException {
        int len = dest.remaining();
        used += len;
        if (used > budget) {
            throw new IOException("reading the directory tree needed more than " + (budget >> 20)
                    + " MiB; its directories loop");
        }
        if (devOffset < 0 || devOffset + len > size) {
            throw new EOFException("read of " + len + " bytes at " + devOffset + " is outside the partition");
        }
        long off = devOffset;
        long remaining = len;
        while (remaining > 0) {
            int n = (int) runLength(off, remaining);
            byte[] buf;
            try {
                buf = disk.readFully(start + mapped(off), n);
            } catch (EOFException | CorruptStreamException e) {
                throw e;
            } catch (IOException e) {
                throw new MediumReadException("Reading " + disk.name() + " at byte " + (start + off) + " failed: "
                        + e.getMessage(), e);
            }
            long mappedOff = mapped(off);
            for (int i = 0; i < reservedEntries.length; i++) {
                long at = fatStart + i - mappedOff;
                if (fatBytes > 0 && at >= 0 && at < n) {
                    buf[(int) at] = reservedEntries[i];
                }
            }
            for (int i = 0; i < 4; i++) {
                long at = fsInfoFreeCount + i - off;
                if (fsInfoFreeCount >= 0 && at >= 0 && at < n) {
                    buf[(int) at] = (byte) (i == 3 ? 0x0F : 0xFF);
                }
            }
            dest.put(buf);
            off += n;
            remaining -= n;
        }
    }

    @Override
    public void write(long devOffset, ByteBuffer src) throws ReadOnlyException {
        throw new ReadOnlyException();
    }

    @Override
    public void flush() {
        // read-only
    }

    @Override
    public int getSectorSize() {
        return 512;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isReadOnly() {
        return true;
    }
}
