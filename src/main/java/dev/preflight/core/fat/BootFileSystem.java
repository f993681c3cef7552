package dev.preflight.core.fat;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Read access to the files of a boot partition, whether it sits inside an image (FAT) or is a
 * mounted folder. Paths use '/' and no leading slash; lookups ignore case, as FAT does.
 */
public interface BootFileSystem extends Closeable {

    /** One regular file. */
    record BootFile(String path, long size) {
    }

    /** A file larger than the reader takes: bad input (no card or text file of the kind is that large), not a failing read. */
    final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        public TooLarge(String path, long size, long maxBytes) {
            super(path + " is " + size + " bytes, more than the " + maxBytes + " expected");
        }
    }

    /** Volume label, or the folder's name. */
    String label();

    /** "FAT16", "FAT32", "folder" ... */
    String type();

    /** Every regular file, depth first, in directory order. */
    List<BootFile> files();

    /** Problems met while listing (unreadable directories), as sentences. */
    List<String> problems();

    /** The file's bytes, or null when there is no such file. Refuses files above {@code maxBytes}. */
    byte[] read(String path, int maxBytes) throws IOException;

    default boolean exists(String path) {
        String want = path.startsWith("/") ? path.substring(1) : path;
        for (BootFile f : files()) {
            if (f.path().equalsIgnoreCase(want)) {
                return true;
            }
        }
        return false;
    }

    @Override
    default void close() throws IOException {
    }
}
