package dev.preflight.cli;

import dev.preflight.Version;
import dev.preflight.core.inspect.InspectOptions;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.inspect.InspectionService;
import dev.preflight.core.inspect.ReportJson;
import dev.preflight.core.provision.CardHistory;
import dev.preflight.core.provision.InspectionRecord;
import dev.preflight.core.report.Severity;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code preflight inspect}: read-only report on an image, card or mounted boot partition. */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {InspectCommand.SUMMARY},
        footer = {"", "PATH may be a raw image (.img), a compressed image (.img.gz .img.xz .img.zst .img.bz2 .zip),",
                "a block device (/dev/sdb, /dev/mmcblk0, /dev/disk4, \\\\.\\PhysicalDrive2) or a mounted boot",
                "partition folder.", "",
                "Exit codes: 0 pass, 1 a finding at or above --fail-on, 2 bad usage or unreadable input,",
                "3 could not complete (I/O error, card removed), 4 cancelled."})
final class InspectCommand extends CliCommand {
    /** The description's first line: the command's line in the root's help. */
    static final String SUMMARY = "Show what is on a balenaOS card or image: partitions, boot files, OS, config.json,"
            + " and findings with a pass/warn/fail verdict. Never writes.";

    @Parameters(paramLabel = "PATH", description = "Image file, compressed image, block device or folder.")
    String path;

    @CommandLine.Mixin
    ReportOptions reporting;

    @Option(names = "--deep", description = "Also read partitions deep inside compressed images (slower).")
    boolean deep;

    @Option(names = "--no-progress", description = "Do not show progress on the terminal.")
    boolean noProgress;

    @Option(names = "--sysfs-root", paramLabel = "DIR", description = "Where Linux sysfs is (default /sys), for reading"
            + " SD/eMMC registers of /dev/mmcblkN cards.")
    Path sysfsRoot;

    @Option(names = "--record", description = "Append a record of this inspection to the provisioning log.")
    boolean record;

    @Option(names = "--station", paramLabel = "NAME", description = "Station name for --record (default: host name).")
    String station;

    @Option(names = "--operator", paramLabel = "NAME", description = "Operator for --record (default: user name).")
    String operator;

    @Option(names = "--log", paramLabel = "FILE", description = "Provisioning log to record in and look the card up in"
            + " (default: provisioning-log.jsonl in your data folder).")
    Path log;

    @Override
    public Integer call() {
        Severity threshold = reporting.threshold(spec.commandLine());
        CancellationToken cancel = new CancellationToken();
        ProgressListener progress = ConsoleProgress.onTerminal(err(), noProgress);
        InspectionReport report;
        try (CtrlC interrupt = CtrlC.cancels(cancel)) {
            report = new InspectionService().inspect(path, new InspectOptions(deep, sysfsRoot,
                    CardHistory.of(log != null || Files.exists(LogCommand.defaultLog()) ? logFile() : null)), progress, cancel);
        } finally {
            ConsoleProgress.clear(progress);
        }
        if (record) {
            long seq = InspectionRecord.append(logFile(), report, station, operator);
            err().println("Recorded as entry " + seq + " in " + logFile());
        }
        if (reporting.json) {
            out().print(ReportJson.write(report, Version.get()));
        } else {
            out().print(TextReport.render(report));
        }
        out().flush();
        return ReportOptions.exitCode(threshold, report.findings());
    }

    private Path logFile() {
        return log != null ? log : LogCommand.defaultLog();
    }
}
