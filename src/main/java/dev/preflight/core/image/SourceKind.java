package dev.preflight.core.image;

import java.util.Locale;

/** What the user pointed Preflight at. */
public enum SourceKind {
    IMAGE, COMPRESSED_IMAGE, BLOCK_DEVICE, FOLDER;

    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
