package dev.preflight.cli;

import dev.preflight.core.provision.EditJournal;
import java.io.PrintWriter;
import java.util.List;

/** Every successful CLI edit is recorded in the provisioning log through {@link EditJournal}. */
final class EditRecorder {
    private EditRecorder() {
    }

    static void record(String path, List<String> changes, PrintWriter err) {
        String problem = EditJournal.record(path, changes);
        if (problem != null) {
            err.println("preflight: note: " + problem + ".");
            err.flush();
        }
    }
}
