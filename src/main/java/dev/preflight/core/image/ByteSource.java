package dev.preflight.core.image;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;

/**
 * Read-only, position-addressed bytes of a disk: an image file, a decompressing stream or a
 * block device. Implementations are not thread-safe.
 */
public interface ByteSource extends Closeable {

    /** What to call this source in messages: the path the user gave. */
    String name();

    /** Size in bytes, or -1 while unknown (a compressed stream that was not read to its end). */
    long size();

    /**
     * Reads up to {@code len} bytes at {@code position}.
     *
     * @return the number of bytes read, or -1 when {@code position} is at or past the end
     */
    int read(long position, byte[] buf, int off, int len) throws IOException;

    /**
     * {@code owned} lent to someone who must not close it: the view's {@link #close()} does nothing, the
     * owner closes the source when it is done.
     */
    static ByteSource borrowed(ByteSource owned) {
        return new ByteSource() {
            @Override
            public String name() {
                return owned.name();
            }

            @Override
            public long size() {
                return owned.size();
            }

            @Override
            public int read(long position, byte[] buf, int off, int len) throws IOException {
                return owned.read(position, buf, off, len);
            }

            @Override
            public void close() {
                // the owner closes it
            }
        };
    }

    /** Reads exactly {@code len} bytes or throws {@link EOFException}. */
    default byte[] readFully(long position, int len) throws IOException {
        byte[] out = new byte[len];
        int done = 0;
        while (done < len) {
            int n = read(position + done, out, done, len - done);
            if (n < 0) {
                throw new EOFException(name() + " ends at byte " + (position + done)
                        + ", before the " + len + " bytes wanted at " + position);
            }
            done += n;
        }
        return out;
    }

    /**
     * What is known to be missing from this source (a compressed file cut short), as a clause that
     * follows its name ("ends in the middle of its compressed data ..."), or null when nothing is
     * known to be missing. Known once the cut was read, or from the container's structure.
     */
    default String truncation() {
        return null;
    }

    /** Whether reading far into the source is cheap (raw file, device, seekable xz). */
    default boolean randomAccess() {
        return true;
    }
}
