package dev.preflight.core.edit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only their owner can read: backups hold the card's previous config.json (with its keys) and
 * connections (with Wi-Fi passwords). Folders are made 0700 and files 0600 where the file system is
 * POSIX; elsewhere the user's profile folder already limits access.
 */
public final class PrivateFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /** Creates {@code dir} and its missing parents as private folders; tightens it if it exists. */
    public static void directories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            tighten(abs, DIR);
            return;
        }
        Path parent = abs.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            directories(parent);
        }
        if (POSIX) {
            Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(DIR));
        } else {
            Files.createDirectory(abs);
        }
    }

    /**
     * Writes {@code bytes} to a new private file beside {@code target}, flushes it to the disk (a backup must
     * outlive a power cut right after the card was written), then moves it into place.
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + Long.toHexString(System.nanoTime()));
        if (POSIX) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(FILE));
        } else {
            Files.createFile(tmp);
        }
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void tighten(Path p, Set<PosixFilePermission> perms) {
        if (!POSIX) {
            return;
        }
        try {
            if (!Files.getPosixFilePermissions(p).equals(perms)) {
                Files.setPosixFilePermissions(p, perms);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not ours to change (another user's folder): left as is
        }
    }
}
