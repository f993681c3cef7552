package dev.preflight.core.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** A raw image file or block device read through positional channel reads, within the budget's deadline. */
final class FileByteSource implements ByteSource {
    private final String name;
    private final FileChannel channel;
    private final long size;
    private final ReadBudget budget;

    FileByteSource(String name, FileChannel channel, long size, ReadBudget budget) {
        this.name = name;
        this.channel = channel;
        this.size = size;
        this.budget = budget;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(long position, byte[] buf, int off, int len) throws IOException {
        if (position < 0) {
            throw new IOException("negative position " + position);
        }
        budget.checkTime(name);
        if (size >= 0) {
            if (position >= size) {
                return -1;
            }
            len = (int) Math.min(len, size - position);
        }
        if (len == 0) {
            return 0;
        }
        return channel.read(ByteBuffer.wrap(buf, off, len), position);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
