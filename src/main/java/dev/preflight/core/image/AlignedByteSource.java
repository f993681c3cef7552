package dev.preflight.core.image;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * Reads a raw device only in whole, aligned blocks. Windows (\\.\PhysicalDriveN) and macOS raw
 * devices (/dev/rdiskN) reject reads that are not sector-aligned; on Linux it simply turns many
 * small reads into a few large ones. A small LRU keeps recent blocks.
 */
final class AlignedByteSource implements ByteSource {
    static final int BLOCK = 64 * 1024;
    private static final int MAX_BLOCKS = 64;

    private final ByteSource device;
    private final Map<Long, byte[]> cache = Blocks.lru(MAX_BLOCKS);

    AlignedByteSource(ByteSource device) {
        this.device = device;
    }

    @Override
    public String name() {
        return device.name();
    }

    @Override
    public long size() {
        return device.size();
    }

    @Override
    public int read(long position, byte[] buf, int off, int len) throws IOException {
        return Blocks.copy(BLOCK, this::block, () -> -1, position, buf, off, len);
    }

    private byte[] block(long index) throws IOException {
        byte[] b = cache.get(index);
        if (b != null) {
            return b;
        }
        byte[] buf = new byte[BLOCK];
        int filled = 0;
        while (filled < BLOCK) {
            int n = device.read(index * BLOCK + filled, buf, filled, BLOCK - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        b = filled == BLOCK ? buf : Arrays.copyOf(buf, filled);
        cache.put(index, b);
        return b;
    }

    @Override
    public void close() throws IOException {
        device.close();
    }
}
