package dev.preflight.core.provision;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Set;

/** Replacing a file so a crash leaves the old or the new content, never a mix: temp file, fsync, rename. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** What writes a streamed file (an export); returns what the caller reports (how many records). */
    public interface Content {
        long writeTo(Writer w) throws IOException;
    }

    /**
     * Streams {@code content} into a new file beside {@code target} and renames it over {@code target} only
     * once it is whole and on disk: an export that fails half-way leaves no partial file and whatever
     * {@code target} held before; one stopped by Ctrl+C leaves no part file either, and one killed outright
     * leaves {@code target} as it was, perhaps with the hidden part file beside it (SharedLogReadingTest stops
     * one both ways). The new file gets the usual permissions (the umask's).
     *
     * @throws NoSuchFileException naming {@code target} when its folder does not exist
     */
    public static long stream(Path target, Content content) throws IOException {
        Path abs = target.toAbsolutePath();
        if (abs.getParent() == null || !Files.isDirectory(abs.getParent())) {
            throw new NoSuchFileException(target.toString());
        }
        Path part = abs.resolveSibling("." + abs.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + System.nanoTime() + ".part");
        try {
            long n;
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 Writer w = new BufferedWriter(Channels.newWriter(ch, StandardCharsets.UTF_8), 1 << 16)) {
                part.toFile().deleteOnExit(); // stopped by Ctrl+C or a shutdown: no part left (a kill may leave it)
                n = content.writeTo(w);
                w.flush();
                ch.force(true);
            }
            replace(part, abs);
            return n;
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(part);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Writes {@code content} to a fresh temporary file made with {@code attrs}, syncs it, renames it over target. */
    static void write(Path target, byte[] content, FileAttribute<?>... attrs) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp); // left by a crash; made afresh so attrs (the key's 0600) apply
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                attrs)) {
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        replace(tmp, target);
    }

    /** Renames {@code tmp} over {@code target} and syncs the folder, so the rename itself is on disk. */
    private static void replace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel d = FileChannel.open(target.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            d.force(true); // the rename itself reaches the disk (POSIX); Windows cannot open a folder, nor needs to
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }
}
