package dev.preflight.core.fat;

import de.waldheinz.fs.BlockDevice;
import de.waldheinz.fs.FsDirectory;
import de.waldheinz.fs.FsDirectoryEntry;
import de.waldheinz.fs.fat.FatFileSystem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Adds a new file to a FAT volume inside an image or card through fat32-lib. Its flush writes the
 * FAT before the directory, so a crash in between leaves only unreferenced clusters, never a
 * directory entry pointing at free space.
 */
public final class FatFileCreator {
    private FatFileCreator() {
    }

    public static void create(FileChannel channel, long start, long size, String file, byte[] content)
            throws IOException {
        create(new FileRegionBlockDevice(channel, start, size), file, content);
        channel.force(true);
    }

    /** Adds {@code file} on the volume behind {@code device} (tests pass a fault-injecting device). */
    public static void create(BlockDevice device, String file, byte[] content) throws IOException {
        FatFileSystem fs = FatFileSystem.read(device, false);
        String[] parts = file.split("/");
        FsDirectory dir = fs.getRoot();
        for (int i = 0; i < parts.length - 1; i++) {
            FsDirectoryEntry sub = dir.getEntry(parts[i]);
            dir = sub != null ? sub.getDirectory() : dir.addDirectory(parts[i]).getDirectory();
        }
        FsDirectoryEntry e = dir.addFile(parts[parts.length - 1]);
        e.getFile().setLength(content.length);
        e.getFile().write(0, ByteBuffer.wrap(content));
        fs.flush();
        device.flush();
    }
}
