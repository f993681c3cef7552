package dev.preflight.cli;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * What commands print, made safe for a terminal: the controls that text from a card or a file could
 * carry (escape sequences, a carriage return that rewrites the line, bell, backspace, bidirectional
 * overrides) are printed as visible {@code \}{@code uNNNN} instead of acting on the terminal, so a crafted
 * hostname cannot paint "Verdict: PASS" over a failing report. Inside JSON that is the same character's
 * escape, so JSON output stays valid and means the same. Tabs and line ends are kept.
 */
final class TerminalText extends PrintWriter {
    private final PrintWriter raw;

    private TerminalText(PrintWriter raw) {
        super(new Filter(raw), true);
        this.raw = raw;
    }

    /** {@code w} with terminal controls made visible (itself when it already is). */
    static PrintWriter of(PrintWriter w) {
        return w instanceof TerminalText ? w : new TerminalText(w);
    }

    /** The writer underneath, for the progress line, which draws with carriage returns of its own. */
    static PrintWriter raw(PrintWriter w) {
        return w instanceof TerminalText t ? t.raw : w;
    }

    static boolean control(char c) {
        return c < 0x20 && c != '\t' && c != '\n' || c >= 0x7f && c <= 0x9f || c >= 0x202a && c <= 0x202e
                || c >= 0x2066 && c <= 0x2069;
    }

    private static final class Filter extends Writer {
        private final PrintWriter out;

        Filter(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void write(char[] c, int off, int len) {
            int start = off;
            for (int i = off; i < off + len; i++) {
                boolean lineEnd = c[i] == '\r' && i + 1 < off + len && c[i + 1] == '\n';
                if (control(c[i]) && !lineEnd) {
                    out.write(c, start, i - start);
                    out.write(String.format("\\u%04x", (int) c[i]));
                    start = i + 1;
                }
            }
            out.write(c, start, off + len - start);
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            out.close();
        }
    }
}
