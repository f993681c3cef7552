package dev.preflight.core.edit;

import dev.preflight.core.boot.BootLocation;
import dev.preflight.core.boot.PartitionInfo;
import dev.preflight.core.fat.BootFileSystem;
import dev.preflight.core.fat.FatFormatException;
import dev.preflight.core.fat.FatVolume;
import dev.preflight.core.image.ByteSource;
import dev.preflight.core.image.Disk;
import dev.preflight.core.image.ImageOpener;
import dev.preflight.core.image.MediumReader;
import dev.preflight.core.image.SourceFailures;
import dev.preflight.core.image.SourceKind;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.report.Severity;
import dev.preflight.core.task.CancellationToken;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A FAT boot partition on a card or image: written through the session's channel with the ordered
 * protocol ({@link FatWriter}), read back through {@link MediumReader} (past the page cache on a card).
 */
final class FatTarget implements BootTarget {
    private final String path;
    private final boolean device;
    private final FileChannel channel;
    private final MediumReader medium;
    private final long start;
    private final long size;
    private String repaired;

    FatTarget(String path, boolean device, FileChannel channel, MediumReader medium, long start, long size) {
        this.path = path;
        this.device = device;
        this.channel = channel;
        this.medium = medium;
        this.start = start;
        this.size = size;
    }

    /** A card or image opened for an edit: its boot partition, locked and found sound. */
    record Opened(FatTarget target, String where, CardIdentity identity, CardLock lock, String note) {
    }

    /**
     * Opens the card or image at {@code source} for writing, takes its lock, and refuses it (exit 2, nothing
     * written) when its partition table or boot FAT is unsound or it is mounted.
     */
    static Opened open(String source, SourceKind kind, CancellationToken cancel) {
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
            boot = BootLocation.find(ByteSource.borrowed(kind == SourceKind.BLOCK_DEVICE ? medium
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
            FatTarget fat = new FatTarget(source, kind == SourceKind.BLOCK_DEVICE, ch, medium, p.start(), p.size());
            fat.checkWritable(); // refuses an unsound FAT (loops, cross-links, hard error) up front
            String note = kind == SourceKind.BLOCK_DEVICE && !medium.direct() ? "this system would not read " + source
                    + " past its cache, so the read-back went through the cache; inspect the card again after"
                    + " reinserting it" : null;
            return new Opened(fat, where, id, lock, note);
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

    private static long deviceSize(String source, FileChannel ch) throws IOException {
        long size = ImageOpener.deviceSize(source, ch);
        if (size <= 0) {
            throw new IOException("the size of " + source + " is unknown");
        }
        return size;
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

    /** Refuses an unsound FAT (loops, cross-links, hard error), writing nothing. */
    void checkWritable() throws IOException, EditException {
        new FatWriter(Disk.of(channel, medium), start, size, false);
    }

    /** The writer for a change; FAT copies an interrupted write left differing are made equal first. */
    FatWriter writer() throws IOException, EditException {
        FatWriter w = new FatWriter(Disk.of(channel, medium), start, size, true);
        if (w.repairedSectors() > 0) {
            repaired = "the boot partition's FAT copies differed (an earlier write was interrupted); before writing,"
                    + " the other copy was made equal to the first, which agrees with the files, as 'fsck.fat -a'"
                    + " does (" + w.repairedSectors() + " sector" + (w.repairedSectors() == 1 ? "" : "s") + ")";
        }
        return w;
    }

    @Override
    public String repaired() {
        String r = repaired;
        repaired = null;
        return r;
    }

    @Override
    public byte[] read(String file) throws IOException {
        try (BootFileSystem fs = files()) {
            return fs.read(file, MAX_FILE_BYTES);
        }
    }

    @Override
    public BootFileSystem files() throws IOException {
        try {
            return FatVolume.open(ByteSource.borrowed(medium), start, size);
        } catch (FatFormatException e) {
            throw new IOException("the boot partition cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void replace(String file, byte[] content, byte[] before) throws IOException, EditException {
        writer().put(file, content);
    }

    @Override
    public void delete(String file) throws IOException, EditException {
        writer().delete(file);
    }

    @Override
    public ByteSource disk() {
        return ByteSource.borrowed(ImageOpener.channelSource(path, channel, medium.size(), device));
    }

    @Override
    public void close() throws IOException {
        try {
            medium.close();
        } finally {
            channel.close();
        }
    }
}
