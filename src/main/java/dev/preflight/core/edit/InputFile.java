package dev.preflight.core.edit;

import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
     * Opens {@code file}. A named pipe (or another file that is not a regular one, such as a process
     * substitution's) opens only once a program writes to it: when none does within
     * {@code preflight.openWaitSeconds} (30 s), it is bad input instead of a command that waits for ever.
     */
    private static InputStream open(Path file, String hint) throws IOException {
        if (Files.isRegularFile(file) || !Files.exists(file)) {
            return Files.newInputStream(file);
        }
        CompletableFuture<InputStream> opened = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                opened.complete(Files.newInputStream(file));
            } catch (IOException | RuntimeException e) {
                opened.completeExceptionally(e);
            }
        }, "open " + file.getFileName());
        t.setDaemon(true); // left waiting on a pipe no one opens: it must not keep the JVM alive
        t.start();
        long wait = Long.getLong("preflight.openWaitSeconds", 30);
        try {
            return opened.get(wait, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, file + " is not a regular file, and no program"
                    + " wrote to it within " + wait + " s (a named pipe nothing writes to?).", hint);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening " + file, e);
        }
    }

    /**
     * The bytes of {@code file}, at most {@code maxBytes}: a larger file is bad input (exit 2), {@code why} ends
     * the message; a file that cannot be read throws as the file system says.
     */
    public static byte[] read(Path file, int maxBytes, String why, String hint) throws IOException {
        try (InputStream in = open(file, hint)) {
            byte[] b = in.readNBytes(maxBytes + 1);
            if (b.length > maxBytes) {
                throw new PreflightException(ErrorCode.UNREADABLE_INPUT, file + " is larger than the " + (maxBytes >> 20)
                        + " MiB Preflight reads: " + why + ".", hint);
            }
            return b;
        }
    }
}
