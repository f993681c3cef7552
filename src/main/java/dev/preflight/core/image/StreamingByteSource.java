package dev.preflight.core.image;

import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import org.tukaani.xz.MemoryLimitException;

/**
 * Random access over a decompressing stream without a temporary copy. Blocks that were asked
 * for are kept in a bounded LRU cache; data between them is decompressed and dropped. A read
 * behind the stream's position restarts (or, for seekable containers, seeks) the stream. Memory
 * use is bounded by the cache size whatever the image size; every decompressed byte is charged to
 * the {@link ReadBudget}.
 *
 * <p>The size is only ever what the stream showed: known from the container, or found when the
 * stream ended; a read past the end never moves it. A stream that runs out of compressed data
 * early (or ends before the size its container records) is {@link #truncation() truncated}: what
 * was decoded stays readable and the rest reads as the end of the image.
 */
final class StreamingByteSource extends PositionalSource {
    static final int BLOCK = 64 * 1024;
    private static final byte[] ZERO_BLOCK = new byte[BLOCK];

    private final Rewindable decoder;
    private final CancellationToken cancel;
    private final ReadBudget budget;
    private final HeapAllowance.Reservation memory;
    private final Map<Long, byte[]> cache;
    private final byte[] scratch = new byte[BLOCK];
    private InputStream in;
    private long streamPos;
    private long size;
    private String damage;
    private boolean damageProven;

    StreamingByteSource(String name, Rewindable decoder, CancellationToken cancel, ReadBudget budget,
                        HeapAllowance.Reservation memory) {
        super(name, budget);
        this.decoder = decoder;
        this.cancel = cancel;
        this.budget = budget;
        this.memory = memory;
        this.size = decoder.knownSize();
        this.damage = decoder.damage();
        long cacheBytes = memory.bytes() - decoder.memory();
        int maxBlocks = (int) Math.max(16, cacheBytes / BLOCK);
        this.cache = Blocks.lru(maxBlocks);
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
    public String truncation() {
        return damage;
    }

    @Override
    int readWithin(long position, byte[] buf, int off, int len) throws IOException {
        return Blocks.copy(BLOCK, this::block, () -> size, position, buf, off, len);
    }

    private byte[] block(long index) throws IOException {
        byte[] cached = cache.get(index);
        if (cached != null) {
            return cached;
        }
        long start = index * BLOCK;
        if (size >= 0 && start >= size) {
            return ZERO_BLOCK;
        }
        boolean farAhead = decoder.seekable() && start - streamPos > 4L * BLOCK;
        int n = 0;
        boolean ended = false;
        try {
            if (in == null || start < streamPos || farAhead) {
                InputStream old = in;
                in = null;
                if (old != null) {
                    old.close();
                }
                in = decoder.streamAt(start);
                streamPos = decoder.streamStart();
            }
            ended = skipTo(start);
            while (!ended && n < BLOCK) {
                int r = in.read(scratch, n, BLOCK - n);
                if (r < 0) {
                    ended = true;
                } else {
                    n += r;
                    streamPos += r;
                    budget.charge(r, name());
                }
            }
        } catch (MediumReadException | PreflightException e) {
            throw e;
        } catch (MemoryLimitException e) {
            throw tooMuchMemory(e);
        } catch (IOException | RuntimeException e) {
            if (!decoder.inputEnded()) {
                throw new CorruptStreamException(name() + " is corrupt: decompressing failed near byte " + streamPos
                        + " of the image (" + e.getMessage() + ")", e);
            }
            cutShort("ends in the middle of its compressed data, after " + streamPos + " bytes of image");
            ended = true;
        }
        if (ended) {
            ended();
        }
        if (n == 0) {
            return ZERO_BLOCK;
        }
        byte[] block = isZero(scratch, n) && n == BLOCK ? ZERO_BLOCK : Arrays.copyOf(scratch, n);
        cache.put(index, block);
        return block;
    }

    /** The stream ended where it is now: that is the image's end, or short of the size it should have. */
    private void ended() {
        if (size >= 0 && streamPos < size && !damageProven) {
            cutShort("ends after " + streamPos + " bytes of image, but its container records " + size);
        }
        if (!damageProven) {
            damage = null; // read to its end without fault: a suspicion from the trailer is cleared
        }
        size = streamPos;
    }

    private void cutShort(String what) {
        if (!damageProven) {
            damage = what + ": it was cut short";
            damageProven = true;
        }
    }

    /** Decompresses and drops data up to {@code target}; returns whether the stream ended first. */
    private boolean skipTo(long target) throws IOException {
        while (streamPos < target) {
            cancel.throwIfCancelled();
            int n = in.read(scratch, 0, (int) Math.min(scratch.length, target - streamPos));
            if (n < 0) {
                return true;
            }
            streamPos += n;
            budget.charge(n, name());
        }
        return false;
    }

    private PreflightException tooMuchMemory(MemoryLimitException e) {
        return new PreflightException(ErrorCode.UNREADABLE_INPUT, String.format("%s needs %d MiB of memory to"
                        + " decompress (its xz dictionary), more than the %d MiB allowed for it.", name(),
                e.getMemoryNeeded() >> 10, e.getMemoryLimit() >> 10),
                "Give Java more memory (PREFLIGHT_EXTRA_OPTS=-Xmx2g) and open one image at a time. A dictionary this"
                        + " large is unusual for a disk image: check the file came from where you think.", e);
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
            try {
                decoder.close();
            } finally {
                memory.close();
            }
        }
    }
}
