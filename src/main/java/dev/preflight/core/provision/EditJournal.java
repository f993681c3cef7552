package dev.preflight.core.provision;

import dev.preflight.Version;
import dev.preflight.core.edit.BackupStore;
import dev.preflight.core.edit.EditLog;
import dev.preflight.core.edit.Editing;
import dev.preflight.core.image.SourceKind;
import dev.preflight.core.inspect.InspectOptions;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.inspect.InspectionService;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;

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

    /** What every edit of this user needs: backups in the data folder, writes recorded in the provisioning log. */
    public static Editing forUser() {
        return new Editing(BackupStore.forUser(), log(defaultLog()));
    }

    /**
     * Records edits in {@code logFile}: the card as it is after the write, inspected once through the edit's
     * own open handle (no reopening, no decompression; a folder is read directly).
     */
    public static EditLog log(Path logFile) {
        return (disk, path, kind, changes) -> {
            if (Boolean.getBoolean("preflight.noLog")) {
                return null;
            }
            try {
                InspectionService inspection = new InspectionService();
                InspectionReport r = disk == null || kind == SourceKind.FOLDER
                        ? inspection.inspect(path, InspectOptions.defaults(), ProgressListener.NONE, new CancellationToken())
                        : inspection.inspect(disk, path, kind, InspectOptions.defaults(), new CancellationToken());
                new ProvisioningLog(logFile).append(CardRecords.of(r, "edit", host(), user(), Version.get(), changes));
                return null;
            } catch (IOException | PreflightException e) {
                return "the edit was written, but not recorded in the provisioning log (" + e.getMessage() + ")";
            }
        };
    }

    /** The station's name: the one set in the station settings (StationSettings), else the host name. */
    public static String host() {
        String named = StationSettings.stationName();
        if (named != null) {
            return named;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static String user() {
        return System.getProperty("user.name");
    }
}
