package dev.preflight.cli;

import dev.preflight.core.edit.RefusedException;
import java.io.PrintWriter;

/** Shared output of the editing commands. */
final class EditOutput {
    private EditOutput() {
    }

    /** Prints a refused edit (message, blocking findings, "Nothing was written.") and returns exit code 1. */
    static int refused(PrintWriter err, RefusedException e) {
        err.println("preflight: " + e.getMessage());
        err.print(TextReport.findings(e.findings()));
        err.println("  " + e.hint());
        err.flush();
        return 1;
    }
}
