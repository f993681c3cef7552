package dev.preflight.core.edit;

import dev.preflight.core.image.ImageOpener;
import dev.preflight.core.image.OpenedInput;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/** Decompresses (or copies) an image to a raw file, then it can be edited. */
final class RawCopy {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RawCopy() {
    }

    /**
     * Copies {@code input} to {@code output} as a raw image. A file already at {@code output} is not replaced
     * but moved aside (returned; null when there was none), so that an edit refused afterwards can put it back
     * ({@link #putBack}); once the edit is done the caller deletes it.
     */
    static Path write(String input, Path output, CancellationToken cancel) {
        // a new file under a name of its own: an existing NAME.part (the input itself, or a link) is never truncated
        Path tmp = output.resolveSibling(output.getFileName() + ".part-" + Long.toHexString(RANDOM.nextLong()));
        try (OpenedInput in = ImageOpener.open(input, cancel);
             FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                     StandardOpenOption.SPARSE)) {
            if (in.bytes() == null) {
                throw new PreflightException(ErrorCode.USAGE, "--output needs an image or card, not a folder.",
                        "Edit the folder directly.");
            }
            byte[] buf = new byte[1 << 20];
            long pos = 0;
            while (true) {
                cancel.throwIfCancelled();
                int n = in.bytes().read(pos, buf, 0, buf.length);
                if (n <= 0) {
                    break;
                }
                if (!isZero(buf, n)) {
                    ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                    long p = pos;
                    while (b.hasRemaining()) {
                        p += out.write(b, p);
                    }
                }
                pos += n;
            }
            out.truncate(pos);
            if (out.size() < pos) {
                out.write(ByteBuffer.wrap(new byte[1]), pos - 1);
            }
            out.force(true);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new PreflightException(ErrorCode.INCOMPLETE, "Writing " + output + " failed: " + e.getMessage(),
                    "Check free disk space and that the folder is writable.", e);
        } catch (RuntimeException e) { // cancelled, or not an image: no part file is left behind
            deleteQuietly(tmp);
            throw e;
        }
        Path aside = null;
        try {
            if (Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
                aside = output.resolveSibling(output.getFileName() + ".replaced-"
                        + Long.toHexString(RANDOM.nextLong()));
                Files.move(output, aside, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, output, StandardCopyOption.ATOMIC_MOVE);
            return aside;
        } catch (IOException e) {
            deleteQuietly(tmp);
            putBack(output, aside);
            throw new PreflightException(ErrorCode.INCOMPLETE, "Could not move " + tmp + " to " + output + ": "
                    + e.getMessage(), "Check that the folder is writable.", e);
        }
    }

    /**
     * Undoes {@link #write} after a refused or failed edit: the copy is deleted, and the file it replaced (if any)
     * comes back.
     */
    static void putBack(Path output, Path aside) {
        try {
            if (aside == null) {
                Files.deleteIfExists(output);
            } else {
                Files.move(aside, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException ignored) {
            // the first problem is reported; a file moved aside keeps its name beside the output
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the first problem is reported
        }
    }

    private static boolean isZero(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
