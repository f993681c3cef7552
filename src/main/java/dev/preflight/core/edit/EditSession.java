package dev.preflight.core.edit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.core.boot.BootLocation;
import dev.preflight.core.boot.DeviceTypeJson;
import dev.preflight.core.boot.PartitionInfo;
import dev.preflight.core.fat.BootFileSystem;
import dev.preflight.core.fat.FatFormatException;
import dev.preflight.core.fat.FatVolume;
import dev.preflight.core.fat.FolderBootFileSystem;
import dev.preflight.core.image.ByteSource;
import dev.preflight.core.image.Disk;
import dev.preflight.core.image.ImageOpener;
import dev.preflight.core.image.MediumReader;
import dev.preflight.core.image.OpenedInput;
import dev.preflight.core.image.SourceFailures;
import dev.preflight.core.image.SourceKind;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.report.Severity;
import dev.preflight.core.task.CancellationToken;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One edit of one card, the only way Preflight writes to a boot partition (decision 0014). Opening a
 * session opens the card once, takes its {@link CardLock}, and refuses a card that an edit could make
 * worse (partition overlap or out of range, FAT chains that loop, leave the volume or are cross-linked,
 * FAT copies that differ, a recorded hard error) before a byte is written. Each {@link #write} or
 * {@link #delete} then backs the old file up (keyed by {@link CardIdentity}), writes with the ordered
 * protocol ({@link FatWriter}, or {@link FolderWriter} for a mounted folder), reads the file back from
 * the medium (bypassing the page cache on cards) and records the change in the provisioning log
 * through the same open handle, only when bytes changed.
 */
public final class EditSession implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String path;
    private final SourceKind kind;
    private final String where;
    private final Path folder;
    private final FileChannel channel;
    private final MediumReader medium;
    private final long volumeStart;
    private final long volumeSize;
    private final CardIdentity identity;
    private final Editing editing;
    private final CardLock lock;
    private final List<String> notes = new ArrayList<>();
    private Path createdOutput;
    private boolean completed;

    private EditSession(String path, SourceKind kind, String where, Path folder, FileChannel channel,
                        MediumReader medium, long volumeStart, long volumeSize, CardIdentity identity,
                        Editing editing, CardLock lock) {
        this.path = path;
        this.kind = kind;
        this.where = where;
        this.folder = folder;
        this.channel = channel;
        this.medium = medium;
        this.volumeStart = volumeStart;
        this.volumeSize = volumeSize;
        this.identity = identity;
        this.editing = editing;
        this.lock = lock;
    }

    /**
     * Opens {@code input} for editing. With {@code output} set, {@code input} (raw or compressed) is
     * first copied to {@code output} as a raw image, and the copy is edited.
     *
     * @throws PreflightException USAGE/UNREADABLE_INPUT (exit 2) when the card cannot or must not be
     *                            written, INCOMPLETE (exit 3) when another editor holds it
     */
    public static EditSession open(String input, Path output, Editing editing, CancellationToken cancel) {
        String source = input;
        SourceKind kind;
        try (OpenedInput in = ImageOpener.open(input, cancel)) {
            kind = in.kind();
        } catch (IOException e) {
            throw new PreflightException(ErrorCode.INCOMPLETE, "Reading " + input + " failed: " + e.getMessage(),
                    "Check that the card is still inserted.", e);
        }
        if (output != null) {
            if (kind == SourceKind.FOLDER) {
                throw new PreflightException(ErrorCode.USAGE, "--output needs an image or card, not a folder.",
                        "Edit the folder directly.");
            }
            RawCopy.write(input, output, cancel);
            source = output.toString();
            kind = SourceKind.IMAGE;
            try {
                EditSession s = openRaw(source, kind, editing, cancel);
                s.createdOutput = output;
                return s;
            } catch (RuntimeException e) {
                try {
                    Files.deleteIfExists(output); // a refused or failed edit leaves no half-made copy behind
                } catch (IOException ignored) {
                    // the first problem is reported
                }
                throw e;
            }
        } else if (kind == SourceKind.COMPRESSED_IMAGE) {
            throw new PreflightException(ErrorCode.USAGE, input + " is compressed and is never edited in place.",
                    "Add --output NEW.img to write an edited raw copy.");
        }
        if (kind == SourceKind.FOLDER) {
            Path dir = Path.of(source);
            CardLock lock = CardLock.acquire(dir, "the folder " + source);
            String real;
            try {
                real = dir.toRealPath().toString();
            } catch (IOException e) {
                real = dir.toAbsolutePath().normalize().toString();
            }
            return new EditSession(source, kind, "folder " + source, dir, null, null, 0, 0,
                    new CardIdentity("folder", null, null, null, null, real), editing, lock);
        }
        return openRaw(source, kind, editing, cancel);
    }

    private static EditSession openRaw(String source, SourceKind kind, Editing editing, CancellationToken cancel) {
        if (kind == SourceKind.BLOCK_DEVICE) {
            MountTable.refuseIfMounted(source);
        } else {
            MountTable.refuseIfImageMounted(Path.of(source));
        }
        FileChannel ch = openForWriting(source);
        CardLock lock = null;
        MediumReader medium = null;
        try {
            lock = CardLock.acquire(Path.of(source), source);
            long size = kind == SourceKind.BLOCK_DEVICE ? deviceSize(source, ch) : ch.size();
            medium = kind == SourceKind.BLOCK_DEVICE ? MediumReader.open(Path.of(source), size)
                    : MediumReader.openCached(Path.of(source), size);
            List<Finding> findings = new ArrayList<>();
            BootLocation boot;
            // a card is read from the medium (its page cache may be stale if it was written through another
            // path, e.g. the image file behind a loop device); an image file through its cache, which is the file
            boot = BootLocation.find(new Unclosed(kind == SourceKind.BLOCK_DEVICE ? medium
                    : ImageOpener.channelSource(source, ch, size, false)), findings, cancel);
            List<Finding> blocking = findings.stream().filter(f -> f.severity() == Severity.ERROR)
                    .collect(Collectors.toList());
            if (!blocking.isEmpty()) {
                throw new UnsoundCardException(source, blocking);
            }
            if (boot == null) {
                throw new PreflightException(ErrorCode.UNREADABLE_INPUT, "No readable boot partition was found on "
                        + source + ".", "Run 'preflight inspect " + source + "' to see why.");
            }
            PartitionInfo p = boot.partition();
            String where = "partition " + p.number() + " (" + boot.volume().label() + ") of " + source;
            String real = kind == SourceKind.BLOCK_DEVICE ? null : Path.of(source).toRealPath().toString();
            CardIdentity id = new CardIdentity(kind == SourceKind.BLOCK_DEVICE ? "card" : "image", boot.diskId(),
                    boot.volume().bootSector().volumeSerial(), size, null, real);
            EditSession s = new EditSession(source, kind, where, null, ch, medium, p.start(), p.size(), id, editing,
                    lock);
            s.writer(); // refuses an unsound FAT (loops, cross-links, differing copies, hard error) up front
            if (kind == SourceKind.BLOCK_DEVICE && !medium.direct()) {
                s.notes.add("this system would not read " + source + " past its cache, so the read-back went through"
                        + " the cache; inspect the card again after reinserting it");
            }
            return s;
        } catch (EditException e) {
            closeQuietly(ch, medium, lock);
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, "Not writing to " + source + ": " + e.getMessage(),
                    "Nothing was written.", e);
        } catch (IOException e) {
            closeQuietly(ch, medium, lock);
            SourceFailures.rethrowIfFatal(e);
            throw new PreflightException(ErrorCode.INCOMPLETE, "Reading " + source + " failed: " + e.getMessage(),
                    "Check that the card is still inserted.", e);
        } catch (RuntimeException e) {
            closeQuietly(ch, medium, lock);
            throw e;
        }
    }

    /** A card whose partition table or boot file system an edit could make worse: exit 2, nothing written. */
    public static final class UnsoundCardException extends PreflightException {
        private final List<Finding> findings;

        UnsoundCardException(String source, List<Finding> findings) {
            super(ErrorCode.UNREADABLE_INPUT, "Not writing to " + source + ": it is not sound. " + findings.stream()
                            .map(f -> f.code().name() + ": " + f.message()).collect(Collectors.joining(" ")),
                    "Nothing was written. Back up what you need from the card, then repair the boot partition with"
                            + " 'fsck.fat -a' (or fix the partition table), or reflash the card; inspect it again.");
            this.findings = List.copyOf(findings);
        }

        public List<Finding> findings() {
            return findings;
        }
    }

    private static long deviceSize(String source, FileChannel ch) throws IOException {
        long size = ImageOpener.deviceSize(source, ch);
        if (size <= 0) {
            throw new IOException("the size of " + source + " is unknown");
        }
        return size;
    }

    /** The card or image through the edit's own handle, read through the OS cache (not closed). */
    private ByteSource cached() {
        return new Unclosed(ImageOpener.channelSource(path, channel, medium.size(), kind == SourceKind.BLOCK_DEVICE));
    }

    private static FileChannel openForWriting(String source) {
        try {
            return FileChannel.open(Path.of(source), StandardOpenOption.READ, StandardOpenOption.WRITE);
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
    }

    private static void closeQuietly(FileChannel ch, MediumReader medium, CardLock lock) {
        try {
            if (medium != null) {
                medium.close();
            }
            ch.close();
        } catch (IOException ignored) {
            // reporting the first problem
        }
        if (lock != null) {
            lock.close();
        }
    }

    private FatWriter writer() throws IOException, EditException {
        return new FatWriter(Disk.of(channel, medium), volumeStart, volumeSize);
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

    /** Which card this is, for backups. */
    public CardIdentity identity() {
        return identity;
    }

    /** Notes for the user after the edit (e.g. the log could not be written); empty when all went well. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** The current content of {@code file} read from the medium, or null when it does not exist. */
    public byte[] read(String file) throws IOException {
        if (folder != null) {
            return FolderWriter.read(folder, file);
        }
        try (BootFileSystem fs = files()) {
            return fs.read(file, 16 << 20);
        }
    }

    /** A read-only view of the boot partition as it is on the medium now; the caller closes it. */
    public BootFileSystem files() throws IOException {
        if (folder != null) {
            return new FolderBootFileSystem(folder);
        }
        try {
            return FatVolume.open(new Unclosed(medium), volumeStart, volumeSize);
        } catch (FatFormatException e) {
            throw new IOException("the boot partition cannot be read: " + e.getMessage(), e);
        }
    }

    /** The device type slug from device-type.json, or null. */
    public String deviceType() throws IOException {
        try (BootFileSystem fs = files()) {
            return DeviceTypeJson.slug(fs.read("device-type.json", 1 << 20));
        }
    }

    /**
     * Writes {@code content} to {@code file} (creating it if needed) and records {@code changes} in the log.
     * Does nothing and returns false when the file already holds exactly these bytes.
     */
    public boolean write(String file, byte[] content, List<String> changes) throws IOException, EditException {
        return apply(file, content, changes, true);
    }

    /** Deletes {@code file} (backed up first) and records {@code changes}. Returns false when it was absent. */
    public boolean delete(String file, List<String> changes) throws IOException, EditException {
        return apply(file, null, changes, true);
    }

    /** As {@link #write}/{@link #delete} ({@code content} null), without a backup: used to restore one. */
    boolean restore(String file, byte[] content, List<String> changes) throws IOException, EditException {
        return apply(file, content, changes, false);
    }

    private boolean apply(String file, byte[] content, List<String> changes, boolean backup)
            throws IOException, EditException {
        byte[] before = read(file);
        if (content == null ? before == null : Arrays.equals(before, content)) {
            completed = true;
            return false;
        }
        if (backup) {
            byte[] config = file.equalsIgnoreCase("config.json") ? content : read("config.json");
            editing.backups().save(identity, path, file, before, content == null ? new byte[0] : content,
                    uuidOf(config));
        }
        if (folder != null) {
            if (content == null) {
                FolderWriter.delete(folder, file);
            } else {
                FolderWriter.replace(folder, file, content, before);
            }
        } else {
            FatWriter w = writer();
            if (content == null) {
                w.delete(file);
            } else {
                w.put(file, content);
            }
        }
        byte[] back = read(file);
        if (content == null ? back != null : !Arrays.equals(back, content)) {
            throw new EditException("after writing, " + file + " on " + where + " reads back differently from the"
                    + " card; the card may be failing. Check it with 'preflight inspect'.");
        }
        String problem = editing.log().record(channel == null ? null : cached(), path, kind, changes);
        if (problem != null) {
            notes.add(problem);
        }
        completed = true;
        return true;
    }

    /** The {@code uuid} of a config.json, or null. */
    public static String uuidOf(byte[] configJson) {
        if (configJson == null) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(configJson);
            return n != null && n.path("uuid").isTextual() ? n.path("uuid").asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Marks the session's work as done without a write (nothing needed changing). */
    public void done() {
        completed = true;
    }

    @Override
    public void close() throws IOException {
        try {
            if (medium != null) {
                medium.close();
            }
            if (channel != null) {
                channel.close();
            }
            if (createdOutput != null && !completed) {
                Files.deleteIfExists(createdOutput); // refused before writing: no copy that looks edited
            }
        } finally {
            lock.close();
        }
    }

    /** A source whose owner closes it. */
    private static final class Unclosed implements ByteSource {
        private final ByteSource inner;

        Unclosed(ByteSource inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public long size() {
            return inner.size();
        }

        @Override
        public int read(long position, byte[] buf, int off, int len) throws IOException {
            return inner.read(position, buf, off, len);
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
                Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
