package dev.preflight.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.provision.EditJournal;
import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.core.provision.StationKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code preflight log}: the provisioning log, with {@code show} and {@code key} here; {@code verify} and
 * {@code export} have their own classes, and the shared-log subcommands are in {@link SharedLogCommands}.
 */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = {LogCommand.SUMMARY,
                "(preflight inspect --record), signed with this station's key.",
                "Kept in your data folder; never holds a password or key.",
                "With a shared log (PostgreSQL), stations push their records to one place: log push, status, connect."},
        subcommands = {LogCommand.Show.class, LogVerifyCommand.class, LogExportCommand.class, LogCommand.Key.class,
                SharedLogCommands.Push.class, LogStatusCommand.class, SharedLogCommands.Connect.class})
final class LogCommand extends CommandGroup {
    /** The description's first line: the command's line in the root's help. */
    static final String SUMMARY = "The provisioning log: one tamper-evident record per recorded inspection";

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

    @Command(name = "key", mixinStandardHelpOptions = true, description = {"Print this station's public key (PEM),"
            + " for customers who check exports with 'log verify --export FILE --key station.pub'.",
            "The key pair is created on first use in your data folder; the private key never leaves it."})
    static final class Key extends CliCommand {
        @Option(names = "--out", paramLabel = "FILE", description = "Write the public key to FILE instead of"
                + " standard output.")
        Path out;

        @Override
        public Integer call() throws IOException {
            StationKey k = StationKey.ofThisStation();
            PrintWriter w = out();
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
    static final class Show extends CliCommand {
        @CommandLine.Mixin
        LogFile f;

        @Option(names = "--last", defaultValue = "20", description = "How many (default ${DEFAULT-VALUE}).")
        int last;

        @Override
        public Integer call() throws IOException {
            List<ObjectNode> r = f.open().read().records();
            PrintWriter out = out();
            for (ObjectNode n : r.subList(Math.max(0, r.size() - last), r.size())) {
                out.printf("%5d %s %-7s %-5s %s %s%n", n.path("seq").asLong(), n.path("time").asText(),
                        n.path("action").asText(), n.path("verdict").asText(), n.path("card").path("identity").asText(),
                        n.path("deviceType").asText(""));
            }
            out.flush();
            return 0;
        }
    }
}
