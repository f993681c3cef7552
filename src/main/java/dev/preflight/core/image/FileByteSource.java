package dev.preflight.core.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** A raw image file or block device read through positional channel reads, within the budget's deadline. */
final class FileByteSource extends PositionalSource {
    private final FileChannel channel;
    private final long size;

    FileByteSource(String name, FileChannel channel, long size, ReadBudget budget) {
        super(name, budget);
        this.channel = channel;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    int readWithin(long position, byte[] buf, int off, int len) throws IOException {
        return channel.read(ByteBuffer.wrap(buf, off, len), position);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
