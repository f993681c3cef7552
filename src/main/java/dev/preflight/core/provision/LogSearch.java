package dev.preflight.core.provision;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The lines of a log that hold some bytes, found without cutting the whole log into lines: the file is read
 * in large blocks and searched for the bytes, and only a line that holds them is handed on. A card's history
 * is a handful of lines in a log of thousands; cutting every line out (LogLines) was most of the lookup.
 * Lines are what LogLines reads ('\n' ends one; the last may lack it); a line longer than
 * {@link LogLines#MAX_LINE} is never a record and is passed over. Memory: one buffer, which grows only while the
 * line it holds is within MAX_LINE (to twice MAX_LINE at most), however long the log or its lines.
 */
final class LogSearch {
    static final int BLOCK = 1 << 20;

    /** A line that holds the bytes: {@code len} bytes of {@code buf} from {@code off}, without its '\n'. */
    interface Hit {
        void line(byte[] buf, int off, int len);
    }

    private LogSearch() {
    }

    /** The lines within the first {@code limit} bytes of {@code file} that hold {@code needle} (no '\n' in it). */
    static void linesContaining(Path file, long limit, byte[] needle, Hit hit) throws IOException {
        linesContaining(file, limit, needle, hit, BLOCK);
    }

    static void linesContaining(Path file, long limit, byte[] bytes, Hit hit, int block) throws IOException {
        Needle needle = new Needle(bytes);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[block];
            int n = 0; // buf[0] starts a line, and buf[0, n) holds no '\n' after a compaction
            int from = 0; // where the search goes on
            long left = limit;
            boolean skipping = false; // passing over the rest of a line longer than MAX_LINE
            while (true) {
                if (n == buf.length) { // a line longer than a block (and not yet over MAX_LINE)
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                int r = left > 0 ? in.read(buf, n, (int) Math.min(buf.length - n, left)) : -1;
                boolean eof = r <= 0;
                if (!eof) {
                    n += r;
                    left -= r;
                }
                if (skipping) {
                    int nl = newline(buf, 0, n);
                    if (nl < 0) {
                        n = 0;
                        if (eof) {
                            return;
                        }
                        continue;
                    }
                    System.arraycopy(buf, nl + 1, buf, 0, n - nl - 1);
                    n -= nl + 1;
                    from = 0;
                    skipping = false;
                }
                boolean open = false; // a match in the line still open at the end: search on from it
                while (true) {
                    int p = needle.in(buf, from, n);
                    if (p < 0) {
                        break;
                    }
                    int e = newline(buf, p + needle.length(), n);
                    if (e < 0 && !eof) { // the line goes on past what is read: read more first
                        from = p;
                        open = true;
                        break;
                    }
                    int s = lastNewline(buf, p) + 1;
                    int end = e < 0 ? n : e;
                    if (end - s <= LogLines.MAX_LINE) {
                        hit.line(buf, s, end - s);
                    }
                    if (e < 0) {
                        return;
                    }
                    from = e + 1;
                }
                if (eof) {
                    return;
                }
                // keep only the line still open at the end; a match may straddle the end of what was read
                int s = lastNewline(buf, n) + 1;
                from = Math.max(open ? from : Math.max(from, n - needle.length() + 1), s) - s;
                System.arraycopy(buf, s, buf, 0, n - s);
                n -= s;
                if (n > LogLines.MAX_LINE) {
                    skipping = true;
                    n = 0;
                    from = 0;
                }
            }
        }
    }

    /** The first {@code needle} in {@code buf[from, to)}, or -1. */
    static int find(byte[] buf, int from, int to, byte[] needle) {
        return new Needle(needle).in(buf, from, to);
    }

    /**
     * The bytes searched for, with Horspool's shift table: where the byte under the needle's last position
     * cannot end a match, the search moves on by up to the needle's length, so a card's identity (20-odd
     * bytes) is looked for at a fraction of the log's bytes instead of at every one.
     */
    static final class Needle {
        private final byte[] bytes;
        private final int[] shift = new int[256];

        Needle(byte[] bytes) {
            if (bytes.length == 0) {
                throw new IllegalArgumentException("nothing to search for");
            }
            this.bytes = bytes.clone();
            int last = bytes.length - 1;
            Arrays.fill(shift, bytes.length);
            for (int i = 0; i < last; i++) {
                shift[bytes[i] & 0xff] = last - i;
            }
        }

        int length() {
            return bytes.length;
        }

        /** The first occurrence in {@code buf[from, to)}, or -1. */
        int in(byte[] buf, int from, int to) {
            int last = bytes.length - 1;
            byte end = bytes[last];
            for (int i = from; i <= to - bytes.length; ) {
                byte b = buf[i + last];
                if (b == end && Arrays.equals(buf, i, i + last, bytes, 0, last)) {
                    return i;
                }
                i += shift[b & 0xff];
            }
            return -1;
        }
    }

    private static int newline(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The last '\n' before {@code before}, or -1. */
    private static int lastNewline(byte[] buf, int before) {
        for (int i = before - 1; i >= 0; i--) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
