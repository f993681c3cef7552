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

    PartitionBlockDevice(ByteSource disk, long start, long size) {
        this.disk = disk;
        this.start = start;
        this.size = size;
    }

    @Override
    public long getSize() {
        return size;
    }

    @Override
    public void read(long devOffset, ByteBuffer dest) throws IOException {
        int len = dest.remaining();
        if (devOffset < 0 || devOffset + len > size) {
            throw new EOFException("read of " + len + " bytes at " + devOffset + " is outside the partition");
        }
        byte[] buf;
        try {
            buf = disk.readFully(start + devOffset, len);
        } catch (EOFException | CorruptStreamException e) {
            throw e;
        } catch (IOException e) {
            throw new MediumReadException("Reading " + disk.name() + " at byte " + (start + devOffset) + " failed: "
                    + e.getMessage(), e);
        }
        dest.put(buf);
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
