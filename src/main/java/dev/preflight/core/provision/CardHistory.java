package dev.preflight.core.provision;

import dev.preflight.core.inspect.HistoryLookup;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Looks the card up in the provisioning log: how many times was it seen before, and when last. With a
 * shared log configured, every station's records count (SharedHistory); the local log answers if it does not.
 */
public final class CardHistory {
    private CardHistory() {
    }

    /** The lookup in {@code log} (and the shared log when one is configured); null when {@code log} is null. */
    public static HistoryLookup of(Path log) {
        return log == null ? null : (draft, findings) -> add(log, draft, findings);
    }

    static void add(Path log, InspectionReport draft, List<Finding> findings) {
        add(log, findings, CardRecords.identity(draft));
    }

    /** CARD_HISTORY for the card {@code id}: the shared log's answer, else this station's log's. */
    static void add(Path log, List<Finding> findings, String id) {
        SharedHistory.Answer shared = SharedHistory.lookup(id, log);
        if (shared.message() != null) {
            findings.add(Finding.of(FindingCode.CARD_HISTORY, shared.message(), shared.where(), null));
            return;
        }
        try {
            int[] count = {0};
            String[] last = {null, null};
            new ProvisioningLog(log).recordsMentioning(id, r -> {
                if (id.equals(r.path("card").path("identity").asText())) {
                    count[0]++;
                    last[0] = r.path("time").asText();
                    if (r.hasNonNull("verdict")) { // a serial capture attached to the card has none
                        last[1] = r.path("verdict").asText();
                    }
                }
            });
            findings.add(Finding.of(FindingCode.CARD_HISTORY, (count[0] == 0 ? "This card (" + id + ") is not in the"
                    + " provisioning log yet." : "This card (" + id + ") was recorded " + count[0] + " time(s) before,"
                    + " last on " + last[0] + " (verdict " + last[1] + ").") + shared.fallback(), log.toString(), null));
        } catch (IOException e) {
            findings.add(Finding.of(FindingCode.CARD_HISTORY, "The provisioning log " + log + " could not be read ("
                    + e.getMessage() + "); card history is unknown.", log.toString(), null));
        }
    }
}
