package dev.preflight.core.image;

import java.io.IOException;

/** The medium failed to deliver bytes it should hold (I/O error, card removed), as opposed to bad data. */
public final class MediumReadException extends IOException {
    public MediumReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
