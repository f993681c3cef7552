package dev.preflight.core.edit;

import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;

/**
 * An editor writes a whole file it opened some time ago (the desktop app's save): it may write only over
 * the version it opened. When another program or window changed the file on the card since, writing would
 * lose that change without anyone seeing it, so nothing is written. Checked inside the edit session, under
 * the card's lock, against what the session reads.
 */
public final class OpenedVersion {
    private OpenedVersion() {
    }

    /** The file on the card is no longer the version the editor opened: nothing was written. */
    public static final class ChangedOnCard extends PreflightException {
        private static final long serialVersionUID = 1L;

        ChangedOnCard(String file, String where) {
            super(ErrorCode.INCOMPLETE, file + " on " + where + " was changed by another program or window since it"
                    + " was opened here, so your version was not written over it.", "Your changes are still in the"
                    + " editor. Inspect the card again (F5) to load its current " + file + " (it then replaces your"
                    + " changes: note them first), and make them again.");
        }
    }

    /** Refuses the write unless {@code same}: the file on the card is still the version the editor opened. */
    static void require(boolean same, String file, String where) {
        if (!same) {
            throw new ChangedOnCard(file, where);
        }
    }
}
