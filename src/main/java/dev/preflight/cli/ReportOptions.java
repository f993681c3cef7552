package dev.preflight.cli;

import dev.preflight.core.report.Finding;
import dev.preflight.core.report.Severity;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** --json and --fail-on, for the commands that report findings and exit 1 at a chosen severity. */
final class ReportOptions {
    @Option(names = "--json", description = "Print the report as JSON (see docs/cli.md for the fields).")
    boolean json;

    @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "error",
            description = "Exit with 1 when a finding has this severity or worse: error, warning, info,"
                    + " or never (default: ${DEFAULT-VALUE}).")
    String failOn;

    /** The severity at which a finding fails the run, or null for never; a bad --fail-on is a usage error. */
    Severity threshold(CommandLine cl) {
        if ("never".equalsIgnoreCase(failOn)) {
            return null;
        }
        try {
            return Severity.parse(failOn);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl,
                    "Invalid value for --fail-on: '" + failOn + "' (use error, warning, info or never)");
        }
    }

    /** The exit code: 1 when a finding is at or above {@code threshold} (null: never), else 0. */
    static int exitCode(Severity threshold, List<Finding> findings) {
        return threshold != null && findings.stream().anyMatch(f -> f.severity().atLeast(threshold)) ? 1 : 0;
    }
}
