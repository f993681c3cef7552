package dev.preflight.core.provision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.report.PreflightException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * CARD_HISTORY across stations: when a shared log is configured, a card is looked up there ("seen at
 * station-3 on …, FAIL: BOOT_FILE_MODIFIED"), plus this station's records not pushed yet. The server
 * gets {@link #TIMEOUT_MILLIS} to answer; otherwise the caller falls back to the local log and says so.
 */
public final class SharedHistory {
    /** How long an inspection waits for the shared log before using the local log. */
    public static final long TIMEOUT_MILLIS = Long.getLong("preflight.sharedLookupMillis", 2000);
    private static final ExecutorService LOOKUPS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "preflight-shared-lookup");
        t.setDaemon(true);
        return t;
    });

    private SharedHistory() {
    }

    /**
     * The answer: {@code message} when the shared log answered (null otherwise), where it came from, and
     * {@code fallback}: what to add to the local log's message when the shared log is configured but did
     * not answer ("" when none is configured).
     */
    public record Answer(String message, String where, String fallback) {
    }

    public static Answer lookup(String identity, Path localLog) {
        StationSettings.Configured configured;
        try {
            configured = StationSettings.sharedLog();
        } catch (PreflightException e) {
            return new Answer(null, null, " (The shared log URL is not usable: only this station's log was searched.)");
        }
        if (!configured.present()) {
            return new Answer(null, null, "");
        }
        SharedLogUrl url = configured.url();
        Future<String> f = LOOKUPS.submit(() -> describe(url, identity, localLog));
        try {
            return new Answer(f.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS), "shared log " + url.server(), "");
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Answer(null, null, " (The shared log at " + url.server() + " did not answer within "
                    + TIMEOUT_MILLIS / 1000.0 + " s: only this station's log was searched.)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(null, null, "");
        } catch (ExecutionException e) {
            return new Answer(null, null, " (The shared log at " + url.server() + " could not be searched: only this"
                    + " station's log was.)");
        }
    }

    private static String describe(SharedLogUrl url, String identity, Path localLog) throws Exception {
        // one second beyond the lookup's own wait: a silent server is reported by the lookup ("did not answer
        // within"), never first by the driver giving up at the same moment on a loaded machine
        int seconds = (int) Math.max(1, (TIMEOUT_MILLIS + 999) / 1000) + 1;
        SharedLog.Seen seen;
        long onServer;
        String station = EditJournal.host();
        // only reads (a database no station has pushed to answers "never seen"; an unreadable schema is named)
        try (SharedLog shared = SharedLog.reading(url, seconds)) {
            seen = shared.lookup(identity);
            onServer = shared.station(station).count();
        }
        // this station's records the shared log does not hold yet
        long pushed = onServer;
        long[] local = {0};
        ObjectNode[] latest = {null};
        PushState state = PushState.read(localLog);
        long from = state.pushed() > 0 && state.pushed() <= onServer ? state.offset() : 0;
        new ProvisioningLog(localLog).recordsFrom(from, (r, end) -> {
            if (r.path("seq").asLong() > pushed && identity.equals(r.path("card").path("identity").asText())) {
                local[0]++;
                latest[0] = r;
            }
            return true;
        });
        long count = seen.count() + local[0];
        String id = "This card (" + identity + ")";
        if (count == 0) {
            return id + " is not in the shared log at " + url.server() + " yet.";
        }
        String at;
        String when;
        String verdict;
        List<String> codes;
        if (latest[0] != null && (seen.time() == null || !time(latest[0]).isBefore(seen.time()))) {
            ObjectNode r = latest[0];
            at = station;
            when = r.path("time").asText();
            verdict = r.path("verdict").asText(null);
            codes = new ArrayList<>();
            r.path("findingCodes").forEach(n -> codes.add(n.asText()));
        } else {
            at = seen.station();
            when = seen.time() == null ? "an unknown date" : seen.time().toString();
            verdict = seen.verdict();
            codes = seen.codes();
        }
        return id + " was seen " + count + " time(s) before in the shared log, last at " + at + " on " + when
                + (verdict == null ? "" : ", " + verdict.toUpperCase(Locale.ROOT) + codes(verdict, codes)) + ".";
    }

    private static Instant time(ObjectNode r) {
        try {
            return Instant.parse(r.path("time").asText());
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    private static String codes(String verdict, List<String> codes) {
        if ("pass".equalsIgnoreCase(verdict)) {
            return "";
        }
        List<String> shown = codes.stream().filter(c -> !c.equals("CARD_HISTORY")).limit(3).toList();
        return shown.isEmpty() ? "" : ": " + String.join(", ", shown);
    }
}
