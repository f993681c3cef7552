package dev.preflight.core.edit;

import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A file named on the command line (a config.json to inject or check, a config.txt), read within a size limit. */
public final class InputFile {
    /** As for the files of a boot partition: no config.json or config.txt is near this size. */
    public static final int MAX_BYTES = 16 << 20;

    private InputFile() {
    }

    /**
     * The bytes of {@code file}; a file larger than {@link #MAX_BYTES} (counted while reading, so a growing
     * file or a device is stopped too) or that cannot be read is bad input (exit 2) with {@code hint}.
     */
    public static byte[] read(Path file, String hint) {
        try {
            return read(file, MAX_BYTES, "it is not the file it should be", hint);
        } catch (IOException e) {
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, file + " cannot be read (" + e.getMessage() + ").",
                    hint, e);
        }
    }

    /**
     * The bytes of {@code file}, at most {@code maxBytes}: a larger file is bad input (exit 2), {@code why} ends
     * the message; a file that cannot be read throws as the file system says.
     */
    public static byte[] read(Path file, int maxBytes, String why, String hint) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(maxBytes + 1);
            if (b.length > maxBytes) {
                throw new PreflightException(ErrorCode.UNREADABLE_INPUT, file + " is larger than the " + (maxBytes >> 20)
                        + " MiB Preflight reads: " + why + ".", hint);
            }
            return b;
        }
    }
}
