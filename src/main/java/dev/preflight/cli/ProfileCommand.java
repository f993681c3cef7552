package dev.preflight.cli;

import dev.preflight.core.batch.BatchService;
import dev.preflight.core.batch.StationProfile;
import dev.preflight.core.inspect.InspectOptions;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.inspect.InspectionService;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.secret.JsonMasking;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code preflight profile new|show|check}: station profiles for batches. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = ProfileCommand.SUMMARY,
        subcommands = {ProfileCommand.New.class, ProfileCommand.Show.class, ProfileCommand.Check.class})
final class ProfileCommand extends CommandGroup {
    /** The description's first line: the command's line in the root's help. */
    static final String SUMMARY = "Create, show and try station profiles (what a good card of a batch is).";

    /** Reads a profile and refuses one with problems (unknown finding codes, a malformed version range...). */
    static StationProfile read(Path f) {
        StationProfile p;
        try {
            p = StationProfile.read(f);
        } catch (IOException e) {
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, "The profile " + f + " cannot be read ("
                    + e.getMessage() + ").", "Fix it in an editor, or create one with 'preflight profile new FILE'.", e);
        }
        List<String> problems = p.problems();
        if (!problems.isEmpty()) {
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, "The profile " + f + " is not usable: "
                    + String.join(" ", problems), "Fix it in an editor or in the desktop app's station mode.");
        }
        return p;
    }

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "Write a profile; --from CARD fills device type, OS version and fleet from a known-good card.")
    static final class New extends CliCommand {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--from", paramLabel = "CARD")
        String from;

        @Option(names = "--name", paramLabel = "NAME")
        String name;

        @Option(names = "--force", description = "Overwrite FILE.")
        boolean force;

        @Override
        public Integer call() throws IOException {
            if (Files.exists(file) && !force) {
                throw new PreflightException(ErrorCode.USAGE, file + " exists.", "Use --force to overwrite it.");
            }
            StationProfile p = new StationProfile();
            p.name = name != null ? name : file.getFileName().toString().replaceFirst("\\.json$", "");
            if (from != null) {
                InspectionReport r = new InspectionService().inspect(from, InspectOptions
                        .defaults(), ProgressListener.NONE, new CancellationToken());
                if (r.os() != null) {
                    p.deviceType = r.os().deviceType();
                    p.osVersion = r.os().version();
                }
                if (r.config() != null) {
                    p.fleetId = r.config().applicationId();
                }
            }
            p.maxFullCardWrites = 100.0;
            p.minDataFreePercent = 10.0;
            p.write(file);
            out().print(p.toJson() + System.lineSeparator());
            out().println("Wrote " + file + ".");
            out().flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a profile (required secret values"
            + " masked).")
    static final class Show extends CliCommand {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws IOException {
            StationProfile p = read(file);
            p.requiredConfig.replaceAll(JsonMasking::maskedAt);
            out().println(p.toJson());
            out().flush();
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check one card against a profile without recording it.")
    static final class Check extends CliCommand {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Parameters(index = "1", paramLabel = "CARD")
        String card;

        @Override
        public Integer call() {
            BatchService.CardResult r = new BatchService(read(file), null, null, null, null).check(card,
                    new CancellationToken());
            out().println((r.pass() ? "PASS  " : "FAIL  ") + card);
            r.reasons().forEach(f -> out().println("      " + f.code() + ": " + f.message()));
            out().flush();
            return r.pass() ? 0 : 1;
        }
    }
}
