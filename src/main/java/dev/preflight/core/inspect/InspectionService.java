package dev.preflight.core.inspect;

import dev.preflight.core.boot.BootLocator;
import dev.preflight.core.boot.CardLayout;
import dev.preflight.core.boot.FileSystemHealth;
import dev.preflight.core.boot.PartitionInfo;
import dev.preflight.core.fat.BootFileSystem;
import dev.preflight.core.fat.FatVolume;
import dev.preflight.core.fat.FolderBootFileSystem;
import dev.preflight.core.image.ByteSource;
import dev.preflight.core.image.Compression;
import dev.preflight.core.image.CorruptStreamException;
import dev.preflight.core.image.ImageOpener;
import dev.preflight.core.image.OpenedInput;
import dev.preflight.core.image.SourceFailures;
import dev.preflight.core.image.SourceKind;
import dev.preflight.core.inspect.InspectionReport.Boot;
import dev.preflight.core.inspect.InspectionReport.Config;
import dev.preflight.core.inspect.InspectionReport.Os;
import dev.preflight.core.inspect.InspectionReport.Source;
import dev.preflight.core.inspect.InspectionReport.Table;
import dev.preflight.core.integrity.IntegrityChecker;
import dev.preflight.core.partition.PartitionTable;
import dev.preflight.core.partition.PartitionTableReader;
import dev.preflight.core.release.Release;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Locus;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.report.Verdict;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import dev.preflight.core.wear.WearAnalyzer;
import dev.preflight.core.wear.WearReport;
import dev.preflight.core.wear.WearThresholds;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
            if (options.history() != null) {
                InspectionReport draft = new InspectionReport(source, run.table, run.boot, run.os, run.config,
                        run.integrity, run.wear, findings, Verdict.of(findings), 0);
                options.history().add(draft, findings);
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
        IntegrityChecker.Result integrity;
        WearReport wear;
        PartitionTableReader tableReader;
        PartitionTable partitionTable;
        Release release;
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
        CardLayout layout = CardLayout.read(disk, findings, options.deep(), cancel);
        if (layout == null) {
            return run;
        }
        run.tableReader = layout.reader();
        PartitionTable table = layout.table();
        run.partitionTable = table;
        List<PartitionInfo> parts = layout.partitions();
        run.table = new Table(table.scheme().word(), table.diskId(), table.sectorSize(), parts);
        cancel.throwIfCancelled();
        progress.progress("Reading the boot partition", 2, 4);
        BootLocator.Choice choice = layout.bootChoice();
        if (choice == null || !"label".equals(choice.foundBy()) && !"device-type.json".equals(choice.foundBy())) {
            findings.add(Finding.of(FindingCode.BOOT_PARTITION_NOT_FOUND,
                    "No partition of " + disk.name() + " is labelled resin-boot, flash-boot or balena-boot, and none"
                            + " holds device-type.json" + (choice == null ? "." : "; partition 1 was read instead."),
                    "partition table", "This does not look like a balenaOS image or card. Check you picked the"
                            + " right file or drive."));
        }
        if (choice != null) {
            PartitionInfo bp = choice.partition();
            String where = bp.where();
            int first = findings.size();
            FatVolume fat = layout.openFat(bp, findings);
            if (fat != null) {
                boolean dirty = FileSystemHealth.fatState(fat, where, findings);
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
            placeIn(bp.number(), findings, first);
        }
        progress.progress("Reading file systems", 3, 4);
        FileSystemHealth.ext4(parts, run.os != null && run.os.flasher(), choice != null && "label".equals(choice.foundBy()),
                table.scheme(), findings);
        if (disk.randomAccess() || options.deep()) {
            run.release = ResinDataReader.release(disk, parts, run.config == null ? null : run.config.applicationId(),
                    findings);
            ResinDataReader.traces(disk, parts, Instant.now(), findings);
        }
        List<WearAnalyzer.Fs> fss = new ArrayList<>();
        for (PartitionInfo p : parts) {
            if (p.ext4() != null) {
                fss.add(new WearAnalyzer.Fs(p.number(), p.label(), p.ext4()));
            }
        }
        run.wear = new WearAnalyzer(WearThresholds.DEFAULTS,
                options.sysfsRoot(), Clock.systemUTC()).analyse(
                in.kind() == SourceKind.BLOCK_DEVICE ? in.path() : null, capacity(disk, parts), fss,
                findings);
        return run;
    }

    /** Gives the findings from {@code first} on, all about partition {@code number}, that partition in their locus. */
    private static void placeIn(int number, List<Finding> findings, int first) {
        for (int i = first; i < findings.size(); i++) {
            Finding f = findings.get(i);
            if (f.locus() == null) {
                findings.set(i, f.at(Locus.partition(number)));
            } else if (f.locus().partition() == null) {
                findings.set(i, f.at(f.locus().inPartition(number)));
            }
        }
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

    /** Opens a disk that is already open elsewhere (an editor's handle) as an input to inspect; not closed. */
    public InspectionReport inspect(ByteSource disk, String path, SourceKind kind, InspectOptions options,
                                    CancellationToken cancel) {
        return inspect(new OpenedInput(path, kind, Compression.NONE, null, ByteSource.borrowed(disk), null),
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
            run.integrity = IntegrityChecker.check(fs, where, findings);
        } catch (IOException e) {
            SourceFailures.rethrowIfFatal(e);
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

    private static long totalBytes(BootFileSystem fs) {
        long t = 0;
        for (BootFileSystem.BootFile f : fs.files()) {
            t += f.size();
        }
        return t;
    }
}
