package dev.preflight.core.image;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads an image or card from the medium, not from the operating system's page cache: the file is
 * opened with {@code O_DIRECT} ({@link ExtendedOpenOption#DIRECT}) and read in aligned blocks. A
 * read-back through the cache would return what was just written even if the card dropped it, and a
 * second handle on a block device shares that cache. Where the OS or file system refuses direct I/O
 * (tmpfs, some platforms), reads fall back to the cache and {@link #direct()} says so.
 */
public final class MediumReader extends PositionalSource {
    /** Alignment that satisfies 512-byte and 4 KiB logical sectors. */
    static final int ALIGN = 4096;
    private static final int CHUNK = 1 << 20;

    private final FileChannel ch;
    private final boolean direct;
    private final long size;
    private ByteBuffer buffer;

    private MediumReader(String name, FileChannel ch, boolean direct, long size) {
        super(name, null);
        this.ch = ch;
        this.direct = direct;
        this.size = size;
    }

    /** Opens {@code path} for reading from the medium; {@code size} is the disk's size in bytes. */
    public static MediumReader open(Path path, long size) throws IOException {
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, ExtendedOpenOption.DIRECT);
            return new MediumReader(path.toString(), ch, true, size);
        } catch (UnsupportedOperationException | IOException e) {
            return new MediumReader(path.toString(), FileChannel.open(path, StandardOpenOption.READ), false, size);
        }
    }

    /** Opens {@code path} for reading through the page cache (image files, whose cache is the file). */
    public static MediumReader openCached(Path path, long size) throws IOException {
        return new MediumReader(path.toString(), FileChannel.open(path, StandardOpenOption.READ), false, size);
    }

    /** Whether reads bypass the page cache. */
    public boolean direct() {
        return direct;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    int readWithin(long position, byte[] buf, int off, int len) throws IOException {
        if (!direct) {
            return ch.read(ByteBuffer.wrap(buf, off, len), position);
        }
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(CHUNK + ALIGN).alignedSlice(ALIGN);
        }
        int done = 0;
        while (done < len) {
            long pos = position + done;
            long alignedStart = pos / ALIGN * ALIGN;
            int skip = (int) (pos - alignedStart);
            int want = (int) Math.min(CHUNK, ((long) skip + (len - done) + ALIGN - 1) / ALIGN * ALIGN);
            buffer.clear().limit(want);
            int got = 0;
            while (buffer.hasRemaining()) {
                int n = ch.read(buffer, alignedStart + got);
                if (n <= 0) {
                    break;
                }
                got += n;
            }
            if (got <= skip) {
                return done == 0 ? -1 : done;
            }
            int take = Math.min(got - skip, len - done);
            buffer.position(skip).limit(skip + take);
            buffer.get(buf, off + done, take);
            done += take;
        }
        return done;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
