package dev.preflight.core.edit;

import dev.preflight.core.bytes.Sha256;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

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
    public record Result(BackupStore.Backup backup, List<String> notes) {
    }

    /** Whether the card still holds exactly what the backed-up write left in the file. */
    private static boolean holds(EditSession s, BackupStore.Backup b) throws IOException {
        byte[] current = s.read(b.file());
        byte[] now = current == null ? new byte[0] : current; // a removed file was recorded as empty
        return Sha256.hex(now).equals(b.newSha256());
    }

    /** Whether the card holds exactly the version {@code b} restores (the file absent, if it did not exist). */
    private static boolean holdsOld(EditSession s, BackupStore.Backup b) throws IOException {
        byte[] current = s.read(b.file());
        return b.existed() ? current != null && Sha256.hex(current).equals(b.oldSha256()) : current == null;
    }

    /** The backup's old bytes, refused (nothing restored) unless they are exactly what was saved. */
    private static byte[] intactOldContent(BackupStore.Backup b, String where) {
        byte[] old;
        try {
            old = b.oldContent();
        } catch (IOException e) {
            old = null;
        }
        if (old == null || !Sha256.hex(old).equals(b.oldSha256())) {
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, "The backup of " + b.file() + " in " + b.folder()
                    + " no longer holds what was saved there (it was changed, damaged or removed since); nothing was"
                    + " restored to " + where + ".", "If you have another copy of the file, put it back by hand.");
        }
        return old;
    }

    public static Result undo(String input, boolean force, Editing editing, CancellationToken cancel) {
        try (EditSession s = EditSession.open(input, null, editing, cancel)) {
            String uuid = EditSession.uuidOf(s.read("config.json"));
            List<BackupStore.Backup> all = editing.backups().candidates(s.identity(), uuid);
            if (all.isEmpty()) {
                throw new PreflightException(ErrorCode.USAGE, "There is nothing to undo for " + s.where() + ".",
                        "Backups are kept per card; this card has none that was not undone already.");
            }
            BackupStore.Backup b;
            // an image file is known by its path; a card (any card goes into the same reader) or a mount point
            // (any card can be mounted there) only by what it holds
            boolean distinguishable = uuid != null || "image".equals(s.identity().kind());
            if (distinguishable) {
                b = all.get(0);
                if (!holds(s, b) && holdsOld(s, b)) {
                    // an undo stopped after its write, before it marked the backup undone (or the edit the backup
                    // was made for stopped before its write): the card already holds what this backup restores
                    editing.backups().markUndone(b);
                    return new Result(b, List.of(b.file() + " already holds the version this backup restores (an"
                            + " earlier undo, or the edit the backup was made for, stopped midway); the backup is"
                            + " recorded as undone and nothing was written. Run 'preflight undo' again to go further"
                            + " back"));
                }
                if (!force && !holds(s, b)) {
                    throw new PreflightException(ErrorCode.USAGE, b.file() + " on " + s.where()
                            + " changed after Preflight wrote it on " + b.created() + ".",
                            "Run 'preflight undo --force' to restore the older version anyway.");
                }
            } else {
                // Without a uuid, cards flashed from one image cannot be told apart: only the card's own content
                // is evidence. The newest backup whose written version the card still holds, and only if no
                // other card's backup with that same written version would restore something else.
                if (force) {
                    throw new PreflightException(ErrorCode.USAGE, "config.json on " + s.where() + " has no uuid, so"
                            + " this card cannot be told apart from other cards flashed from the same image;"
                            + " --force could restore another card's file (and its keys).",
                            "Undo without --force (it restores when the card still holds what Preflight wrote), or"
                                    + " copy the file from the backup folder " + all.get(0).folder().getParent()
                                    + " by hand if you are sure.");
                }
                b = null;
                for (BackupStore.Backup c : all) {
                    if (holds(s, c)) {
                        b = c;
                        break;
                    }
                }
                if (b == null) {
                    throw new PreflightException(ErrorCode.USAGE, "No backup matches what " + s.where()
                            + " holds now; it changed after Preflight wrote it, or the backups are another card's.",
                            "config.json has no uuid, so only the card's content can tell whose backup it is.");
                }
                for (BackupStore.Backup c : all) {
                    if (c != b && c.file().equals(b.file()) && c.newSha256().equals(b.newSha256())
                            && !Objects.equals(c.oldSha256(), b.oldSha256())) {
                        throw new PreflightException(ErrorCode.USAGE, "Two backups of " + b.file() + " match what "
                                + s.where() + " holds now but restore different versions (cards flashed from one"
                                + " image, edited alike); Preflight cannot tell which is this card's.",
                                "Restore the file by hand from " + b.folder().getParent() + " if you know which.");
                    }
                }
            }
            s.restore(b.file(), b.existed() ? intactOldContent(b, s.where()) : null,
                    List.of("undo: restored " + b.file()));
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
