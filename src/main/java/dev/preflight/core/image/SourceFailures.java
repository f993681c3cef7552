package dev.preflight.core.image;

import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;

/**
 * Libraries (fat32-lib) wrap or swallow I/O errors. Three kinds must never become a file system
 * finding: corrupt compressed data (the input is unreadable), a failing medium (the work could
 * not complete) and a {@link PreflightException} thrown from a read (a {@link ReadBudget} limit
 * reached, a cancel). This finds them in a cause chain and rethrows them as what they are.
 */
public final class SourceFailures {
    private SourceFailures() {
    }

    public static void rethrowIfFatal(Throwable t) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < 20; c = c.getCause(), depth++) {
            if (c instanceof PreflightException) {
                throw (PreflightException) c; // a limit reached or a cancel, wherever a library wrapped it
            }
            if (c instanceof CorruptStreamException) {
                throw new PreflightException(ErrorCode.UNREADABLE_INPUT, c.getMessage() + ".",
                        "Download the image again and compare its checksum with the one published.", c);
            }
            if (c instanceof MediumReadException) {
                throw new PreflightException(ErrorCode.INCOMPLETE, c.getMessage() + ".",
                        "If this is a card, check it is still inserted and the reader works, then try again.", c);
            }
        }
    }
}
