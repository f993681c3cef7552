package dev.preflight.cli;

import dev.preflight.core.edit.RefusedException;
import java.io.PrintWriter;

/** Shared output of the editing commands. */
final class EditOutput {
    private EditOutput() {
    }

    /**
     * Prints what an edit changed ("Updated config.txt on partition 1 (resin-boot) of /dev/sdb." and a
     * line diff), or that nothing needed writing, then the notable findings. Returns exit code 0.
     */
    static int changed(PrintWriter out, String file, String verb, String where, boolean unchanged, String before,
                       String after, java.util.List<dev.preflight.core.report.Finding> notable) {
        if (unchanged) {
            out.println(file + " on " + where + " already says that; nothing written.");
        } else {
            out.println(verb + " " + file + " on " + where + ".");
            out.print(dev.preflight.core.edit.LineDiff.lines(before, after));
        }
        if (!notable.isEmpty()) {
            out.print(TextReport.findings(notable));
        }
        out.flush();
        return 0;
    }

    /** Prints notes about an edit that was written (e.g. the provisioning log could not be written). */
    static void notes(PrintWriter err, java.util.List<String> notes) {
        for (String n : notes) {
            err.println("preflight: note: " + n + ".");
        }
        err.flush();
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
