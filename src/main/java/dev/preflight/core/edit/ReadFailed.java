package dev.preflight.core.edit;

import dev.preflight.core.fat.BootFileSystem;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.io.IOException;

/**
 * How an editing service reports a read that did not complete: a file larger than any real one is bad
 * input (exit code 2), any other I/O error could not complete (exit code 3).
 */
final class ReadFailed {
    private ReadFailed() {
    }

    /** "Reading {@code what} from {@code input} failed: ...", or {@link #tooLarge} for a file too large. */
    static PreflightException of(String what, String input, IOException e) {
        if (e instanceof BootFileSystem.TooLarge big) {
            return tooLarge(input, big);
        }
        return new PreflightException(ErrorCode.INCOMPLETE, "Reading " + what + " from " + input + " failed: "
                + e.getMessage(), "Check that the card is still inserted.", e);
    }

    static PreflightException tooLarge(String input, BootFileSystem.TooLarge e) {
        return new PreflightException(ErrorCode.UNREADABLE_INPUT, "On " + input + ", " + e.getMessage()
                + ": no file of a balenaOS boot partition is that large.", "Replace the file (config.json with"
                + " 'preflight config inject'), or reflash the card; 'preflight inspect " + input + "' shows the rest.", e);
    }
}
