package dev.preflight.core.edit;

import dev.preflight.core.fat.BootFileSystem;
import dev.preflight.core.image.ByteSource;
import dev.preflight.core.image.MediumReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The boot partition an {@link EditSession} writes: a FAT volume on a card or image ({@link FatTarget}),
 * or a mounted folder ({@link FolderTarget}). Reads come from the medium as it is now.
 */
interface BootTarget extends Closeable {
    /** The largest file read back (and so written): 16 MiB, hundreds of times any boot partition's config file. */
    int MAX_FILE_BYTES = 16 << 20;

    /** The current content of {@code file}, or null when it does not exist. */
    byte[] read(String file) throws IOException;

    /** A read-only view of the partition as it is now; the caller closes it. */
    BootFileSystem files() throws IOException;

    /** Writes {@code content} to {@code file}, creating it if needed; {@code before} is what it held. */
    void replace(String file, byte[] content, byte[] before) throws IOException, EditException;

    void delete(String file) throws IOException, EditException;

    /**
     * What the last write repaired on the way (FAT copies an interrupted write left differing), once; null
     * when nothing was.
     */
    default String repaired() {
        return null;
    }

    /** The whole card or image through the session's own handle (not to be closed), or null for a folder. */
    ByteSource disk();

    static BootTarget fat(String path, boolean device, FileChannel channel, MediumReader medium, long start,
                          long size) {
        return new FatTarget(path, device, channel, medium, start, size);
    }

    static BootTarget folder(Path folder) {
        return new FolderTarget(folder);
    }
}
