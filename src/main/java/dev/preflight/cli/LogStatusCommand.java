package dev.preflight.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.core.provision.PushState;
import dev.preflight.core.provision.SharedLog;
import dev.preflight.core.provision.SharedLogUrl;
import dev.preflight.core.provision.StationSettings;
import dev.preflight.core.report.PreflightException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code preflight log status}: how much of this station's log the shared log holds, and the last push error. */
@Command(name = "status", mixinStandardHelpOptions = true, description = {"Show the local record count, how many"
        + " the shared log holds, and the last push error.", "Asks the server (only reading) when it answers"
        + " within 5 seconds; otherwise shows what the last push found. Exit 0, 2 bad usage."})
final class LogStatusCommand extends CliCommand {
    /** How long the server gets to answer, connecting included. */
    static final int SECONDS = 5;

    @CommandLine.Mixin
    LogCommand.LogFile f;

    @Option(names = "--to", paramLabel = "URL", description = "The shared log (default: PREFLIGHT_LOG_URL, else"
            + " the station settings).")
    String to;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        ProvisioningLog log = f.open();
        long local = log.lastSeq();
        SharedLogUrl url;
        String source;
        if (to != null) {
            url = SharedLogUrl.parse(to);
            source = "--to";
        } else {
            StationSettings.Configured c = StationSettings.sharedLog();
            url = c.url();
            source = c.source();
        }
        PushState state = PushState.read(log.file());
        String station = Station.host();
        Long onServer = null;
        boolean noneYet = false;
        String reachError = null;
        if (url != null) {
            // only reads: no schema is created or migrated, so no other station's migration is waited for
            try (SharedLog shared = SharedLog.reading(url, SECONDS)) {
                onServer = shared.records(station);
                noneYet = !shared.hasSchema();
            } catch (PreflightException e) {
                reachError = e.getMessage();
            }
        }
        long pushed = onServer != null ? onServer : url != null && url.toString().equals(state.server())
                ? state.pushed() : 0;
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("log", log.file().toString());
        n.put("localRecords", local);
        n.put("station", station);
        n.put("url", url == null ? null : url.toString());
        n.put("urlSource", source);
        n.put("pushed", url == null ? null : pushed);
        n.put("onlyLocal", url == null ? local : Math.max(0, local - pushed));
        n.put("serverAnswered", onServer != null);
        n.put("lastPush", state.pushedAt() == null ? null : state.pushedAt().toString());
        n.put("lastError", reachError != null ? reachError : state.error());
        n.put("lastErrorAt", reachError != null ? Instant.now().toString()
                : state.errorAt() == null ? null : state.errorAt().toString());
        n.put("failedPushes", state.failures());
        PrintWriter out = out();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(n));
        } else {
            out.println("Local log:  " + log.file() + ", " + local + " record(s), station " + station);
            if (url == null) {
                out.println("Shared log: none configured (--to URL, " + StationSettings.ENV_URL
                        + ", or 'preflight log connect URL'); every record is only local.");
            } else {
                out.println("Shared log: " + url + " (from " + source + ")");
                String asOf = onServer == null ? " (as of the last push" + (state.pushedAt() == null ? ""
                        : ", " + state.pushedAt()) + "; the server did not answer now)"
                        : noneYet ? " (the server answered now: no station has pushed to it yet)"
                        : " (the server answered now)";
                out.println("Pushed:     " + pushed + " of " + local + " record(s)" + (local > pushed ? ", "
                        + (local - pushed) + " only local so far" : "") + asOf);
                String inARow = reachError == null && state.failures() > 0 ? "; " + state.failures() + " failed push"
                        + (state.failures() == 1 ? "" : "es") + " in a row" : "";
                out.println("Last error: " + (n.path("lastError").isNull() ? "none" : n.path("lastError").asText()
                        + " (" + n.path("lastErrorAt").asText() + inARow + ")"));
            }
        }
        out.flush();
        return 0;
    }
}
