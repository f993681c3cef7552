package dev.preflight.core.edit;

import dev.preflight.core.fat.BootFileSystem;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;

/** How an editing service reports a write that did not complete (exit code 3, never a stack trace). */
final class WriteFailed {
    private WriteFailed() {
    }

    /**
     * "Writing {@code what} to {@code input} failed: ..."; the hint names {@code checkCommand} when the edit
     * itself failed, or says to reinsert the card when the I/O did.
     */
    static PreflightException of(String what, String input, Exception e, String checkCommand) {
        if (e instanceof BootFileSystem.TooLarge big) {
            return ReadFailed.tooLarge(input, big);
        }
        String hint = e instanceof EditException ? "Check the card with '" + checkCommand + "'."
                : "If the card was removed, insert it and check it with 'preflight inspect'.";
        return new PreflightException(ErrorCode.INCOMPLETE, "Writing " + what + " to " + input + " failed: "
                + e.getMessage(), hint, e);
    }
}
