package dev.preflight.core.fat;

/** A FAT volume that cannot be read; the message completes "The boot partition ... because ...". */
public class FatFormatException extends Exception {
    public FatFormatException(String message) {
        super(message);
    }

    public FatFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
