package dev.preflight.cli;

import dev.preflight.Version;
import dev.preflight.core.inspect.InspectOptions;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.inspect.InspectionService;
import dev.preflight.core.inspect.ReportJson;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.Severity;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code preflight inspect}: read-only report on an image, card or mounted boot partition. */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show what is on a balenaOS card or image: partitions, boot files, OS, config.json,"
                + " and findings with a pass/warn/fail verdict. Never writes."},
        footer = {"", "PATH may be a raw image (.img), a compressed image (.img.gz .img.xz .img.zst .img.bz2 .zip),",
                "a block device (/dev/sdb, /dev/mmcblk0, /dev/disk4, \\\\.\\PhysicalDrive2) or a mounted boot",
                "partition folder.", "",
                "Exit codes: 0 pass, 1 a finding at or above --fail-on, 2 bad usage or unreadable input,",
                "3 could not complete (I/O error, card removed), 4 cancelled."})
final class InspectCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", description = "Image file, compressed image, block device or folder.")
    String path;

    @Option(names = "--json", description = "Print the report as JSON (see docs/cli.md for the fields).")
    boolean json;

    @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "error",
            description = "Exit with 1 when a finding has this severity or worse: error, warning, info,"
                    + " or never (default: ${DEFAULT-VALUE}).")
    String failOn;

    @Option(names = "--deep", description = "Also read partitions deep inside compressed images (slower).")
    boolean deep;

    @Option(names = "--no-progress", description = "Do not show progress on the terminal.")
    boolean noProgress;

    @Option(names = "--sysfs-root", paramLabel = "DIR", description = "Where Linux sysfs is (default /sys), for reading"
            + " SD/eMMC registers of /dev/mmcblkN cards.")
    java.nio.file.Path sysfsRoot;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Severity threshold = threshold();
        CancellationToken cancel = new CancellationToken();
        Thread hook = new Thread(cancel::cancel);
        Runtime.getRuntime().addShutdownHook(hook);
        ProgressListener progress = noProgress || System.console() == null ? ProgressListener.NONE
                : new ConsoleProgress(spec.commandLine().getErr());
        InspectionReport report;
        try {
            report = new InspectionService().inspect(path, new InspectOptions(deep, sysfsRoot), progress, cancel);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
            if (progress instanceof ConsoleProgress) {
                ((ConsoleProgress) progress).clear();
            }
        }
        if (json) {
            spec.commandLine().getOut().print(ReportJson.write(report, Version.get()));
        } else {
            spec.commandLine().getOut().print(TextReport.render(report));
        }
        spec.commandLine().getOut().flush();
        if (threshold == null) {
            return 0;
        }
        for (Finding f : report.findings()) {
            if (f.severity().atLeast(threshold)) {
                return 1;
            }
        }
        return 0;
    }

    private Severity threshold() {
        if ("never".equalsIgnoreCase(failOn)) {
            return null;
        }
        try {
            return Severity.parse(failOn);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for --fail-on: '" + failOn + "' (use error, warning, info or never)");
        }
    }
}
