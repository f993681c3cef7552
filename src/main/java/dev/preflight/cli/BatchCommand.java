package dev.preflight.cli;

import dev.preflight.Version;
import dev.preflight.core.batch.BatchService;
import dev.preflight.core.batch.RemovableCards;
import dev.preflight.core.batch.StationProfile;
import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.core.provision.SharedPusher;
import dev.preflight.core.task.CancellationToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code preflight batch --profile P [--watch] [PATH...]}: a stack of cards, PASS/FAIL each, all logged. */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = {BatchCommand.SUMMARY,
                "With --watch, every card inserted is checked until Ctrl+C (Linux: removable block devices;"
                        + " macOS/Windows: mounted balenaOS boot volumes)."},
        footer = {"", "Exit codes: 0 every card passed, 1 at least one failed, 2 bad usage or unreadable profile."})
final class BatchCommand extends CliCommand {
    /** The description's first line: the command's line in the root's help. */
    static final String SUMMARY = "Verify cards, images or folders one after another against a station profile, print one"
            + " line per card and a summary, and record each in the provisioning log.";

    @Option(names = "--profile", required = true, paramLabel = "FILE", description = "Station profile (JSON).")
    Path profile;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Cards, images or folders to check.")
    List<String> paths = List.of();

    @Option(names = "--watch", description = "Check every card inserted until stopped (Linux: removable block devices;"
            + " elsewhere: mounted balenaOS boot volumes).")
    boolean watch;

    @Option(names = "--log", paramLabel = "FILE", description = "Provisioning log (default: your data folder).")
    Path log;

    @Option(names = "--no-log", description = "Do not record results.")
    boolean noLog;

    @Option(names = "--station", paramLabel = "NAME")
    String station;

    @Option(names = "--operator", paramLabel = "NAME")
    String operator;

    @Option(names = "--sys-block", hidden = true, defaultValue = "/sys/block")
    Path sysBlock;

    private SharedPusher pusher;

    @Override
    public Integer call() throws Exception {
        StationProfile p = ProfileCommand.read(profile);
        if (paths.isEmpty() && !watch) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Give cards or images to check, or --watch.");
        }
        ProvisioningLog records = noLog ? null : new ProvisioningLog(log != null ? log : LogCommand.defaultLog());
        BatchService batch = new BatchService(p, records, station != null ? station : Station.host(),
                operator != null ? operator : Station.user(), Version.get());
        // with a shared log configured, each card's record is pushed in the background (offline first)
        pusher = records == null ? null : SharedPusher.ifConfigured(records);
        PrintWriter out = out();
        CancellationToken cancel = new CancellationToken();
        int[] counts = new int[2];
        for (String path : paths) {
            one(batch, path, out, cancel, counts);
        }
        if (watch) {
            try (CtrlC interrupt = CtrlC.cancels(cancel, () -> summary(out, counts))) {
                out.println("Watching for cards (Ctrl+C to stop)...");
                out.flush();
                Set<String> present = new HashSet<>(cardsNow());
                while (!cancel.isCancelled()) {
                    Thread.sleep(1000);
                    List<String> now = cardsNow();
                    for (String d : now) {
                        if (!present.contains(d)) {
                            one(batch, d, out, cancel, counts);
                        }
                    }
                    present = new HashSet<>(now);
                }
            }
            return counts[1] == 0 ? 0 : 1;
        }
        summary(out, counts);
        return counts[1] == 0 ? 0 : 1;
    }

    /** Linux: removable block devices; elsewhere: mounted volumes that carry a balenaOS boot partition. */
    private List<String> cardsNow() {
        if (Files.isDirectory(sysBlock)) { // --sys-block lets tests give a fake sysfs
            return BatchService.removableDevices(sysBlock);
        }
        return RemovableCards.present().stream().map(c -> c.device()).toList();
    }

    private void one(BatchService batch, String path, PrintWriter out, CancellationToken cancel, int[] counts) {
        BatchService.CardResult r = batch.check(path, cancel);
        if (pusher != null && r.seq() > 0) {
            pusher.pushSoon();
        }
        counts[r.pass() ? 0 : 1]++;
        String what = r.report() == null || r.report().os() == null ? "" : " " + r.report().os().deviceType() + " "
                + r.report().os().version() + (r.report().config() == null || r.report().config().applicationId() == null
                ? "" : " fleet " + r.report().config().applicationId());
        out.printf("%s  %s%s%s%n", r.pass() ? "PASS" : "FAIL", path, what, r.seq() > 0 ? "  (log #" + r.seq() + ")" : "");
        r.reasons().stream().limit(5).forEach(f -> out.println("      " + f.code() + ": " + f.message()));
        out.flush();
    }

    private void summary(PrintWriter out, int[] counts) {
        out.printf("%d card(s): %d pass, %d fail%n", counts[0] + counts[1], counts[0], counts[1]);
        if (pusher != null) {
            boolean idle = pusher.awaitIdle(Duration.ofSeconds(PUSH_WAIT_SECONDS));
            SharedPusher.Status s = pusher.status();
            long local;
            try {
                local = pusher.log().lastSeq();
            } catch (IOException e) {
                local = s.pushed();
            }
            long onlyLocal = Math.max(0, local - s.pushed());
            out.println("Shared log " + pusher.url().server() + ": " + (onlyLocal == 0 ? "every record is there."
                    : onlyLocal + " record(s) only local so far" + (s.error() != null ? " (" + s.error() + ")"
                    : idle ? "" : " (still pushing)") + "; 'preflight log push' sends them."));
        }
        out.flush();
    }

    /** How long the summary waits for the background push to finish. */
    static final int PUSH_WAIT_SECONDS = 30;

}
