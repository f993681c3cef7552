package dev.preflight.core.edit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** The write protocol on a mounted boot partition: temp file, fsync, read back, atomic rename, fsync dir. */
final class FolderWriter {
    static final String TEMP_SUFFIX = ".preflight-new";

    private FolderWriter() {
    }

    static void replace(Path target, byte[] content) throws IOException, EditException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(target.getFileName() + TEMP_SUFFIX);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new EditException("writing " + tmp + " failed (" + e.getMessage() + "); " + target.getFileName()
                    + " is unchanged. Is the card full or read-only?", e);
        }
        if (!Arrays.equals(Files.readAllBytes(tmp), content)) {
            Files.deleteIfExists(tmp);
            throw new EditException("the card did not return what was written; " + target.getFileName()
                    + " is unchanged. The card may be failing.");
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // directories cannot be opened for fsync on every OS (Windows); the rename is still atomic
        }
    }
}
