package dev.preflight.cli;

import dev.preflight.core.configjson.MaskedText;
import dev.preflight.core.edit.LineDiff;
import dev.preflight.core.edit.RefusedException;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.Severity;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;

/** Shared output of the editing commands. */
final class EditOutput {
    private EditOutput() {
    }

    /**
     * Prints what an edit changed ("Updated config.txt on partition 1 (resin-boot) of /dev/sdb." and a
     * line diff of the file before and after, secrets masked unless {@code reveal}), or that nothing
     * needed writing, then the notable findings. Returns exit code 0.
     *
     * @param before the file's bytes before the edit, null when it did not exist
     */
    static int changed(PrintWriter out, String file, String verb, String where, byte[] before, byte[] after,
                       boolean reveal, List<Finding> notable) {
        if (Arrays.equals(before, after)) {
            out.println(file + " on " + where + " already says that; nothing written.");
        } else {
            out.println(verb + " " + file + " on " + where + ".");
            out.print(LineDiff.lines(MaskedText.of(file, before, reveal), MaskedText.of(file, after, reveal)));
        }
        if (!notable.isEmpty()) {
            out.print(TextReport.findings(notable));
        }
        out.flush();
        return 0;
    }

    /** Prints a file's findings, then {@code valid} or, when one is an error, {@code invalid}: exit 0 or 1. */
    static int validated(PrintWriter out, List<Finding> findings, String valid, String invalid) {
        out.print(TextReport.findings(findings));
        boolean errors = findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
        out.println(errors ? invalid : valid);
        out.flush();
        return errors ? 1 : 0;
    }

    /** Prints notes about an edit that was written (e.g. the provisioning log could not be written). */
    static void notes(PrintWriter err, List<String> notes) {
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
