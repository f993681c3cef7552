package dev.preflight.core.edit;

import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import java.io.IOException;

/**
 * {@code preflight undo}: restores the newest backup recorded for this very card ({@link CardIdentity}
 * plus config.json's uuid), through an {@link EditSession} like every other write. A backup of another
 * card is never restored, {@code force} included; {@code force} only skips the check that the file
 * still holds what Preflight wrote.
 */
public final class Undo {
    private Undo() {
    }

    /** What was restored, and notes for the user (e.g. the log could not be written). */
    public record Result(BackupStore.Backup backup, java.util.List<String> notes) {
    }

    public static Result undo(String input, boolean force, Editing editing, CancellationToken cancel) {
        try (EditSession s = EditSession.open(input, null, editing, cancel)) {
            String uuid = EditSession.uuidOf(s.read("config.json"));
            BackupStore.Backup b = editing.backups().latest(s.identity(), uuid).orElseThrow(() -> new PreflightException(
                    ErrorCode.USAGE, "There is nothing to undo for " + s.where() + ".",
                    "Backups are kept per card; this card has none that was not undone already."));
            byte[] current = s.read(b.file());
            byte[] now = current == null ? new byte[0] : current; // a removed file was recorded as empty
            if (!force && !BackupStore.sha256(now).equals(b.newSha256())) {
                throw new PreflightException(ErrorCode.USAGE, b.file() + " on " + s.where()
                        + " changed after Preflight wrote it on " + b.created() + ".",
                        "Run 'preflight undo --force' to restore the older version anyway.");
            }
            s.restore(b.file(), b.existed() ? b.oldContent() : null, java.util.List.of("undo: restored " + b.file()));
            editing.backups().markUndone(b);
            return new Result(b, s.notes());
        } catch (EditException e) {
            throw new PreflightException(ErrorCode.INCOMPLETE, "Undo on " + input + " failed: " + e.getMessage(),
                    "Check the card with 'preflight inspect " + input + "'.", e);
        } catch (IOException e) {
            throw new PreflightException(ErrorCode.INCOMPLETE, "Undo on " + input + " failed: " + e.getMessage(),
                    "Check that the card is still inserted.", e);
        }
    }
}
