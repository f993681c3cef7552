package dev.preflight.core.inspect;

import dev.preflight.core.report.Finding;
import java.util.List;

/**
 * Looks the inspected card up in a record of earlier inspections and adds what it found (CARD_HISTORY).
 * The provisioning log provides it; inspection only calls it, so it does not depend on the log.
 */
@FunctionalInterface
public interface HistoryLookup {
    void add(InspectionReport draft, List<Finding> findings);
}
