package dev.preflight.cli;

import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.core.provision.SharedLog;
import dev.preflight.core.provision.SharedLogUrl;
import dev.preflight.core.provision.StationSettings;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code preflight log push|connect}: the shared provisioning log in PostgreSQL (docs/cli.md "Shared log"),
 * and what every shared-log subcommand shares; {@code log status} is {@link LogStatusCommand}.
 */
final class SharedLogCommands {
    private SharedLogCommands() {
    }

    /** --to URL, else PREFLIGHT_LOG_URL, else the station settings; none is a usage error. */
    static SharedLogUrl target(String given) {
        if (given != null) {
            return SharedLogUrl.parse(given);
        }
        StationSettings.Configured c = StationSettings.sharedLog();
        if (!c.present()) {
            throw new PreflightException(ErrorCode.USAGE, "No shared log is configured.", "Pass --to URL, set "
                    + StationSettings.ENV_URL + ", or save one with 'preflight log connect postgresql://user@host:5432/db'.");
        }
        return c.url();
    }

    /** What the program says when the server refused a record: the reason and what to do; exit 1. */
    static int refused(CommandLine cl, SharedLog.Refused e) {
        PrintWriter err = cl.getErr();
        err.println("preflight: " + e.getMessage());
        if (e.hint() != null) {
            err.println("  " + e.hint());
        }
        err.flush();
        return 1;
    }

    @Command(name = "push", mixinStandardHelpOptions = true, description = {"Send this station's records the shared"
            + " log does not hold yet, in order; safe to repeat or interrupt.", "Exit 0 done, 1 the server refused a"
            + " record (a fork or a rewritten log), 2 bad usage, 3 the server cannot be reached or stopped answering."})
    static final class Push extends CliCommand {
        @CommandLine.Mixin
        LogCommand.LogFile f;

        @Option(names = "--to", paramLabel = "URL", description = "postgresql://user@host:5432/db (default:"
                + " PREFLIGHT_LOG_URL, else the station settings). The password comes from PGPASSWORD or ~/.pgpass.")
        String to;

        @Override
        public Integer call() throws IOException {
            SharedLogUrl url = target(to);
            ProvisioningLog log = f.open();
            SharedLog.PushResult r;
            try {
                r = SharedLog.push(url, log); // a failure is recorded in the push state there, once
            } catch (SharedLog.Refused e) {
                return refused(spec.commandLine(), e);
            }
            PrintWriter out = out();
            out.println((r.pushed() == 0 ? "Nothing to push" : "Pushed " + r.pushed() + " record(s)") + " to "
                    + url.server() + ": it holds " + r.onServer() + " of the " + r.local() + " record(s) of station "
                    + r.station() + (r.onServer() < r.local() ? "" : ", all of them") + ".");
            out.flush();
            return 0;
        }
    }

    @Command(name = "connect", mixinStandardHelpOptions = true, description = {"Save the shared log's URL in this"
            + " station's settings (after connecting once, which creates or updates its tables).",
            "PREFLIGHT_LOG_URL, when set, takes precedence. The password is never saved: PGPASSWORD or ~/.pgpass."})
    static final class Connect extends CliCommand {
        @Parameters(paramLabel = "URL", arity = "0..1", description = "postgresql://user@host:5432/db[?sslmode=...]")
        String url;

        @Option(names = "--station", paramLabel = "NAME", description = "Also name this station (default: the host"
                + " name); each station needs its own name in a shared log.")
        String station;

        @Option(names = "--forget", description = "Remove the saved URL: records stay local only.")
        boolean forget;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = out();
            if (forget == (url != null)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Give a URL, or --forget.");
            }
            if (forget) {
                StationSettings.save(null, station);
                out.println("The shared log URL was removed from " + StationSettings.file() + ".");
                out.flush();
                return 0;
            }
            SharedLogUrl u = SharedLogUrl.parse(url);
            try (SharedLog shared = SharedLog.open(u)) {
                StationSettings.save(u, station);
                out.println("Connected to " + u.server() + "; saved in " + StationSettings.file() + ". Batch and station"
                        + " mode push after each card; 'preflight log push' sends what is still only local.");
            }
            out.flush();
            return 0;
        }
    }
}
