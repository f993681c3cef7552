package dev.preflight.cli;

import dev.preflight.core.task.ProgressListener;
import java.io.PrintWriter;

/** A one-line progress display on the terminal's error stream. */
final class ConsoleProgress implements ProgressListener {
    private final PrintWriter err;
    private int lastLength;

    ConsoleProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void progress(String phase, long done, long total) {
        String line = total > 0 ? String.format("[%3d%%] %s", done * 100 / total, phase) : phase;
        if (line.length() > 78) {
            line = line.substring(0, 77) + "…";
        }
        err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        err.flush();
        lastLength = line.length();
    }

    /** Progress on {@code err} when it is a terminal and not {@code quiet}, else none. */
    static ProgressListener onTerminal(PrintWriter err, boolean quiet) {
        return quiet || System.console() == null ? ProgressListener.NONE : new ConsoleProgress(TerminalText.raw(err));
    }

    /** Clears the progress line that {@link #onTerminal} may have drawn. */
    static void clear(ProgressListener progress) {
        if (progress instanceof ConsoleProgress) {
            ((ConsoleProgress) progress).clear();
        }
    }

    synchronized void clear() {
        if (lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            err.flush();
            lastLength = 0;
        }
    }
}
