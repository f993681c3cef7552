package dev.preflight.core.image;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/** The read loop of the sources that hold their bytes in cached blocks of one size (decoded or read aligned). */
final class Blocks {
    private Blocks() {
    }

    /** A cache of blocks by index that drops the least recently used beyond {@code maxBlocks}. */
    static Map<Long, byte[]> lru(int maxBlocks) {
        return new LinkedHashMap<>(Math.min(maxBlocks, 256), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
                return size() > maxBlocks;
            }
        };
    }

    /** Gives block {@code index}, loading it when it is not cached; shorter than a block at the end. */
    interface Loader {
        byte[] block(long index) throws IOException;
    }

    /**
     * Copies up to {@code len} bytes at {@code position} out of the blocks; -1 when the first block holds
     * nothing there. {@code end} (-1: unknown) is asked after each block is loaded, since loading may find
     * the end, and cuts a block that reaches past it.
     */
    static int copy(int blockSize, Loader blocks, LongSupplier end, long position, byte[] buf, int off, int len)
            throws IOException {
        int done = 0;
        while (done < len) {
            long p = position + done;
            long index = p / blockSize;
            byte[] block = blocks.block(index);
            int within = (int) (p - index * blockSize);
            long size = end.getAsLong();
            int length = size < 0 ? block.length
                    : (int) Math.min(block.length, Math.max(0, size - index * blockSize));
            int n = Math.min(length - within, len - done);
            if (n <= 0) {
                break;
            }
            System.arraycopy(block, within, buf, off + done, n);
            done += n;
        }
        return done == 0 ? -1 : done;
    }
}
