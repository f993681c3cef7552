package dev.preflight.core.edit;

import dev.preflight.core.fat.BootFileSystem;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The write protocol on a mounted boot partition: a temporary file created exclusively under an
 * unpredictable name, written, flushed and read back; an atomic rename over the file; a flush of the
 * folder. Links are never followed: a file or folder on the card that is a symbolic link is refused,
 * and what the card holds after a failure is read back and said, never assumed.
 */
final class FolderWriter {
    static final String TEMP_MARK = ".preflight-";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_BYTES = BootTarget.MAX_FILE_BYTES;

    private FolderWriter() {
    }

    /** The file inside {@code folder}, checked to stay inside it and to reach it through real folders only. */
    private static Path resolve(Path folder, String file, boolean createParents) throws IOException, EditException {
        Path root = folder.toAbsolutePath().normalize();
        Path target = root.resolve(file).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new EditException(file + " is not a file inside " + folder);
        }
        Path p = root;
        for (Path part : root.relativize(target.getParent() == null ? root : target.getParent())) {
            if (part.toString().isEmpty()) {
                continue;
            }
            p = p.resolve(part);
            if (Files.isSymbolicLink(p)) {
                throw link(folder, root.relativize(p).toString());
            }
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                if (!createParents) {
                    return target;
                }
                Files.createDirectory(p);
            } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new EditException(root.relativize(p) + " on " + folder + " is a file, not a folder.");
            }
        }
        if (Files.isSymbolicLink(target)) {
            throw link(folder, file);
        }
        return target;
    }

    private static PreflightException link(Path folder, String file) {
        return new PreflightException(ErrorCode.UNREADABLE_INPUT, file + " on " + folder + " is a symbolic link;"
                + " Preflight never follows links on a card, so nothing was read or written.",
                "Remove the link (a boot partition has none), then edit again.");
    }

    /** The file's bytes, or null when absent; never through a link. */
    static byte[] read(Path folder, String file) throws IOException {
        Path target;
        try {
            target = resolve(folder, file, false);
        } catch (EditException e) {
            throw new IOException(e.getMessage(), e);
        }
        return readNoFollow(target);
    }

    private static byte[] readNoFollow(Path target) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(target, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                throw new IOException(target.getFileName() + " is not a regular file");
            }
            if (ch.size() > MAX_BYTES) {
                throw new BootFileSystem.TooLarge(target.getFileName().toString(), ch.size(), MAX_BYTES);
            }
            ByteBuffer b = ByteBuffer.allocate((int) ch.size());
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // read on
            }
            return Arrays.copyOf(b.array(), b.position());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    static void replace(Path folder, String file, byte[] content, byte[] before) throws IOException, EditException {
        Path target = resolve(folder, file, true);
        Path dir = target.getParent();
        Path tmp = dir.resolve("." + target.getFileName() + TEMP_MARK + HexFormat.of().formatHex(randomBytes()));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            if (!Arrays.equals(readNoFollow(tmp), content)) {
                throw new EditException("the card did not return what was written");
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | EditException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the state message below says what the card holds
            }
            throw new EditException("writing " + file + " on " + folder + " failed (" + e.getMessage() + "); "
                    + holds(target, file, before, content) + " Is the card full, read-only or failing?", e);
        }
        syncFolder(dir);
        byte[] now = readNoFollow(target);
        if (!Arrays.equals(now, content)) {
            throw new EditException("after writing, " + file + " on " + folder + " reads back differently; "
                    + holds(target, file, before, content));
        }
    }

    static void delete(Path folder, String file) throws IOException, EditException {
        Path target = resolve(folder, file, false);
        Files.deleteIfExists(target);
        syncFolder(target.getParent());
    }

    /** What the card holds at {@code target} now, read back, as a sentence. */
    static String holds(Path target, String file, byte[] before, byte[] after) {
        try {
            if (Files.isSymbolicLink(target)) {
                return file + " is now a symbolic link.";
            }
            byte[] now = readNoFollow(target);
            if (Arrays.equals(now, before)) {
                return "the card still holds its previous " + file + ".";
            }
            if (Arrays.equals(now, after)) {
                return "the card holds the new " + file + ".";
            }
            return now == null ? file + " is missing from the card now." : file + " on the card now differs from both"
                    + " the previous and the new version; restore it with 'preflight undo'.";
        } catch (IOException e) {
            return file + " could not be read back (" + e.getMessage() + ").";
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    private static void syncFolder(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // directories cannot be opened for fsync on every OS (Windows); the rename is still atomic
        }
    }
}
