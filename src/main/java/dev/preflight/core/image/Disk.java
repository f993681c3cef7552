package dev.preflight.core.image;

import java.io.Closeable;
import java.io.EOFException;
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

    /**
     * Writes through {@code ch} (flushed by {@link #force}); reads through {@code medium}, from the card
     * itself rather than the page cache where the OS allows it.
     */
    static Disk of(FileChannel ch, MediumReader medium) {
        Disk writes = of(ch, medium.size());
        return new Disk() {
            @Override
            public void read(long position, byte[] buf) throws IOException {
                int done = 0;
                while (done < buf.length) {
                    int n = medium.read(position + done, buf, done, buf.length - done);
                    if (n < 0) {
                        throw new EOFException("end of disk at byte " + (position + done));
                    }
                    done += n;
                }
            }

            @Override
            public void write(long position, byte[] buf) throws IOException {
                writes.write(position, buf);
            }

            @Override
            public void force() throws IOException {
                writes.force();
            }

            @Override
            public long size() {
                return medium.size();
            }

            @Override
            public void close() throws IOException {
                medium.close();
                ch.close();
            }
        };
    }

    static Disk of(FileChannel ch, long size) {
        return new Disk() {
            @Override
            public void read(long position, byte[] buf) throws IOException {
                ByteBuffer b = ByteBuffer.wrap(buf);
                long p = position;
                while (b.hasRemaining()) {
                    int n = ch.read(b, p);
                    if (n < 0) {
                        throw new EOFException("end of disk at byte " + p);
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
