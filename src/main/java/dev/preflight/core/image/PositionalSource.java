package dev.preflight.core.image;

import java.io.IOException;

/**
 * The read contract of {@link ByteSource}, kept once for the sources that read their own bytes (files,
 * devices, decompressing streams): a negative position is an error, a read at or past the end is -1, a
 * read is cut at the end when the size is known, and each read first checks the budget's deadline.
 * Subclasses read only positions inside the source.
 */
abstract class PositionalSource implements ByteSource {
    private final String name;
    private final ReadBudget budget;

    /** {@code budget} null: no deadline (reading back from a medium what was just written). */
    PositionalSource(String name, ReadBudget budget) {
        this.name = name;
        this.budget = budget;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int read(long position, byte[] buf, int off, int len) throws IOException {
        if (position < 0) {
            throw new IOException("negative position " + position);
        }
        if (budget != null) {
            budget.checkTime(name);
        }
        long size = size();
        if (size >= 0) {
            if (position >= size) {
                return -1;
            }
            len = (int) Math.min(len, size - position);
        }
        if (len == 0) {
            return 0;
        }
        return readWithin(position, buf, off, len);
    }

    /**
     * Reads up to {@code len} (at least 1) bytes at {@code position}, which is before the end when the size
     * is known; -1 when the source ends there.
     */
    abstract int readWithin(long position, byte[] buf, int off, int len) throws IOException;
}
