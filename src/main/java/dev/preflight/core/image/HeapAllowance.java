package dev.preflight.core.image;

import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.io.Closeable;

/**
 * The share of the Java heap that open compressed sources may hold (their block caches and
 * decoder dictionaries), counted across every source open at once. An xz header can ask for a
 * 1.5 GiB dictionary in a 50 KB file; two such files open for {@code verify} would end in an
 * OutOfMemoryError. Asking here first turns that into a clear refusal (exit 2).
 */
final class HeapAllowance {
    /** Heap kept for everything else (file systems, reports, the desktop app). */
    static final long KEEP_FREE = 128L << 20;
    /** Smallest block cache a streamed source works with (it reads in 64 KiB blocks). */
    static final long MIN_CACHE = 4L << 20;

    private static long reserved;
    private static long limitForTests = -1;

    private HeapAllowance() {
    }

    /** What sources may hold in all: the heap less a quarter (at least 128 MiB) for the rest. */
    static synchronized long allowance() {
        if (limitForTests >= 0) {
            return limitForTests;
        }
        long max = Runtime.getRuntime().maxMemory();
        return Math.max(0, max - Math.max(KEEP_FREE, max / 4));
    }

    /** Replaces {@link #allowance()} (tests of a small heap without a second JVM); -1 restores it. */
    static synchronized void limitForTests(long bytes) {
        limitForTests = bytes;
    }

    static synchronized long free() {
        return Math.max(0, allowance() - reserved);
    }

    /** A reservation, released by {@link #close()}. */
    static final class Reservation implements Closeable {
        private long bytes;

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        long bytes() {
            return bytes;
        }

        @Override
        public void close() {
            synchronized (HeapAllowance.class) {
                reserved -= bytes;
                bytes = 0;
            }
        }
    }

    /**
     * Reserves {@code decoderBytes} for the decoder plus a cache of up to {@code cacheBytes} (less when
     * the heap is short, never below {@link #MIN_CACHE}).
     *
     * @throws PreflightException (exit 2) when even the smallest cache does not fit
     */
    static synchronized Reservation reserve(String input, long decoderBytes, long cacheBytes, String what) {
        long free = free();
        if (decoderBytes + MIN_CACHE > free) {
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, String.format("%s needs %d MiB of memory to"
                            + " decompress (%s), more than the %d MiB this Java heap has left for it.", input,
                    (decoderBytes + MIN_CACHE) >> 20, what, free >> 20),
                    "Open one compressed image at a time, or give Java more memory, e.g."
                            + " PREFLIGHT_EXTRA_OPTS=-Xmx2g. A dictionary this large is unusual for a disk image:"
                            + " check the file came from where you think.");
        }
        long bytes = decoderBytes + Math.max(MIN_CACHE, Math.min(cacheBytes, free - decoderBytes));
        reserved += bytes;
        return new Reservation(bytes);
    }
}
