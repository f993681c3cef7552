package dev.preflight.core.image;

import dev.preflight.core.task.CancellationToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Random access over a decompressing stream without a temporary copy. Blocks that were asked
 * for are kept in a bounded LRU cache; data between them is decompressed and dropped. A read
 * behind the stream's position restarts (or, for seekable containers, seeks) the stream. Memory
 * use is bounded by the cache size whatever the image size.
 */
final class StreamingByteSource implements ByteSource {
    static final int BLOCK = 64 * 1024;
    private static final byte[] ZERO_BLOCK = new byte[BLOCK];
    private static final int SKIP_CHUNK = 1 << 20;

    private final String name;
    private final Rewindable decoder;
    private final CancellationToken cancel;
    private final Map<Long, byte[]> cache;
    private final byte[] scratch = new byte[BLOCK];
    private InputStream in;
    private long streamPos;
    private long size;

    StreamingByteSource(String name, Rewindable decoder, CancellationToken cancel, long cacheBytes) {
        this.name = name;
        this.decoder = decoder;
        this.cancel = cancel;
        this.size = decoder.knownSize();
        int maxBlocks = (int) Math.max(16, cacheBytes / BLOCK);
        this.cache = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
                return size() > maxBlocks;
            }
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public boolean randomAccess() {
        return decoder.seekable();
    }

    @Override
    public int read(long position, byte[] buf, int off, int len) throws IOException {
        if (position < 0) {
            throw new IOException("negative position " + position);
        }
        if (size >= 0 && position >= size) {
            return -1;
        }
        int done = 0;
        while (done < len) {
            long p = position + done;
            long index = p / BLOCK;
            byte[] block = block(index);
            int within = (int) (p - index * BLOCK);
            int available = blockLength(index, block) - within;
            if (available <= 0) {
                break;
            }
            int n = Math.min(available, len - done);
            System.arraycopy(block, within, buf, off + done, n);
            done += n;
        }
        return done == 0 ? -1 : done;
    }

    private int blockLength(long index, byte[] block) {
        if (size >= 0) {
            return (int) Math.min(BLOCK, Math.max(0, size - index * BLOCK));
        }
        return block.length;
    }

    private byte[] block(long index) throws IOException {
        byte[] cached = cache.get(index);
        if (cached != null) {
            return cached;
        }
        long start = index * BLOCK;
        boolean farAhead = decoder.seekable() && start - streamPos > 4L * BLOCK;
        if (in == null || start < streamPos || farAhead) {
            if (in != null) {
                in.close();
            }
            in = decoder.streamAt(start);
            streamPos = decoder.streamStart();
        }
        int n;
        try {
            skipTo(start);
            n = in.readNBytes(scratch, 0, BLOCK);
        } catch (IOException e) {
            throw new CorruptStreamException(name + " is corrupt or truncated: decompressing failed near byte "
                    + streamPos + " of the image (" + e.getMessage() + ")", e);
        }
        streamPos += n;
        if (n < BLOCK) {
            size = start + n;
        }
        if (n == 0) {
            return ZERO_BLOCK;
        }
        byte[] block = isZero(scratch, n) && n == BLOCK ? ZERO_BLOCK : Arrays.copyOf(scratch, n);
        cache.put(index, block);
        return block;
    }

    private void skipTo(long target) throws IOException {
        while (streamPos < target) {
            cancel.throwIfCancelled();
            int want = (int) Math.min(SKIP_CHUNK, target - streamPos);
            long skipped = 0;
            while (skipped < want) {
                int n = in.read(scratch, 0, (int) Math.min(scratch.length, want - skipped));
                if (n < 0) {
                    size = streamPos + skipped;
                    streamPos += skipped;
                    return;
                }
                skipped += n;
            }
            streamPos += skipped;
        }
    }

    private static boolean isZero(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        try {
            if (in != null) {
                in.close();
            }
        } finally {
            decoder.close();
        }
    }
}
