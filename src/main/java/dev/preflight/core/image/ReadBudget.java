package dev.preflight.core.image;

import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.util.Locale;

/**
 * How much one command may decompress and how long it may take, whatever the input says
 * (docs/decisions/0013). Every source opened by {@link ImageOpener} charges the bytes it
 * decompresses and checks the deadline on each read; a hostile input that would make a command
 * decompress for hours ends with {@link Exceeded} (exit 2) instead. The limits come from the
 * command; {@code -Dpreflight.budget.bytes=N} and {@code -Dpreflight.budget.seconds=N} replace
 * them for every command.
 */
public final class ReadBudget {
    /** A quick (default) inspection decompresses at most this much: 16 x the streaming probe limit. */
    public static final long QUICK_BYTES = 2L << 30;
    public static final long QUICK_SECONDS = 60;
    /** Reading a whole image (--deep, verify, an edited copy) decompresses at most this much. */
    public static final long WHOLE_BYTES = 256L << 30;
    public static final long WHOLE_SECONDS = 2 * 3600;
    static final String BYTES_PROPERTY = "preflight.budget.bytes";
    static final String SECONDS_PROPERTY = "preflight.budget.seconds";

    private final String purpose;
    private final boolean quick;
    private final long maxBytes;
    private final long seconds;
    private final long deadline;
    private long used;

    private ReadBudget(String purpose, boolean quick, long maxBytes, long seconds) {
        this.purpose = purpose;
        this.quick = quick;
        this.maxBytes = maxBytes;
        this.seconds = seconds;
        this.deadline = System.nanoTime() + seconds * 1_000_000_000L;
    }

    /** The default inspection's limits (or the system properties'); the clock starts now. */
    public static ReadBudget quick() {
        return of("a quick inspection", true, QUICK_BYTES, QUICK_SECONDS);
    }

    /** Limits for reading a whole image (or the system properties'); the clock starts now. */
    public static ReadBudget whole() {
        return of("reading a whole image", false, WHOLE_BYTES, WHOLE_SECONDS);
    }

    /** Explicit limits, still replaced by the system properties when they are set. */
    public static ReadBudget of(String purpose, long maxBytes, long seconds) {
        return of(purpose, false, maxBytes, seconds);
    }

    private static ReadBudget of(String purpose, boolean quick, long maxBytes, long seconds) {
        long b = property(BYTES_PROPERTY, maxBytes);
        long s = property(SECONDS_PROPERTY, seconds);
        return new ReadBudget(purpose, quick, Math.max(0, b), Math.max(1, Math.min(s, 100L * 365 * 24 * 3600)));
    }

    private static long property(String name, long fallback) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return parseSize(v.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** "1234", "64k", "512m", "4g" (binary units). */
    static long parseSize(String v) {
        char last = Character.toLowerCase(v.charAt(v.length() - 1));
        int shift = last == 'k' ? 10 : last == 'm' ? 20 : last == 'g' ? 30 : last == 't' ? 40 : 0;
        long n = Long.parseLong(shift == 0 ? v : v.substring(0, v.length() - 1));
        return n > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : n << shift;
    }

    /** Bytes charged so far. */
    public long used() {
        return used;
    }

    /** Records {@code bytes} more decompressed for {@code source}; throws once over the limit or the deadline. */
    public void charge(long bytes, String source) {
        used += bytes;
        if (used > maxBytes) {
            throw new Exceeded(String.format(Locale.ROOT, "Reading %s was stopped: it needed more than %s of"
                    + " decompressed data, the limit for %s.", source, size(maxBytes), purpose), this);
        }
        checkTime(source);
    }

    /** Throws once the deadline has passed. */
    public void checkTime(String source) {
        if (System.nanoTime() - deadline > 0) {
            throw new Exceeded(String.format(Locale.ROOT, "Reading %s was stopped after %d s, the limit for %s.",
                    source, seconds, purpose), this);
        }
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes >= 1L << 20) {
            return (bytes >> 20) + " MiB";
        }
        return bytes + " bytes";
    }

    /** A limit was reached: the input is unreadable within the budget (exit 2), never a hang. */
    public static final class Exceeded extends PreflightException {
        Exceeded(String message, ReadBudget budget) {
            super(ErrorCode.UNREADABLE_INPUT, message, "The image is probably damaged or built to stall readers. "
                    + (budget.quick ? "'inspect --deep' allows " + size(WHOLE_BYTES) + " and " + WHOLE_SECONDS / 3600
                    + " h. " : "") + "To raise the limits, set PREFLIGHT_EXTRA_OPTS=\"-D" + BYTES_PROPERTY
                    + "=SIZE -D" + SECONDS_PROPERTY + "=N\".");
        }
    }
}
