package dev.preflight.core.edit;

import dev.preflight.core.fat.BootFileSystem;
import dev.preflight.core.fat.FatFormatException;
import dev.preflight.core.fat.FatVolume;
import dev.preflight.core.fat.FatFileCreator;
import dev.preflight.core.image.ByteSource;
import dev.preflight.core.image.ImageOpener;
import dev.preflight.core.image.OpenedInput;
import dev.preflight.core.image.SourceFailures;
import dev.preflight.core.image.SourceKind;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.inspect.InspectionService;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A boot partition opened for editing: inside a raw image or on a card (through
 * {@link FatFileReplacer}), or a mounted folder (through {@link FolderWriter}). Compressed images are
 * refused; {@link #open} with an output path first writes an edited raw copy.
 */
public final class BootEditTarget implements Closeable {
    private final String path;
    private final SourceKind kind;
    private final String where;
    private final String identity;
    private final Path folder;
    private final FileChannel channel;
    private final long volumeStart;
    private final long volumeSize;

    private BootEditTarget(String path, SourceKind kind, String where, String identity, Path folder,
                           FileChannel channel, long volumeStart, long volumeSize) {
        this.path = path;
        this.kind = kind;
        this.where = where;
        this.identity = identity;
        this.folder = folder;
        this.channel = channel;
        this.volumeStart = volumeStart;
        this.volumeSize = volumeSize;
    }

    /**
     * Opens {@code input} for editing. With {@code output} set, {@code input} (raw or compressed) is
     * first copied to {@code output} as a raw image, and the copy is edited.
     */
    public static BootEditTarget open(String input, Path output, CancellationToken cancel) {
        String source = input;
        SourceKind kind;
        try (OpenedInput in = ImageOpener.open(input, cancel)) {
            kind = in.kind();
        } catch (IOException e) {
            throw new PreflightException(ErrorCode.INCOMPLETE, "Reading " + input + " failed: " + e.getMessage(),
                    "Check that the card is still inserted.", e);
        }
        if (output != null) {
            RawCopy.write(input, output, cancel);
            source = output.toString();
            kind = SourceKind.IMAGE;
        } else if (kind == SourceKind.COMPRESSED_IMAGE) {
            throw new PreflightException(ErrorCode.USAGE, input + " is compressed and is never edited in place.",
                    "Add --output NEW.img to write an edited raw copy.");
        }
        if (kind == SourceKind.FOLDER) {
            return new BootEditTarget(source, kind, "folder " + source, "folder-" + Identity.ofPath(source),
                    Path.of(source), null, 0, 0);
        }
        if (kind == SourceKind.BLOCK_DEVICE) {
            String mountPoint = MountTable.mountPointOf(source);
            if (mountPoint != null) {
                throw new PreflightException(ErrorCode.USAGE, source + " is mounted at " + mountPoint
                        + "; writing to the raw card would fight the OS cache and corrupt it.",
                        "Edit the mounted folder instead (preflight config set " + mountPoint + " ...), or unmount it.");
            }
        }
        InspectionService.BootLocation boot = locate(source, cancel);
        FileChannel ch;
        try {
            ch = FileChannel.open(Path.of(source), StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, source + " cannot be opened for writing:"
                    + " permission denied.", "For a card, run with sudo or join the 'disk' group; check the card's"
                    + " write-protect switch.", e);
        } catch (FileSystemException e) {
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, source + " cannot be opened for writing ("
                    + e.getReason() + ").", "Check the card's write-protect switch and that the file is not read-only.", e);
        } catch (IOException e) {
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, source + " cannot be opened for writing ("
                    + e.getMessage() + ").", "Check that the card is inserted and writable.", e);
        }
        InspectionReport.PartitionInfo p = boot.partition();
        String where = "partition " + p.number() + " (" + boot.volume().label() + ") of " + source;
        String id = (kind == SourceKind.BLOCK_DEVICE ? "card-" : "image-")
                + Identity.of(boot.diskId(), source, kind == SourceKind.BLOCK_DEVICE);
        return new BootEditTarget(source, kind, where, id, null, ch, p.start(), p.size());
    }

    /** Locates the boot partition of a disk (read-only), or explains why there is none. */
    private static InspectionService.BootLocation locate(String source, CancellationToken cancel) {
        try (OpenedInput in = ImageOpener.open(source, cancel)) {
            InspectionService.BootLocation boot = InspectionService.locateBoot(in.bytes(), cancel);
            if (boot == null) {
                throw noBoot(source);
            }
            return boot;
        } catch (IOException e) {
            SourceFailures.rethrowIfFatal(e);
            throw new PreflightException(ErrorCode.INCOMPLETE, "Reading " + source + " failed: " + e.getMessage(),
                    "Check that the card is still inserted.", e);
        }
    }

    private static PreflightException noBoot(String input) {
        return new PreflightException(ErrorCode.UNREADABLE_INPUT, "No readable boot partition was found on " + input
                + ".", "Run 'preflight inspect " + input + "' to see why.");
    }

    /** Deletes a file with the write protocol (see {@link FatFileReplacer#delete}). */
    public void delete(String file) throws IOException, EditException {
        if (folder != null) {
            java.nio.file.Files.deleteIfExists(folder.resolve(file));
            return;
        }
        Disk disk = Disk.of(channel, channel.size());
        new FatFileReplacer(disk, volumeStart, volumeSize).delete(file);
        if (read(file) != null) {
            throw new EditException(file + " is still present on " + where + " after deleting it");
        }
    }

    /** A boot partition opened read-only (compressed images too), for reading files. */
    public static final class ReadOnly implements Closeable {
        private final OpenedInput in;
        private final BootFileSystem fs;
        private final String where;

        ReadOnly(OpenedInput in, BootFileSystem fs, String where) {
            this.in = in;
            this.fs = fs;
            this.where = where;
        }

        public byte[] read(String file) throws IOException {
            return fs.read(file, 16 << 20);
        }

        public String where() {
            return where;
        }

        public BootFileSystem files() {
            return fs;
        }

        @Override
        public void close() throws IOException {
            fs.close();
            in.close();
        }
    }

    public static ReadOnly readOnly(String input, CancellationToken cancel) {
        OpenedInput in = ImageOpener.open(input, cancel);
        try {
            if (in.folder() != null) {
                return new ReadOnly(in, new dev.preflight.core.fat.FolderBootFileSystem(in.folder()), "folder " + input);
            }
            InspectionService.BootLocation boot = InspectionService.locateBoot(in.bytes(), cancel);
            if (boot == null) {
                throw noBoot(input);
            }
            return new ReadOnly(in, boot.volume(), "partition " + boot.partition().number() + " ("
                    + boot.volume().label() + ") of " + input);
        } catch (IOException | RuntimeException e) {
            try {
                in.close();
            } catch (IOException ignored) {
                // reporting the first problem
            }
            if (e instanceof PreflightException) {
                throw (PreflightException) e;
            }
            SourceFailures.rethrowIfFatal(e);
            throw new PreflightException(ErrorCode.INCOMPLETE, "Reading the boot partition of " + input + " failed: "
                    + e.getMessage(), "Run 'preflight inspect " + input + "' to see why.", e);
        }
    }

    /** The path actually edited (the --output copy when one was asked for). */
    public String path() {
        return path;
    }

    public SourceKind kind() {
        return kind;
    }

    /** "partition 1 (resin-boot) of /dev/sdb", for messages that name the card being written. */
    public String where() {
        return where;
    }

    /** Stable key of this card or image, for backups. */
    public String identity() {
        return identity;
    }

    /** The current content of {@code file}, or null when it does not exist. */
    public byte[] read(String file) throws IOException {
        try (BootFileSystem fs = openReadOnly()) {
            return fs.read(file, 16 << 20);
        }
    }

    /** A read-only view of the boot partition as it is on the medium now. */
    public BootFileSystem openReadOnly() throws IOException {
        if (folder != null) {
            return new dev.preflight.core.fat.FolderBootFileSystem(folder);
        }
        try {
            return FatVolume.open(new ChannelSource(channel, path), volumeStart, volumeSize);
        } catch (FatFormatException e) {
            throw new IOException("the boot partition cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code content} to {@code file} with the write protocol, then reads it back through a
     * fresh view and compares.
     */
    public void write(String file, byte[] content) throws IOException, EditException {
        if (folder != null) {
            FolderWriter.replace(folder.resolve(file), content);
        } else {
            Disk disk = Disk.of(channel, channel.size());
            FatFileReplacer r = new FatFileReplacer(disk, volumeStart, volumeSize);
            if (r.exists(file)) {
                r.replace(file, content);
            } else {
                r.repairFsInfo();
                FatFileCreator.create(channel, volumeStart, volumeSize, file, content);
            }
        }
        byte[] back = read(file);
        if (back == null || !Arrays.equals(back, content)) {
            throw new EditException("after writing, " + file + " on " + where + " reads back differently; the card"
                    + " may be failing. Check it with 'preflight inspect'.");
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }

    /** A read-only ByteSource over the channel being edited. */
    private static final class ChannelSource implements ByteSource {
        private final FileChannel ch;
        private final String name;

        ChannelSource(FileChannel ch, String name) {
            this.ch = ch;
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long size() {
            try {
                return ch.size();
            } catch (IOException e) {
                return -1;
            }
        }

        @Override
        public int read(long position, byte[] buf, int off, int len) throws IOException {
            return ch.read(ByteBuffer.wrap(buf, off, len), position);
        }

        @Override
        public void close() {
        }
    }

    /** Decompresses (or copies) an image to a raw file, then it can be edited. */
    static final class RawCopy {
        private RawCopy() {
        }

        static void write(String input, Path output, CancellationToken cancel) {
            Path tmp = output.resolveSibling(output.getFileName() + ".part");
            try (OpenedInput in = ImageOpener.open(input, cancel);
                 FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SPARSE)) {
                if (in.bytes() == null) {
                    throw new PreflightException(ErrorCode.USAGE, "--output needs an image or card, not a folder.",
                            "Edit the folder directly.");
                }
                byte[] buf = new byte[1 << 20];
                long pos = 0;
                while (true) {
                    cancel.throwIfCancelled();
                    int n = in.bytes().read(pos, buf, 0, buf.length);
                    if (n <= 0) {
                        break;
                    }
                    if (!isZero(buf, n)) {
                        ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                        long p = pos;
                        while (b.hasRemaining()) {
                            p += out.write(b, p);
                        }
                    }
                    pos += n;
                }
                out.truncate(pos);
                if (out.size() < pos) {
                    out.write(ByteBuffer.wrap(new byte[1]), pos - 1);
                }
                out.force(true);
            } catch (IOException e) {
                throw new PreflightException(ErrorCode.INCOMPLETE, "Writing " + output + " failed: " + e.getMessage(),
                        "Check free disk space and that the folder is writable.", e);
            }
            try {
                java.nio.file.Files.move(tmp, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new PreflightException(ErrorCode.INCOMPLETE, "Could not move " + tmp + " to " + output + ": "
                        + e.getMessage(), "Check that the folder is writable.", e);
            }
        }

        private static boolean isZero(byte[] b, int n) {
            for (int i = 0; i < n; i++) {
                if (b[i] != 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
