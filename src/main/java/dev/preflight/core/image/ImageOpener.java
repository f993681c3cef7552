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
import java.util.List;
import org.tukaani.xz.MemoryLimitException;

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

    /** Opens {@code input} with the limits for reading a whole image ({@link ReadBudget#whole()}). */
    public static OpenedInput open(String input, CancellationToken cancel) {
        return open(input, cancel, ReadBudget.whole());
    }

    /** Opens {@code input}; every read through it is charged to {@code budget}. */
    public static OpenedInput open(String input, CancellationToken cancel, ReadBudget budget) {
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
            if (BlockDevices.linuxCharacterDevice(path)) {
                throw unreadable(input, "is a character device, not a card or an image",
                        "Cards are block devices such as /dev/sdb or /dev/mmcblk0 ('lsblk' lists them).", null);
            }
            if (BlockDevices.looksLikeDevice(input, path)) {
                return openDevice(input, path, budget);
            }
            if (!Files.exists(path)) {
                throw unreadable(input, "does not exist",
                        "Check the path. For a card, list devices with 'lsblk' (Linux), 'diskutil list' (macOS)"
                                + " or Disk Management (Windows).", null);
            }
            return openFile(input, path, cancel, budget);
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
        ByteSource raw = new FileByteSource(name, ch, size, ReadBudget.whole());
        return device ? new AlignedByteSource(raw) : raw;
    }

    /** The size of a block device (sysfs on Linux, else the channel), or -1 when unknown. */
    public static long deviceSize(String input, FileChannel ch) {
        return BlockDevices.sizeOf(input, ch);
    }

    private static OpenedInput openDevice(String input, Path path, ReadBudget budget) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        long size = BlockDevices.sizeOf(input, ch);
        return new OpenedInput(input, SourceKind.BLOCK_DEVICE, Compression.NONE, null,
                new AlignedByteSource(new FileByteSource(input, ch, size, budget)), null);
    }

    private static OpenedInput openFile(String input, Path path, CancellationToken cancel, ReadBudget budget)
            throws IOException {
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
                return new OpenedInput(input, SourceKind.IMAGE, c, null, new FileByteSource(input, ch, fileSize, budget),
                        null);
            case ZIP:
                return openZip(input, path, cancel, budget);
            default:
                return new OpenedInput(input, SourceKind.COMPRESSED_IMAGE, c, null,
                        streaming(input, decoder(input, path, c, budget), cancel, budget), null);
        }
    }

    /** A streamed source whose cache and decoder memory fit in what the heap has left ({@link HeapAllowance}). */
    private static StreamingByteSource streaming(String name, Rewindable decoder, CancellationToken cancel,
                                                 ReadBudget budget) throws IOException {
        HeapAllowance.Reservation memory;
        try {
            memory = HeapAllowance.reserve(name, decoder.memory(), CACHE_BYTES, decoder.memory() > (16L << 20)
                    ? "its decoder needs " + (decoder.memory() >> 20) + " MiB for the dictionary the file asks for"
                    : "a block cache");
        } catch (RuntimeException e) {
            decoder.close();
            throw e;
        }
        return new StreamingByteSource(name, decoder, cancel, budget, memory);
    }

    private static Rewindable decoder(String input, Path path, Compression c, ReadBudget budget) throws IOException {
        switch (c) {
            case GZIP:
                return Decoders.gzip(path);
            case BZIP2:
                return Decoders.bzip2(path);
            case ZSTD:
                return Decoders.zstd(path, budget, input);
            case XZ:
                try {
                    return XzDecoders.open(path, budget, input);
                } catch (MemoryLimitException e) {
                    throw unreadable(input, "needs " + (e.getMemoryNeeded() >> 10) + " MiB of memory for its xz index,"
                            + " more than the " + (e.getMemoryLimit() >> 10) + " MiB allowed",
                            "This is not what xz writes for a disk image; check where the file came from.", e);
                } catch (IOException | RuntimeException e) {
                    throw unreadable(input, "is not a readable xz file (" + e.getMessage() + ")",
                            "The file is corrupt: download it again and compare its checksum.", e);
                }
            default:
                throw new IllegalStateException(c.toString());
        }
    }

    private static OpenedInput openZip(String input, Path path, CancellationToken cancel, ReadBudget budget)
            throws IOException {
        ZipArchive.Listing listing;
        ZipArchive.Entry entry;
        long data;
        try {
            listing = ZipArchive.list(path, budget, input);
            entry = chooseImage(input, listing);
            data = ZipArchive.dataStart(path, entry, listing.directoryStart());
        } catch (ZipArchive.TooManyEntries e) {
            throw unreadable(input, "holds more than " + ZipArchive.MAX_ENTRIES + " entries, far more than an image"
                    + " archive", "An image download holds one disk image (and perhaps a few small files). Extract the"
                    + " image you want and inspect that file.", e);
        } catch (IOException e) {
            throw unreadable(input, "is not a readable zip archive (" + e.getMessage() + ")",
                    "The archive is truncated or corrupt: download it again.", e);
        }
        String inner = input + "!" + entry.name();
        if (entry.encrypted()) {
            throw unreadable(input, "holds " + entry.name() + " as an unsupported (encrypted) zip entry",
                    "Preflight does not decrypt archives. Extract the image with the password and inspect the .img.", null);
        }
        Rewindable decoder = Decoders.zipEntry(path, entry, data);
        if (decoder == null) {
            throw unreadable(input, "holds " + entry.name() + " compressed with "
                    + ZipArchive.methodName(entry.method()) + ", which Preflight cannot read",
                    "Extract the image with your archive tool and inspect the .img.", null);
        }
        return new OpenedInput(input, SourceKind.COMPRESSED_IMAGE, Compression.ZIP, entry.name(),
                streaming(inner, decoder, cancel, budget), null);
    }

    private static ZipArchive.Entry chooseImage(String input, ZipArchive.Listing listing) {
        List<ZipArchive.Entry> images = listing.images();
        if (images.size() == 1) {
            return images.get(0);
        }
        if (images.isEmpty() && listing.fileCount() == 1) {
            return listing.firstFiles().get(0);
        }
        if (images.isEmpty()) {
            throw unreadable(input, "holds no disk image (" + listing.fileCount() + " other files)",
                    "Check that this is the archive of a balenaOS image (it should contain one .img file).", null);
        }
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < images.size() && i < 5; i++) {
            names.append(i == 0 ? "" : ", ").append(images.get(i).name());
        }
        throw unreadable(input, "holds " + images.size() + " disk images (" + names + (images.size() > 5 ? ", ..." : "")
                + ")", "Extract the image you want and inspect that file.", null);
    }

    static PreflightException unreadable(String input, String what, String hint, Throwable cause) {
        return new PreflightException(ErrorCode.UNREADABLE_INPUT, input + " " + what + ".", hint, cause);
    }
}
