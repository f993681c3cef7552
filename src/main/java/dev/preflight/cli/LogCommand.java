package dev.preflight.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.provision.LogExport;
import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code preflight log show|verify|export}: the provisioning log. */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = {"The provisioning log: one tamper-evident record per recorded inspection",
                "(preflight inspect --record). Kept in your data folder; never holds a password or key."},
        subcommands = {LogCommand.Show.class, LogCommand.Verify.class, LogCommand.Export.class})
final class LogCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Path defaultLog() {
        return dev.preflight.core.provision.EditJournal.defaultLog();
    }

    static final class LogFile {
        @Option(names = "--log", paramLabel = "FILE", description = "Log file (default: provisioning-log.jsonl in"
                + " your data folder).")
        Path log;

        ProvisioningLog open() {
            return new ProvisioningLog(log != null ? log : defaultLog());
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check the hash chain; exit 1 if a record"
            + " was altered or removed.")
    static final class Verify implements Callable<Integer> {
        @CommandLine.Mixin
        LogFile f;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            ProvisioningLog log = f.open();
            List<String> problems = log.verify();
            PrintWriter out = spec.commandLine().getOut();
            int n = log.read().records().size();
            if (problems.isEmpty()) {
                out.println(log.file() + ": " + n + " record(s), chain intact.");
            } else {
                out.println(log.file() + ": " + n + " record(s), " + problems.size() + " problem(s):");
                problems.forEach(p -> out.println("  " + p));
            }
            out.flush();
            return problems.isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the last records, one line each.")
    static final class Show implements Callable<Integer> {
        @CommandLine.Mixin
        LogFile f;

        @Option(names = "--last", defaultValue = "20", description = "How many (default ${DEFAULT-VALUE}).")
        int last;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            List<ObjectNode> r = f.open().read().records();
            PrintWriter out = spec.commandLine().getOut();
            for (ObjectNode n : r.subList(Math.max(0, r.size() - last), r.size())) {
                out.printf("%5d %s %-7s %-5s %s %s%n", n.path("seq").asLong(), n.path("time").asText(),
                        n.path("action").asText(), n.path("verdict").asText(), n.path("card").path("identity").asText(),
                        n.path("deviceType").asText(""));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Export records as CSV, JSON or HTML.")
    static final class Export implements Callable<Integer> {
        @CommandLine.Mixin
        LogFile f;

        @Option(names = "--format", required = true, paramLabel = "csv|json|html")
        String format;

        @Option(names = "--since", paramLabel = "DATE|INSTANT", description = "From this UTC date or instant.")
        String since;

        @Option(names = "--until", paramLabel = "DATE|INSTANT", description = "Before this UTC date or instant.")
        String until;

        @Option(names = "--verdict", paramLabel = "pass|warn|fail")
        String verdict;

        @Option(names = "--batch", paramLabel = "NAME", description = "Only records of this batch (the station"
                + " profile's name).")
        String batch;

        @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            List<ObjectNode> records = LogExport.filter(f.open().read().records(), when(since), when(until), verdict,
                    batch);
            String text;
            try {
                text = LogExport.render(records, format);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--format must be csv, json or html");
            }
            if (out == null) {
                spec.commandLine().getOut().print(text);
                spec.commandLine().getOut().flush();
            } else {
                Files.write(out, text.getBytes(StandardCharsets.UTF_8));
                spec.commandLine().getOut().println("Wrote " + records.size() + " record(s) to " + out + ".");
                spec.commandLine().getOut().flush();
            }
            return 0;
        }

        private static Instant when(String v) {
            if (v == null) {
                return null;
            }
            try {
                return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
            } catch (RuntimeException e) {
                throw new PreflightException(ErrorCode.USAGE, "'" + v + "' is not a date (2026-11-25) or instant"
                        + " (2026-11-25T10:00:00Z).", null);
            }
        }
    }
}
