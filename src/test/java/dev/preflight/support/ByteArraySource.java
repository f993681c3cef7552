package dev.preflight.support;

import dev.preflight.core.image.ByteSource;

/** An in-memory disk for fuzz and unit tests. */
public class ByteArraySource implements ByteSource {
    private final byte[] data;
    private final String name;

    public ByteArraySource(String name, byte[] data) {
        this.name = name;
        this.data = data;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return data.length;
    }

    @Override
    public int read(long position, byte[] buf, int off, int len) {
        if (position >= data.length) {
            return -1;
        }
        int n = (int) Math.min(len, data.length - position);
        System.arraycopy(data, (int) position, buf, off, n);
        return n;
    }

    @Override
    public void close() {
    }
}
