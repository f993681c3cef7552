package dev.preflight.support;

import dev.preflight.core.image.Disk;
import java.io.IOException;

/** A disk that hands every call to another; a simulated card overrides the calls it answers differently. */
public class ForwardingDisk implements Disk {
    protected final Disk inner;

    public ForwardingDisk(Disk inner) {
        this.inner = inner;
    }

    @Override
    public void read(long position, byte[] buf) throws IOException {
        inner.read(position, buf);
    }

    @Override
    public void write(long position, byte[] buf) throws IOException {
        inner.write(position, buf);
    }

    @Override
    public void force() throws IOException {
        inner.force();
    }

    @Override
    public long size() throws IOException {
        return inner.size();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
