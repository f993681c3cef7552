package dev.preflight.cli;

import dev.preflight.Version;
import dev.preflight.core.inspect.InspectOptions;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.inspect.InspectionService;
import dev.preflight.core.provision.CardRecords;
import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * Every successful edit is recorded in the provisioning log (action "edit", with what changed but never
 * a value that could be secret). A log that cannot be written is reported, not fatal: the card was
 * already written correctly.
 */
final class EditRecorder {
    private EditRecorder() {
    }

    static void record(String path, List<String> changes, PrintWriter err) {
        if (Boolean.getBoolean("preflight.noLog")) {
            return;
        }
        try {
            InspectionReport r = new InspectionService().inspect(path, InspectOptions.defaults(), ProgressListener.NONE,
                    new CancellationToken());
            new ProvisioningLog(LogCommand.defaultLog()).append(CardRecords.of(r, "edit", Station.host(),
                    Station.user(), Version.get(), changes));
        } catch (IOException | PreflightException e) {
            err.println("preflight: note: the edit was written, but not recorded in the provisioning log ("
                    + e.getMessage() + ").");
            err.flush();
        }
    }

}
