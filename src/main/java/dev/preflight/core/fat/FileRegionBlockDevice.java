package dev.preflight.core.fat;

import de.waldheinz.fs.BlockDevice;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** A writable window (one partition) of an image file, for fat32-lib. */
public final class FileRegionBlockDevice implements BlockDevice {
    private final FileChannel channel;
    private final long start;
    private final long size;
    private boolean closed;

    public FileRegionBlockDevice(FileChannel channel, long start, long size) {
        this.channel = channel;
        this.start = start;
        this.size = size;
    }

    @Override
    public long getSize() {
        return size;
    }

    @Override
    public void read(long devOffset, ByteBuffer dest) throws IOException {
        check(devOffset, dest.remaining());
        long pos = start + devOffset;
        while (dest.hasRemaining()) {
            int n = channel.read(dest, pos);
            if (n < 0) {
                // sparse tail of a file that was never written: zeros
                while (dest.hasRemaining()) {
                    dest.put((byte) 0);
                }
                return;
            }
            pos += n;
        }
    }

    @Override
    public void write(long devOffset, ByteBuffer src) throws IOException {
        check(devOffset, src.remaining());
        long pos = start + devOffset;
        while (src.hasRemaining()) {
            pos += channel.write(src, pos);
        }
    }

    private void check(long off, int len) throws EOFException {
        if (off < 0 || off + len > size) {
            throw new EOFException("access of " + len + " bytes at " + off + " is outside the partition");
        }
    }

    @Override
    public void flush() throws IOException {
        channel.force(false);
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
        return false;
    }
}
