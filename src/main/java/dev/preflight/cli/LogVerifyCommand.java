package dev.preflight.cli;

import dev.preflight.core.provision.ExportVerifier;
import dev.preflight.core.provision.LogCheck;
import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.core.provision.SharedLog;
import dev.preflight.core.provision.SharedLogUrl;
import dev.preflight.core.provision.Signatures;
import dev.preflight.core.provision.StationKey;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code preflight log verify}: this station's log, an export, or the shared log (--from). */
@Command(name = "verify", mixinStandardHelpOptions = true, description = {"Check the hash chain and the signed"
        + " head; exit 1 if a record was altered or removed.", "With --export, check an exported file against"
        + " its signed head with the station's public key."})
final class LogVerifyCommand extends CliCommand {
    @CommandLine.Mixin
    LogCommand.LogFile f;

    @Option(names = "--export", paramLabel = "FILE", description = "Check this export (CSV, JSON or HTML from"
            + " 'log export') instead of the log.")
    Path export;

    @Option(names = "--key", paramLabel = "PUBKEY", description = "The station's public key ('preflight log key'"
            + " writes it; default: this station's own key).")
    Path key;

    @Option(names = "--from", paramLabel = "URL", description = "Check the shared log instead: every station's"
            + " chain and signatures (postgresql://user@host:5432/db).")
    String from;

    @Override
    public Integer call() throws IOException {
        if (from != null) {
            if (export != null || f.log != null || key != null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--from cannot be combined with --export, --log or --key");
            }
            return verifyShared(SharedLogUrl.parse(from), out());
        }
        PublicKey k = key != null ? Signatures.readPublicKey(key)
                : StationKey.existingPublicKey(StationKey.defaultDir());
        PrintWriter out = out();
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
        try (SharedLog shared = SharedLog.reading(url)) { // only reads: a role with SELECT will do
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
