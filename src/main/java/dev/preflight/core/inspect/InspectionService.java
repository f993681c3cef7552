package dev.preflight.core.inspect;

import dev.preflight.core.ext4.Ext4Superblock;
import dev.preflight.core.fat.BootFileSystem;
import dev.preflight.core.fat.FatFormatException;
import dev.preflight.core.fat.FatVolume;
import dev.preflight.core.fat.FolderBootFileSystem;
import dev.preflight.core.image.ByteSource;
import dev.preflight.core.image.CorruptStreamException;
import dev.preflight.core.image.SourceFailures;
import dev.preflight.core.image.ImageOpener;
import dev.preflight.core.image.OpenedInput;
import dev.preflight.core.image.SourceKind;
import dev.preflight.core.inspect.InspectionReport.Boot;
import dev.preflight.core.inspect.InspectionReport.Config;
import dev.preflight.core.inspect.InspectionReport.Os;
import dev.preflight.core.inspect.InspectionReport.PartitionInfo;
import dev.preflight.core.inspect.InspectionReport.Source;
import dev.preflight.core.inspect.InspectionReport.Table;
import dev.preflight.core.partition.PartitionTable;
import dev.preflight.core.partition.PartitionTableReader;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.report.Severity;
import dev.preflight.core.report.Verdict;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code preflight inspect}: what is on a card, image or mounted boot partition, read-only. */
public final class InspectionService {

    /**
     * Inspects {@code input}.
     *
     * @throws PreflightException when the input cannot be opened (UNREADABLE_INPUT), reading fails
     *                            midway (INCOMPLETE) or the user cancels (CANCELLED)
     */
    public InspectionReport inspect(String input, InspectOptions options, ProgressListener progress,
                                    CancellationToken cancel) {
        progress.progress("Opening " + input, 0, 4);
        return inspect(ImageOpener.open(input, cancel, options.budgetOrDefault()), options, progress, cancel);
    }

