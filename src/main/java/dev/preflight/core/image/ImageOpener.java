package dev.preflight.core.image;

import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Opens whatever the user named, read-only: a raw image, a compressed image (recognised by its
 * magic bytes), a block device or a mounted boot partition folder. Every failure is a
 * {@link PreflightException} naming the input and saying what to do.
 */
public final class ImageOpener {
    /** Decompressed blocks kept in memory per compressed source. */
    public static final long CACHE_BYTES = 96L << 20;

    private ImageOpener() {
    }

    public static OpenedInput open(String input, CancellationToken cancel) {
        Path path;
        try {
            path = Path.of(input);
        } catch (InvalidPathException e) {
            throw unreadable(input, "is not a valid path", "Check the spelling of the path.", e);
        }
        try {
            if (Files.isDirectory(path)) {
                return new OpenedInput(input, SourceKind.FOLDER, Compression.NONE, null, null, path);
            }
            if (BlockDevices.looksLikeDevice(input, path)) {
                return openDevice(input, path);
            }
            if (!Files.exists(path)) {
                throw unreadable(input, "does not exist",
                        "Check the path. For a card, list devices with 'lsblk' (Linux), 'diskutil list' (macOS)"
                                + " or Disk Management (Windows).", null);
            }
            return openFile(input, path, cancel);
        } catch (AccessDeniedException e) {
            throw unreadable(input, "cannot be read: permission denied",
                    "For a card, run with sudo or add your user to the 'disk' group (Linux); on Windows run as"
                            + " administrator. For a file, check its permissions.", e);
        } catch (NoSuchFileException e) {
            throw unreadable(input, "does not exist", "Check the path; a card may have been removed.", e);
        } catch (IOException e) {
            throw unreadable(input, "could not be opened (" + e.getMessage() + ")",
                    "Check that the file or card is present and readable.", e);
        }
    }

    /**
     * A source over a channel someone else opened (an editor's read-write handle), read like
     * {@link #open} reads that kind of input; closing it closes the channel.
     */
    public static ByteSource channelSource(String name, FileChannel ch, long size, boolean device) {
        ByteSource raw = new FileByteSource(name, ch, size);
        return device ? new AlignedByteSource(raw) : raw;
    }

    /** The size of a block device (sysfs on Linux, else the channel), or -1 when unknown. */
    public static long deviceSize(String input, FileChannel ch) {
        return BlockDevices.sizeOf(input, ch);
    }

    private static OpenedInput openDevice(String input, Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        long size = BlockDevices.sizeOf(input, ch);
        return new OpenedInput(input, SourceKind.BLOCK_DEVICE, Compression.NONE, null,
                new AlignedByteSource(new FileByteSource(input, ch, size)), null);
    }

    private static OpenedInput openFile(String input, Path path, CancellationToken cancel) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw unreadable(input, "is neither an image file, a block device nor a folder",
                    "Give the path of a .img file (raw or compressed), a card such as /dev/sdb, or a mounted"
                            + " boot partition.", null);
        }
        long fileSize = Files.size(path);
        if (fileSize == 0) {
            throw unreadable(input, "is empty (0 bytes)",
                    "The download or copy did not finish: get the image again.", null);
        }
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        }
        Compression c = Compression.sniff(head, n);
        switch (c) {
            case NONE:
                FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
                return new OpenedInput(input, SourceKind.IMAGE, c, null, new FileByteSource(input, ch, fileSize), null);
            case ZIP:
                return openZip(input, path, cancel);
            default:
                return new OpenedInput(input, SourceKind.COMPRESSED_IMAGE, c, null,
                        new StreamingByteSource(input, decoder(input, path, c), cancel, CACHE_BYTES), null);
        }
    }

    private static Rewindable decoder(String input, Path path, Compression c) throws IOException {
        switch (c) {
            case GZIP:
                return Decoders.gzip(path);
            case BZIP2:
                return Decoders.bzip2(path);
            case ZSTD:
                return Decoders.zstd(path);
            case XZ:
                try {
                    return Decoders.xz(path.toFile());
                } catch (IOException | RuntimeException e) {
                    throw unreadable(input, "is not a readable xz file (" + e.getMessage() + ")",
                            "The file is truncated or corrupt: download it again and compare its checksum.", e);
                }
            default:
                throw new IllegalStateException(c.toString());
        }
    }

    private static OpenedInput openZip(String input, Path path, CancellationToken cancel) throws IOException {
        ZipFile zip;
        try {
            zip = ZipFile.builder().setPath(path).get();
        } catch (IOException | RuntimeException e) {
            throw unreadable(input, "is not a readable zip archive (" + e.getMessage() + ")",
                    "The archive is truncated or corrupt: download it again.", e);
        }
        try {
            ZipArchiveEntry entry = chooseImage(input, zip);
            return new OpenedInput(input, SourceKind.COMPRESSED_IMAGE, Compression.ZIP, entry.getName(),
                    new StreamingByteSource(input + "!" + entry.getName(), Decoders.zipEntry(zip, entry), cancel,
                            CACHE_BYTES), null);
        } catch (RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    private static ZipArchiveEntry chooseImage(String input, ZipFile zip) {
        List<ZipArchiveEntry> files = new ArrayList<>();
        List<ZipArchiveEntry> images = new ArrayList<>();
        for (ZipArchiveEntry e : java.util.Collections.list(zip.getEntries())) {
            String name = e.getName();
            String base = name.substring(name.lastIndexOf('/') + 1);
            if (e.isDirectory() || name.startsWith("__MACOSX/") || base.startsWith(".") || base.isEmpty()) {
                continue;
            }
            files.add(e);
            String lower = base.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".img") || lower.endsWith(".raw") || lower.endsWith(".balenaos-img")
                    || lower.endsWith(".sdcard") || lower.endsWith(".bin")) {
                images.add(e);
            }
        }
        if (images.size() == 1) {
            return images.get(0);
        }
        if (images.isEmpty() && files.size() == 1) {
            return files.get(0);
        }
        if (images.isEmpty()) {
            throw unreadable(input, "holds no disk image (" + files.size() + " other files)",
                    "Check that this is the archive of a balenaOS image (it should contain one .img file).", null);
        }
        StringBuilder names = new StringBuilder();
        for (ZipArchiveEntry e : images) {
            names.append(names.length() == 0 ? "" : ", ").append(e.getName());
        }
        throw unreadable(input, "holds " + images.size() + " disk images (" + names + ")",
                "Extract the image you want and inspect that file.", null);
    }

    static PreflightException unreadable(String input, String what, String hint, Throwable cause) {
        return new PreflightException(ErrorCode.UNREADABLE_INPUT, input + " " + what + ".", hint, cause);
    }
}
