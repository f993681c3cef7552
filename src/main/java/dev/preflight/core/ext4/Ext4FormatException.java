package dev.preflight.core.ext4;

/**
 * An ext4 file system (or a file in it) that cannot be read: a bad superblock, a pointer outside
 * the file system, a loop, or a count or size above the reader's bounds. The message completes
 * "resin-data could not be read because ...". Callers turn it into a finding; I/O errors of the
 * medium stay {@link java.io.IOException}.
 */
public class Ext4FormatException extends Exception {
    public Ext4FormatException(String message) {
        super(message);
    }
}
