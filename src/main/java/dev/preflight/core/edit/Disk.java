package dev.preflight.core.edit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positional read/write access to an image file or block device, for the write protocol. */
public interface Disk extends Closeable {
    void read(long position, byte[] buf) throws IOException;

    /** Writes all of {@code buf} at {@code position}; one call is one unit in the fault model. */
    void write(long position, byte[] buf) throws IOException;

    /** Flushes to the medium (fsync). */
    void force() throws IOException;

    long size() throws IOException;

    static Disk of(FileChannel ch, long size) {
        return new Disk() {
            @Override
            public void read(long position, byte[] buf) throws IOException {
                ByteBuffer b = ByteBuffer.wrap(buf);
                long p = position;
                while (b.hasRemaining()) {
                    int n = ch.read(b, p);
                    if (n < 0) {
                        throw new java.io.EOFException("end of disk at byte " + p);
                    }
                    p += n;
                }
            }

            @Override
            public void write(long position, byte[] buf) throws IOException {
                ByteBuffer b = ByteBuffer.wrap(buf);
                long p = position;
                while (b.hasRemaining()) {
                    p += ch.write(b, p);
                }
            }

            @Override
            public void force() throws IOException {
                ch.force(true);
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }
}
