package dev.preflight.core.edit;

import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;

/**
 * An editor writes a whole file it opened some time ago (the desktop app's save): it may write only over
 * the version it opened. When another program or window changed the file on the card since, writing would
 * lose that change without anyone seeing it, so nothing is written. Checked inside the edit session, under
 * the card's lock, against what the session reads.
 */
final class OpenedVersion {
    private OpenedVersion() {
    }

    /** Refuses the write unless {@code same}: the file on the card is still the version the editor opened. */
    static void require(boolean same, String file, String where) {
        if (!same) {
            throw new PreflightException(ErrorCode.INCOMPLETE, file + " on " + where + " was changed by another"
                    + " program or window since it was opened here, so your version was not written over it.",
                    "Your changes are still in the editor. Inspect the card again (F5) to load its current " + file
                            + ", then make them again.");
        }
    }
}