    /** Inspects an input that is already open, and closes it. */
    InspectionReport inspect(OpenedInput opened, InspectOptions options, ProgressListener progress,
                             CancellationToken cancel) {
        long t0 = System.nanoTime();
        String input = opened.path();
        try (OpenedInput in = opened) {
            List<Finding> findings = new ArrayList<>();
            Run run = in.kind() == SourceKind.FOLDER
                    ? folder(in, findings)
                    : disk(in, options, findings, progress, cancel);
            cancel.throwIfCancelled();
            boolean cut = in.bytes() != null && in.bytes().truncation() != null;
            if (in.bytes() != null) {
                sourceEnd(in.bytes(), run, findings);
            }
            Source source = new Source(input, in.kind().word(), in.size() >= 0 && !cut ? in.size() : null,
                    in.compression().word().isEmpty() ? null : in.compression().word(), in.innerName());
            if (options.historyLog() != null) {
                InspectionReport draft = new InspectionReport(source, run.table, run.boot, run.os, run.config,
                        run.integrity, run.wear, findings, Verdict.of(findings), 0);
                CardHistory.add(options.historyLog(), draft, findings);
            }
            progress.progress("Done", 4, 4);
            return new InspectionReport(source, run.table, run.boot, run.os, run.config, run.integrity, run.wear, findings,
                    Verdict.of(findings), (System.nanoTime() - t0) / 1_000_000, run.release);
        } catch (CorruptStreamException e) {
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, e.getMessage() + ".",
                    "Download the image again and compare its checksum with the one published.", e);
        } catch (IOException e) {
            SourceFailures.rethrowIfFatal(e);
            throw new PreflightException(ErrorCode.INCOMPLETE, "Reading " + input + " failed: " + e.getMessage(),
                    "If this is a card, check it is still inserted and the reader is working, then try again.", e);
        } catch (RuntimeException e) {
            SourceFailures.rethrowIfFatal(e);
            throw e;
        } catch (OutOfMemoryError e) {
            throw new PreflightException(ErrorCode.INCOMPLETE, "Reading " + input + " needed more memory than allowed.",
                    "The image is probably corrupt; report it with the image if it is not.", e);
        }
    }

    private static final class Run {
        Table table;
        Boot boot;
        Os os;
        Config config;
        dev.preflight.core.integrity.IntegrityChecker.Result integrity;
        dev.preflight.core.wear.WearReport wear;
        PartitionTableReader tableReader;
        PartitionTable partitionTable;
        dev.preflight.core.release.Release release;
    }

    /**
     * What only the end of the reading shows: a compressed file cut short (IMAGE_TRUNCATED), and the
     * partitions beyond the end of a stream whose size became known on the way.
     */
    private static void sourceEnd(ByteSource disk, Run run, List<Finding> findings) {
        if (disk.truncation() != null) {
            findings.add(Finding.of(FindingCode.IMAGE_TRUNCATED, disk.name() + " " + disk.truncation() + ".",
                    "image", "Download or copy the image again and compare its checksum with the one published."));
        }
        if (run.tableReader != null) {
            run.tableReader.recheckBounds(run.partitionTable);
        }
    }

    private Run folder(OpenedInput in, List<Finding> findings) throws IOException {
        Run run = new Run();
        try (BootFileSystem fs = new FolderBootFileSystem(in.folder())) {
            String where = "folder " + in.path();
            boolean balena = fs.exists("config.json") || fs.exists("device-type.json") || fs.exists("os-release")
                    || fs.exists("balena-image") || fs.exists("resin-image") || fs.exists("balena-image-flasher");
            if (!balena) {
                findings.add(Finding.of(FindingCode.BOOT_PARTITION_NOT_FOUND,
                        "The folder " + in.path() + " does not look like a balenaOS boot partition (no config.json,"
                                + " device-type.json or os-release).", in.path(),
                        "Point Preflight at the mounted resin-boot partition (e.g. /media/$USER/resin-boot),"
                                + " or at the card or image file itself."));
            }
            run.boot = new Boot(null, fs.label(), "folder", "folder", fs.files().size(), totalBytes(fs), null, false);
            analyse(run, fs, where, fs.label().toLowerCase().startsWith("flash-boot"), findings);
        }
        return run;
    }

    private Run disk(OpenedInput in, InspectOptions options, List<Finding> findings, ProgressListener progress,
                     CancellationToken cancel) throws IOException {
        Run run = new Run();
        ByteSource disk = in.bytes();
        progress.progress("Reading the partition table", 1, 4);
        Map<Integer, FatVolume> opened = new HashMap<>();
        Located located = locate(disk, findings, options.deep(), cancel, opened);
        if (located == null) {
            return run;
        }
        run.tableReader = located.reader();
        PartitionTable table = located.table();
        run.partitionTable = table;
        List<PartitionInfo> parts = located.parts();
        run.table = new Table(table.scheme().word(), table.diskId(), table.sectorSize(), parts);
        cancel.throwIfCancelled();
        progress.progress("Reading the boot partition", 2, 4);
        BootLocator.Choice choice = located.choice();
        if (choice == null || !"label".equals(choice.foundBy()) && !"device-type.json".equals(choice.foundBy())) {
            findings.add(Finding.of(FindingCode.BOOT_PARTITION_NOT_FOUND,
                    "No partition of " + disk.name() + " is labelled resin-boot, flash-boot or balena-boot, and none"
                            + " holds device-type.json" + (choice == null ? "." : "; partition 1 was read instead."),
                    "partition table", "This does not look like a balenaOS image or card. Check you picked the"
                            + " right file or drive."));
        }
        if (choice != null) {
            PartitionInfo bp = choice.partition();
            String where = "partition " + bp.number() + (bp.label() == null ? "" : " (" + bp.label() + ")");
            FatVolume fat = tryOpen(disk, bp, findings, opened);
            if (fat != null) {
                boolean dirty = fatState(fat, where, findings);
                run.boot = new Boot(bp.number(), fat.label(), fat.type(), choice.foundBy(), fat.files().size(),
                        totalBytes(fat), fat.freeBytes(), dirty);
                for (String problem : fat.problems()) {
                    findings.add(Finding.of(FindingCode.BOOT_FILESYSTEM_UNREADABLE,
                            "On " + where + " of " + disk.name() + ", " + problem + ".", where,
                            "Run fsck.fat on the card, or reflash it."));
                }
                boolean flashLabel = bp.label() != null && bp.label().equalsIgnoreCase("flash-boot");
                analyse(run, fat, where, flashLabel, findings);
            } else {
                run.boot = new Boot(bp.number(), bp.label(), bp.filesystem(), choice.foundBy(), 0, 0, null, false);
            }
        }
        progress.progress("Reading file systems", 3, 4);
        ext4Findings(parts, run.os != null && run.os.flasher(), choice != null && "label".equals(choice.foundBy()),
                table.scheme(), findings);
        if (disk.randomAccess() || options.deep()) {
            run.release = ResinDataReader.release(disk, parts, run.config == null ? null : run.config.applicationId(),
                    findings);
            ResinDataReader.traces(disk, parts, java.time.Instant.now(), findings);
        }
        List<dev.preflight.core.wear.WearAnalyzer.Fs> fss = new ArrayList<>();
        for (PartitionInfo p : parts) {
            if (p.ext4() != null) {
                fss.add(new dev.preflight.core.wear.WearAnalyzer.Fs(p.number(), p.label(), p.ext4()));
            }
        }
        run.wear = new dev.preflight.core.wear.WearAnalyzer(dev.preflight.core.wear.WearThresholds.DEFAULTS,
                options.sysfsRoot(), java.time.Clock.systemUTC()).analyse(
                in.kind() == SourceKind.BLOCK_DEVICE ? in.path() : null, capacity(disk, parts), fss,
                findings);
        return run;
    }

    /** The disk's size, or where its partitions end when a compressed stream's size is not known. */
    private static Long capacity(ByteSource disk, List<PartitionInfo> parts) {
        if (disk.size() > 0) {
            return disk.size();
        }
        long end = 0;
        for (PartitionInfo p : parts) {
            end = Math.max(end, p.start() + p.size());
        }
        return end > 0 ? end : null;
    }

    private record Located(PartitionTable table, List<PartitionInfo> parts, BootLocator.Choice choice,
                           PartitionTableReader reader) {
    }

    /** Partition table, probed partitions and the boot partition choice; null when there is no table. */
    private static Located locate(ByteSource disk, List<Finding> findings, boolean deep, CancellationToken cancel,
                                  Map<Integer, FatVolume> opened) throws IOException {
        boolean cheap = deep || disk.randomAccess();
        PartitionTableReader reader = new PartitionTableReader(disk, findings, cheap,
                cheap ? Long.MAX_VALUE : PartitionProber.STREAM_PROBE_LIMIT);
        PartitionTable table = reader.read();
        if (table == null) {
            return null;
        }
        List<PartitionInfo> parts = new PartitionProber(disk, findings, deep, cancel)
                .probe(table, reader.logicalSkipped());
        try {
            BootLocator.Choice choice = BootLocator.locate(parts, p -> {
                try {
                    FatVolume v = tryOpen(disk, p, null, opened);
                    return v != null && v.exists("device-type.json");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return new Located(table, parts, choice, reader);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Where a disk's boot partition is and its open FAT volume, found exactly as {@link #inspect} finds it. */
    public record BootLocation(String diskId, PartitionInfo partition, FatVolume volume) {
    }

    /**
     * Only locates and opens the boot partition (no checks), for editors and readers that need the files
     * but not a report. Returns null when there is no partition table or the chosen partition is not FAT.
     */
    public static BootLocation locateBoot(ByteSource disk, CancellationToken cancel) throws IOException {
        return locateBoot(disk, new ArrayList<>(), cancel);
    }

    /**
     * As {@link #locateBoot(ByteSource, CancellationToken)}, adding to {@code findings} what the partition
     * table and the boot partition's FAT showed on the way (overlaps, out-of-range partitions, corrupt or
     * cross-linked FAT chains), so an editor can refuse an unsound card before writing.
     */
    public static BootLocation locateBoot(ByteSource disk, List<Finding> findings, CancellationToken cancel)
            throws IOException {
        Map<Integer, FatVolume> opened = new HashMap<>();
        Located located = locate(disk, findings, false, cancel, opened);
        if (located == null || located.choice() == null) {
            return null;
        }
        PartitionInfo bp = located.choice().partition();
        FatVolume v = tryOpen(disk, bp, findings, opened);
        if (v != null) {
            fatState(v, "partition " + bp.number() + (bp.label() == null ? "" : " (" + bp.label() + ")"), findings);
        }
        return v == null ? null : new BootLocation(located.table().diskId(), bp, v);
    }

    /** Opens a disk that is already open elsewhere (an editor's handle) as an input to inspect; not closed. */
    public InspectionReport inspect(ByteSource disk, String path, SourceKind kind, InspectOptions options,
                                    CancellationToken cancel) {
        ByteSource kept = new ByteSource() {
            @Override
            public String name() {
                return disk.name();
            }

            @Override
            public long size() {
                return disk.size();
            }

            @Override
            public int read(long position, byte[] buf, int off, int len) throws IOException {
                return disk.read(position, buf, off, len);
            }

            @Override
            public void close() {
                // the owner closes it
            }
        };
        return inspect(new OpenedInput(path, kind, dev.preflight.core.image.Compression.NONE, null, kept, null),
                options, ProgressListener.NONE, cancel);
    }

    private void analyse(Run run, BootFileSystem fs, String where, boolean flashLabel, List<Finding> findings)
            throws IOException {
        BootAnalysis a = new BootAnalysis(fs, where, findings);
        boolean flasher = a.flasher(flashLabel);
        run.config = a.config(a.imageDeviceType());
        run.os = a.os(flasher, run.config, where + ":/config.json");
        a.configTxt(run.os.deviceType());
        a.network(run.os.deviceType());
        try {
            run.integrity = dev.preflight.core.integrity.IntegrityChecker.check(fs, where, findings);
        } catch (IOException e) {
            dev.preflight.core.image.SourceFailures.rethrowIfFatal(e);
            findings.add(Finding.of(FindingCode.BOOT_FILESYSTEM_UNREADABLE, "The boot files on " + where
                    + " could not all be read for the integrity check: " + e.getMessage() + ".", where,
                    "Run fsck.fat on the card, or reflash it."));
        }
        if (flasher) {
            findings.add(Finding.of(FindingCode.FLASHER_IMAGE,
                    "This is a flasher image: booting it erases the device's internal storage and installs balenaOS.",
                    where, "Its config.json (on " + where + ") is copied to the device, minus the installer section."
                            + " Do not edit the inner image."));
        }
    }

    private static FatVolume tryOpen(ByteSource disk, PartitionInfo p, List<Finding> findings,
                                     Map<Integer, FatVolume> opened) throws IOException {
        if (opened.containsKey(p.number()) && (findings == null || opened.get(p.number()) != null)) {
            return opened.get(p.number());
        }
        if (BootLocator.NOT_READ.equals(p.filesystem())) {
            return null; // beyond what a quick look decompresses; PARTITIONS_NOT_READ says so
        }
        String where = "partition " + p.number() + (p.label() == null ? "" : " (" + p.label() + ")");
        FatVolume v = null;
        try {
            v = FatVolume.open(disk, p.start(), p.size());
        } catch (FatVolume.FatChainException e) {
            report(findings, FindingCode.FAT_CHAIN_INVALID, "The FAT on " + where + " of " + disk.name() + " is corrupt: "
                    + e.getMessage() + ".", where, "Files on this partition cannot be trusted: reflash the card.");
        } catch (FatFormatException e) {
            report(findings, FindingCode.BOOT_FILESYSTEM_UNREADABLE, "The boot " + where + " of " + disk.name()
                    + " cannot be read as FAT: " + e.getMessage() + ".", where, "Reflash the card or get the image again.");
        } catch (EOFException e) {
            report(findings, FindingCode.BOOT_FILESYSTEM_UNREADABLE, "The boot " + where + " of " + disk.name()
                    + " could not be read: " + e.getMessage() + ".", where, "The image may be truncated: get it again.");
        }
        opened.put(p.number(), v);
        return v;
    }

    private static void report(List<Finding> findings, FindingCode code, String msg, String where, String hint) {
        if (findings != null) {
            findings.add(Finding.of(code, msg, where, hint));
        }
    }

    private static boolean fatState(FatVolume fat, String where, List<Finding> findings) {
        boolean dirty = fat.bootSector().dirtyBit() || fat.tableCheck().cleanShutdownBitCleared();
        boolean hard = fat.tableCheck().hardErrorBitCleared();
        if (dirty) {
            findings.add(new Finding(FindingCode.FAT_DIRTY, hard ? Severity.WARNING : Severity.INFO,
                    "The FAT on " + where + " is marked dirty (not cleanly unmounted).", where,
                    "Normal for a card taken from a running device. If it came straight from flashing, eject"
                            + " it properly next time; 'fsck.fat -a' clears the bit."));
        }
        if (!fat.chainErrors().isEmpty()) {
            findings.add(Finding.of(FindingCode.FAT_CHAIN_INVALID, "On " + where + ", the FAT and the directories"
                    + " disagree: " + String.join("; ", fat.chainErrors()) + ".", where,
                    "Back up the card and repair it with 'fsck.fat -a', check the files it names, or reflash it."
                            + " Preflight will not edit it until then."));
        }
        if (!fat.crossLinks().isEmpty()) {
            findings.add(Finding.of(FindingCode.FAT_CROSS_LINKED, "On " + where + ", cross-linked cluster chains: "
                    + String.join("; ", fat.crossLinks()) + ".", where,
                    "The files named read each other's data. Back up the card, repair it with 'fsck.fat -a', check"
                            + " the files it names, or reflash it. Preflight will not edit it until then."));
        }
        if (fat.fatCopiesDiffer()) {
            findings.add(Finding.of(FindingCode.FAT_COPIES_DIFFER, "The two FAT copies on " + where + " differ.", where,
                    "Usually a write interrupted by a pulled card. 'fsck.fat -a' makes them equal again; check the"
                            + " files Preflight lists as you expect."));
        }
        if (hard) {
            findings.add(Finding.of(FindingCode.FAT_HARD_ERROR,
                    "The FAT on " + where + " records that an I/O error was seen.", where,
                    "The card may be failing: check it with 'preflight inspect' after a full write test, or replace it."));
        }
        return dirty;
    }

    private static void ext4Findings(List<PartitionInfo> parts, boolean flasher, boolean balena,
                                     PartitionTable.Scheme scheme, List<Finding> findings) {
        for (PartitionInfo p : parts) {
            String where = "partition " + p.number() + (p.label() == null ? "" : " (" + p.label() + ")");
            Ext4Superblock sb = p.ext4();
            if (sb != null) {
                if (sb.errorsRecorded()) {
                    findings.add(Finding.of(FindingCode.WEAR_FS_ERRORS, String.format(
                            "The ext4 file system on %s has recorded %d error(s)%s%s.", where, sb.errorCount(),
                            sb.lastErrorTime() == null ? "" : ", the last at " + sb.lastErrorTime(),
                            sb.lastErrorFunction() == null ? "" : " in " + sb.lastErrorFunction()), where,
                            "The card may be failing. Back up what you need and replace or reflash it."));
                } else if (!sb.cleanlyUnmounted()) {
                    findings.add(Finding.of(FindingCode.EXT4_UNCLEAN,
                            "The ext4 file system on " + where + " was not cleanly unmounted.", where,
                            "Normal for a card pulled from a running device; balenaOS replays the journal at boot."));
                }
            } else if (balena && !BootLocator.NOT_READ.equals(p.filesystem()) && !"ext4".equals(p.filesystem())
                    && expectsExt4(p, flasher, scheme)) {
                findings.add(Finding.of(FindingCode.EXT4_SUPERBLOCK_INVALID,
                        "Partition " + p.number() + " should hold an ext4 file system but has no valid superblock.",
                        where, "The card or image is damaged: reflash it."));
            }
        }
    }

    private static boolean expectsExt4(PartitionInfo p, boolean flasher, PartitionTable.Scheme scheme) {
        String name = p.gptName() == null ? "" : p.gptName().toLowerCase();
        if (scheme == PartitionTable.Scheme.GPT) {
            return name.matches("(resin|balena)-(roota|rootb|state|data)") || name.equals("flash-roota");
        }
        if (scheme != PartitionTable.Scheme.MBR) {
            return false;
        }
        return flasher ? p.number() == 2 : p.number() == 2 || p.number() == 3 || p.number() == 5 || p.number() == 6;
    }

    private static long totalBytes(BootFileSystem fs) {
        long t = 0;
        for (BootFileSystem.BootFile f : fs.files()) {
            t += f.size();
        }
        return t;
    }
}
