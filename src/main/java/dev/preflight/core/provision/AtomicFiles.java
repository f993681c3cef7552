package dev.preflight.core.provision;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Set;

/** Replacing a small file so a crash leaves the old or the new content, never a mix: temp file, fsync, rename. */
final class AtomicFiles {
    private AtomicFiles() {
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
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel d = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            d.force(true); // the rename itself reaches the disk (POSIX); Windows cannot open a folder, nor needs to
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }
}
