package dev.preflight.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.provision.EditJournal;
import dev.preflight.core.provision.ExportVerifier;
import dev.preflight.core.provision.LogCheck;
import dev.preflight.core.provision.LogExport;
import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.core.provision.SharedLog;
import dev.preflight.core.provision.SharedLogUrl;
import dev.preflight.core.provision.Signatures;
import dev.preflight.core.provision.SignedExport;
import dev.preflight.core.provision.StationKey;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code preflight log show|verify|export|key}: the provisioning log. */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = {"The provisioning log: one tamper-evident record per recorded inspection",
                "(preflight inspect --record), signed with this station's key.",
                "Kept in your data folder; never holds a password or key.",
                "With a shared log (PostgreSQL), stations push their records to one place: log push, status, connect."},
        subcommands = {LogCommand.Show.class, LogCommand.Verify.class, LogCommand.Export.class, LogCommand.Key.class,
                SharedLogCommands.Push.class, SharedLogCommands.Status.class, SharedLogCommands.Connect.class})
final class LogCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Path defaultLog() {
        return EditJournal.defaultLog();
    }

    static final class LogFile {
        @Option(names = "--log", paramLabel = "FILE", description = "Log file (default: provisioning-log.jsonl in"
                + " your data folder).")
        Path log;

        ProvisioningLog open() {
            return new ProvisioningLog(log != null ? log : defaultLog());
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = {"Check the hash chain and the signed"
            + " head; exit 1 if a record was altered or removed.", "With --export, check an exported file against"
            + " its signed head with the station's public key."})
    static final class Verify implements Callable<Integer> {
        @CommandLine.Mixin
        LogFile f;

        @Option(names = "--export", paramLabel = "FILE", description = "Check this export (CSV, JSON or HTML from"
                + " 'log export') instead of the log.")
        Path export;

        @Option(names = "--key", paramLabel = "PUBKEY", description = "The station's public key ('preflight log key'"
                + " writes it; default: this station's own key).")
        Path key;

        @Option(names = "--from", paramLabel = "URL", description = "Check the shared log instead: every station's"
                + " chain and signatures (postgresql://user@host:5432/db).")
        String from;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (from != null) {
                if (export != null || f.log != null || key != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--from cannot be combined with --export, --log or --key");
                }
                return verifyShared(SharedLogUrl.parse(from), spec.commandLine().getOut());
            }
            PublicKey k = key != null ? Signatures.readPublicKey(key)
                    : StationKey.existingPublicKey(StationKey.defaultDir());
            PrintWriter out = spec.commandLine().getOut();
            if (export != null) {
                if (f.log != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--export and --log cannot be combined");
                }
                if (k == null) {
                    throw new PreflightException(ErrorCode.USAGE, "There is no public key to check " + export
                            + " with.",
                            "Pass --key with the station's public key ('preflight log key --out station.pub' on the"
                                    + " station writes it).");
                }
                ExportVerifier.Result r = ExportVerifier.verify(export, k);
                print(out, export + ": " + (r.intact() ? r.summary() + ": intact." : r.records() + " record(s), "
                        + r.problems().size() + " problem(s):"), r.problems(), List.of());
                return r.intact() ? 0 : 1;
            }
            ProvisioningLog log = f.open();
            LogCheck c = key != null ? log.check(k) : log.check();
            if (c.keyMissing() && c.intact()) {
                throw new PreflightException(ErrorCode.USAGE, log.headFile() + " is signed, but there is no public key"
                        + " to check it with.", "Pass --key with the public key of the station that wrote the log.");
            }
            List<String> notes = new ArrayList<>();
            if (c.signedBy() != null) {
                notes.add("signed head: " + c.signedBy() + ", signature verified");
            }
            c.notes().forEach(n -> notes.add("note: " + n));
            print(out, log.file() + ": " + c.records() + " record(s), " + (c.intact() ? "chain intact."
                    : c.problems().size() + " problem(s):"), c.problems(), notes);
            return c.intact() ? 0 : 1;
        }

        private static int verifyShared(SharedLogUrl url, PrintWriter out) throws IOException {
            SharedLog.Check c;
            try (SharedLog shared = SharedLog.open(url)) {
                c = shared.verify();
            }
            List<String> notes = new ArrayList<>();
            c.stations().forEach(s -> notes.add("station " + s));
            c.notes().forEach(n -> notes.add("note: " + n));
            print(out, url.server() + ": " + c.stations().size() + " station(s), " + c.records() + " record(s), "
                    + (c.intact() ? "every chain intact." : c.problems().size() + " problem(s):"), c.problems(), notes);
            return c.intact() ? 0 : 1;
        }

        private static void print(PrintWriter out, String first, List<String> problems, List<String> notes) {
            out.println(first);
            problems.forEach(p -> out.println("  " + p));
            notes.forEach(n -> out.println("  " + n));
            out.flush();
        }
    }

    @Command(name = "key", mixinStandardHelpOptions = true, description = {"Print this station's public key (PEM),"
            + " for customers who check exports with 'log verify --export FILE --key station.pub'.",
            "The key pair is created on first use in your data folder; the private key never leaves it."})
    static final class Key implements Callable<Integer> {
        @Option(names = "--out", paramLabel = "FILE", description = "Write the public key to FILE instead of"
                + " standard output.")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            StationKey k = StationKey.ofThisStation();
            PrintWriter w = spec.commandLine().getOut();
            if (out == null) {
                w.print(k.publicPem());
            } else {
                Files.writeString(out, k.publicPem(), StandardCharsets.US_ASCII);
                w.println("Wrote the public key of station " + k.station() + " (key id " + k.keyId() + ") to " + out
                        + ".");
                w.println("A customer checks an export with: preflight log verify --export FILE --key " + out);
            }
            w.flush();
            return 0;
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

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Export records as CSV, JSON or HTML,"
            + " with a head signed by this station ('log verify --export' checks it).")
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

        @Option(names = "--from", paramLabel = "URL", description = "Export from the shared log (every station's"
                + " records, oldest first) instead of this station's log.")
        String from;

        @Option(names = "--station", paramLabel = "NAME", description = "With --from: only this station's records.")
        String station;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (!List.of("csv", "json", "html").contains(format.toLowerCase(Locale.ROOT))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--format must be csv, json or html");
            }
            if (from != null || station != null) {
                if (from == null || f.log != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), from == null
                            ? "--station needs --from URL (the shared log)" : "--from and --log cannot be combined");
                }
                return exportShared(SharedLogUrl.parse(from));
            }
            ProvisioningLog log = f.open();
            List<ObjectNode> all = log.read().records();
            List<ObjectNode> records = LogExport.filter(all, when(since), when(until), verdict, batch);
            LogCheck check = log.check();
            Map<String, String> filter = new LinkedHashMap<>();
            Optional.ofNullable(when(since)).ifPresent(t -> filter.put("since", t.toString()));
            Optional.ofNullable(when(until)).ifPresent(t -> filter.put("until", t.toString()));
            Optional.ofNullable(verdict).ifPresent(v -> filter.put("verdict", v));
            Optional.ofNullable(batch).ifPresent(b -> filter.put("batch", b));
            String text = SignedExport.render(records, format, SignedExport.Source.of(all, check, filter));
            if (!check.intact()) {
                spec.commandLine().getErr().println("preflight: warning: " + log.file() + " has "
                        + check.problems().size() + " problem(s) ('preflight log verify' lists them); the export's"
                        + " signed head says so.");
                spec.commandLine().getErr().flush();
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

        private int exportShared(SharedLogUrl url) throws IOException {
            SharedLog.Filter filter = new SharedLog.Filter(when(since), when(until), verdict, batch, station);
            StationKey key = StationKey.ofThisStation();
            long n;
            try (SharedLog shared = SharedLog.open(url)) {
                if (out == null) {
                    n = shared.export(spec.commandLine().getOut(), format, filter, key);
                } else {
                    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                        n = shared.export(w, format, filter, key);
                    }
                    spec.commandLine().getOut().println("Wrote " + n + " record(s) from " + url.server() + " to "
                            + out + ".");
                }
            }
            spec.commandLine().getOut().flush();
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
