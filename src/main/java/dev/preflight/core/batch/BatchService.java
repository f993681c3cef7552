package dev.preflight.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.boot.BootReader;
import dev.preflight.core.edit.WifiService;
import dev.preflight.core.inspect.InspectOptions;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.inspect.InspectionService;
import dev.preflight.core.network.Connection;
import dev.preflight.core.provision.CardHistory;
import dev.preflight.core.provision.CardRecords;
import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies cards one after another against a station profile and records each in the provisioning
 * log. A card that cannot be read (unplugged, broken) is a FAIL with the reason; the batch goes on.
 */
public final class BatchService {
    private final StationProfile profile;
    private final ProvisioningLog log;
    private final String station;
    private final String operator;
    private final String version;

    public BatchService(StationProfile profile, ProvisioningLog log, String station, String operator, String version) {
        this.profile = profile;
        this.log = log;
        this.station = station;
        this.operator = operator;
        this.version = version;
    }

    /** One card's result. {@code report} is null when the card could not be read at all. */
    public record CardResult(String path, boolean pass, List<Finding> reasons, InspectionReport report, long seq) {
    }

    public CardResult check(String path, CancellationToken cancel) {
        InspectionReport report;
        try {
            report = new InspectionService().inspect(path, new InspectOptions(false, null, CardHistory.of(log == null ? null
                    : log.file())), ProgressListener.NONE, cancel);
        } catch (PreflightException e) {
            if (e.errorCode() == ErrorCode.CANCELLED) {
                throw e;
            }
            Finding f = Finding.of(FindingCode.PROFILE_MISMATCH, "The card could not be read: " + e.getMessage(), path,
                    e.hint());
            return new CardResult(path, false, List.of(f), null, record(path, null, false, List.of(f)));
        }
        JsonNode config = null;
        List<Connection> connections = new ArrayList<>();
        try (BootReader ro = BootReader.open(path, cancel)) {
            byte[] b = ro.read("config.json");
            config = b == null ? null : new ObjectMapper().readTree(b);
            connections = WifiService.connections(ro.files());
        } catch (IOException | PreflightException e) {
            // the inspection above already reports why these are unreadable
        }
        ProfileCheck.Outcome o = ProfileCheck.check(profile, report, config, connections);
        return new CardResult(path, o.pass(), o.reasons(), report, record(path, report, o.pass(), o.reasons()));
    }

    private long record(String path, InspectionReport report, boolean pass, List<Finding> reasons) {
        if (log == null) {
            return 0;
        }
        try {
            ObjectNode r;
            if (report != null) {
                r = CardRecords.of(report, "batch", station, operator, version, List.of());
            } else {
                r = new ObjectMapper().createObjectNode();
                r.put("action", "batch");
                r.put("station", station);
                r.put("operator", operator);
                r.put("preflightVersion", version);
                r.putObject("card").put("identity", "unreadable:" + path).put("source", path);
                r.put("verdict", "fail");
            }
            r.put("batch", profile.name);
            r.put("profileResult", pass ? "pass" : "fail");
            var arr = r.putArray("profileReasons");
            reasons.forEach(f -> arr.add(f.code().name() + ": " + f.message()));
            return log.append(r).path("seq").asLong();
        } catch (IOException e) {
            throw new PreflightException(ErrorCode.INCOMPLETE, "The provisioning log "
                    + log.file() + " could not be written: " + e.getMessage(), "Check free space and permissions.", e);
        }
    }

    /** Linux: removable block devices with media (for --watch). */
    public static List<String> removableDevices(Path sysBlock) {
        List<String> out = new ArrayList<>();
        File[] entries = sysBlock.toFile().listFiles();
        if (entries == null) {
            return out;
        }
        for (File d : entries) {
            try {
                Path p = d.toPath();
                String removable = Files.readString(p.resolve("removable")).strip();
                long size = Long.parseLong(Files.readString(p.resolve("size")).strip());
                boolean mmc = d.getName().startsWith("mmcblk") && !d.getName().contains("boot")
                        && !d.getName().contains("rpmb");
                if (("1".equals(removable) || mmc) && size > 0) {
                    out.add("/dev/" + d.getName());
                }
            } catch (IOException | RuntimeException e) {
                // not a disk, or it just went away
            }
        }
        out.sort(String::compareTo);
        return out;
    }
}
