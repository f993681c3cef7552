package dev.preflight.core.provision;

import dev.preflight.Version;
import dev.preflight.core.edit.BackupStore;
import dev.preflight.core.inspect.InspectOptions;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.inspect.InspectionService;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Records a successful edit in the provisioning log (action "edit", what changed, never a value
 * that could be secret), the same way from the CLI and the GUI. A log that cannot be written is
 * reported, not fatal: the card was already written correctly.
 */
public final class EditJournal {
    private EditJournal() {
    }

    public static Path defaultLog() {
        return BackupStore.dataDir().resolve("provisioning-log.jsonl");
    }

    /** Appends the record; returns null, or why it could not be recorded. */
    public static String record(String path, List<String> changes) {
        if (Boolean.getBoolean("preflight.noLog")) {
            return null;
        }
        try {
            InspectionReport r = new InspectionService().inspect(path, InspectOptions.defaults(), ProgressListener.NONE,
                    new CancellationToken());
            new ProvisioningLog(defaultLog()).append(CardRecords.of(r, "edit", host(), user(), Version.get(), changes));
            return null;
        } catch (IOException | PreflightException e) {
            return "the edit was written, but not recorded in the provisioning log (" + e.getMessage() + ")";
        }
    }

    public static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static String user() {
        return System.getProperty("user.name");
    }
}
