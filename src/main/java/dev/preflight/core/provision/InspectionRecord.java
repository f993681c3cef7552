package dev.preflight.core.provision;

import dev.preflight.Version;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Records an inspection in the provisioning log as an "inspect" record: the one way both
 * {@code inspect --record} and the desktop app's "Record in log" do it.
 */
public final class InspectionRecord {
    private InspectionRecord() {
    }

    /**
     * Appends {@code report} to {@code log}; returns the record's sequence number.
     *
     * @param station  the station name, or null for this machine's (the configured name, else the host name)
     * @param operator who is working, or null for the logged-in user
     * @throws PreflightException (INCOMPLETE) when the log cannot be written
     */
    public static long append(Path log, InspectionReport report, String station, String operator) {
        try {
            return new ProvisioningLog(log).append(CardRecords.of(report, "inspect",
                    station != null ? station : EditJournal.host(), operator != null ? operator : EditJournal.user(),
                    Version.get(), List.of())).path("seq").asLong();
        } catch (IOException e) {
            throw new PreflightException(ErrorCode.INCOMPLETE,
                    "The provisioning log " + log + " could not be written: " + e.getMessage(),
                    "Check that its folder exists and is writable and that the disk is not full, or pass --log FILE.",
                    e);
        }
    }
}
