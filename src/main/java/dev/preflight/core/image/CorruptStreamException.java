package dev.preflight.core.image;

import java.io.IOException;

/** The compressed data itself is bad (as opposed to the medium failing to deliver it). */
public final class CorruptStreamException extends IOException {
    public CorruptStreamException(String message, Throwable cause) {
        super(message, cause);
    }

}
