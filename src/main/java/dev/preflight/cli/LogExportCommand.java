package dev.preflight.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.provision.AtomicFiles;
import dev.preflight.core.provision.LogCheck;
import dev.preflight.core.provision.LogExport;
import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.core.provision.SharedLog;
import dev.preflight.core.provision.SharedLogUrl;
import dev.preflight.core.provision.SignedExport;
import dev.preflight.core.provision.StationKey;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code preflight log export}: this station's records, or every station's from the shared log (--from). */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Export records as CSV, JSON or HTML,"
        + " with a head signed by this station ('log verify --export' checks it).")
final class LogExportCommand extends CliCommand {
    @CommandLine.Mixin
    LogCommand.LogFile f;

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

    @Override
    public Integer call() throws IOException {
        if (!List.of("csv", "json", "html").contains(format.toLowerCase(Locale.ROOT))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format must be csv, json or html");
        }
        SharedLog.Filter filter = new SharedLog.Filter(when(since), when(until), verdict, batch, station);
        if (from != null || station != null) {
            if (from == null || f.log != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), from == null
                        ? "--station needs --from URL (the shared log)" : "--from and --log cannot be combined");
            }
            SharedLogUrl url = SharedLogUrl.parse(from);
            StationKey key = StationKey.ofThisStation();
            try (SharedLog shared = SharedLog.reading(url)) { // only reads: a role with SELECT will do
                if (!shared.hasSchema()) {
                    err().println("preflight: note: no station has pushed to the shared log at " + url.server()
                            + " yet (it has no Preflight tables): the export holds no records.");
                    err().flush();
                }
                return write(" from " + url.server(), w -> shared.export(w, format, filter, key));
            }
        }
        ProvisioningLog log = f.open();
        List<ObjectNode> all = log.read().records();
        List<ObjectNode> records = LogExport.filter(all, filter.since(), filter.until(), verdict, batch);
        LogCheck check = log.check();
        String text = SignedExport.render(records, format, SignedExport.Source.of(all, check, filter.asMap()));
        if (!check.intact()) {
            err().println("preflight: warning: " + log.file() + " has "
                    + check.problems().size() + " problem(s) ('preflight log verify' lists them); the export's"
                    + " signed head says so.");
            err().flush();
        }
        return write("", w -> {
            w.write(text);
            return records.size();
        });
    }

    /** Writes the export, to standard output or to --out (saying how many records went there); exit 0. */
    private int write(String from, AtomicFiles.Content export) throws IOException {
        PrintWriter stdout = out();
        if (out == null) {
            export.writeTo(TerminalText.raw(stdout)); // the signed bytes, as --out would write them
        } else {
            long n = AtomicFiles.stream(out, export); // whole or not at all: a failed export leaves no part
            stdout.println("Wrote " + n + " record(s)" + from + " to " + out + ".");
        }
        stdout.flush();
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
