package dev.preflight.core.edit;

import dev.preflight.core.image.ByteSource;
import dev.preflight.core.image.SourceKind;
import java.util.List;

/** Where an edit session records a write that changed bytes: the provisioning log, or nowhere. */
public interface EditLog {
    /** Records nothing (tests, and users who switched the log off). */
    EditLog NONE = (disk, path, kind, changes) -> null;

    /**
     * Records {@code changes} to the card at {@code path}, read through {@code disk} (the edit's own open
     * handle, not closed; null for a folder). Returns null, or why the record could not be written
     * (the card was already written correctly, so this is a note, not a failure).
     */
    String record(ByteSource disk, String path, SourceKind kind, List<String> changes);
}
