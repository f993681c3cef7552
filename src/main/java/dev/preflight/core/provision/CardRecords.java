package dev.preflight.core.provision;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.report.Finding;
import dev.preflight.core.wear.UsbReader;
import dev.preflight.core.wear.WearReport;
import java.nio.file.Path;
import java.util.List;

/** Builds provisioning-log records from reports, and knows how a card is identified. */
public final class CardRecords {
    private CardRecords() {
    }

    /**
     * A card's identity: its CID serial when the reader shows it; otherwise the image path, or for a
     * card behind a USB reader the partition table's disk id plus config.json's uuid (the disk id alone
     * is the same on every card flashed from one image).
     */
    public static String identity(InspectionReport r) {
        if (r.wear() != null && r.wear().cid() != null) {
            return String.format("cid:%02x-%08x", r.wear().cid().manufacturerId(), r.wear().cid().serial());
        }
        String kind = r.source().kind();
        if (!"block-device".equals(kind)) {
            return "file:" + Path.of(r.source().path()).toAbsolutePath().normalize();
        }
        String disk = r.partitionTable() == null ? "nodisk" : r.partitionTable().diskId();
        String uuid = r.config() == null || r.config().uuid() == null ? "nouuid" : r.config().uuid();
        return "disk:" + disk + "/uuid:" + uuid;
    }

    /** One record for an inspection or verification. Never contains a secret. */
    public static ObjectNode of(InspectionReport r, String action, String station, String operator, String version,
                                List<String> changes) {
        ObjectNode n = ProvisioningLog.JSON.createObjectNode();
        n.put("action", action);
        n.put("station", station);
        n.put("operator", operator);
        n.put("preflightVersion", version);
        ObjectNode card = n.putObject("card");
        card.put("identity", identity(r));
        card.put("source", r.source().path());
        if ("block-device".equals(r.source().kind())) {
            card.put("readerSerial", UsbReader.serialOfDevice(r.source().path()));
        }
        card.put("capacityBytes", r.wear() == null ? r.source().size() : r.wear().capacityBytes());
        n.put("deviceType", r.os() == null ? null : r.os().deviceType());
        n.put("osVersion", r.os() == null ? null : r.os().version());
        n.put("fleetId", r.config() == null ? null : r.config().applicationId());
        n.put("uuid", r.config() == null ? null : r.config().uuid());
        n.put("hostname", r.config() == null ? null : r.config().hostname());
        n.put("configSha256WithoutSecrets", r.config() == null ? null : r.config().sha256WithoutSecrets());
        n.put("verdict", r.verdict().word());
        ArrayNode codes = n.putArray("findingCodes");
        for (Finding f : r.findings()) {
            codes.add(f.code().name());
        }
        ObjectNode wear = n.putObject("wear");
        if (r.wear() != null) {
            for (WearReport.Signal s : r.wear().signals()) {
                if (s.name().equals("fullCardWrites") || s.name().equals("dataFree")) {
                    wear.put(s.name(), s.value());
                }
            }
        }
        n.put("durationMillis", r.durationMillis());
        ArrayNode ch = n.putArray("changes");
        changes.forEach(ch::add);
        return n;
    }
}
