package dev.preflight.core.provision;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.Version;
import dev.preflight.core.bytes.Sha256;
import dev.preflight.core.inspect.InspectOptions;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.inspect.InspectionService;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.report.Severity;
import dev.preflight.core.serial.BootLogAnalyzer;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Attaches a serial capture to a card in the provisioning log: a record with action "serial", the
 * card's identity (so it shows up in that card's history and in exports), the port, the milestones
 * reached, the failure codes, the capture's size and SHA-256 and where it was saved. The capture
 * itself stays in its file; the log stays small and never holds console text.
 */
public final class SerialAttachment {
    private SerialAttachment() {
    }

    public static ObjectNode attach(Path log, String cardPath, String port, byte[] capture, Path savedAs,
                                    CancellationToken cancel) throws IOException {
        InspectionReport r = new InspectionService().inspect(cardPath, InspectOptions.defaults(), ProgressListener.NONE,
                cancel);
        BootLogAnalyzer.Result a = BootLogAnalyzer.analyse(new String(capture,
                StandardCharsets.UTF_8), port);
        ObjectNode n = ProvisioningLog.JSON.createObjectNode();
        n.put("action", "serial");
        n.put("station", EditJournal.host());
        n.put("operator", EditJournal.user());
        n.put("preflightVersion", Version.get());
        ObjectNode card = n.putObject("card");
        card.put("identity", CardRecords.identity(r));
        card.put("source", r.source().path());
        n.put("deviceType", r.os() == null ? null : r.os().deviceType());
        n.put("uuid", r.config() == null ? null : r.config().uuid());
        ObjectNode serial = n.putObject("serial");
        serial.put("port", port);
        serial.put("bytes", capture.length);
        serial.put("sha256", Sha256.hex(capture));
        serial.put("savedAs", savedAs == null ? null : savedAs.toAbsolutePath().toString());
        ArrayNode ms = serial.putArray("milestones");
        a.milestones().forEach(m -> ms.add(m.name()));
        ArrayNode codes = n.putArray("findingCodes");
        for (Finding f : a.findings()) {
            codes.add(f.code().name());
        }
        n.put("bootResult", a.findings().stream().anyMatch(f -> f.severity() == Severity.ERROR)
                ? "failed" : a.reached("login") ? "login" : "incomplete");
        return new ProvisioningLog(log).append(n);
    }

    /** Whether a capture was attached, and the message saying so or why not. */
    public record Outcome(boolean attached, String message) {
    }

    /** As {@link #attach}, with card and log problems as a message instead of an exception. */
    public static Outcome attachOrExplain(Path log, String cardPath, String port, byte[] capture, Path savedAs) {
        try {
            ObjectNode r = attach(log, cardPath, port, capture, savedAs, new CancellationToken());
            return new Outcome(true, "Attached to " + r.path("card").path("identity").asText() + " as log record #"
                    + r.path("seq").asLong() + ".");
        } catch (PreflightException e) {
            return new Outcome(false, "Not attached: " + e.getMessage()
                    + (e.hint() == null ? "" : " " + e.hint()));
        } catch (IOException e) {
            return new Outcome(false, "Not attached: the provisioning log " + log + " could not be written ("
                    + e.getMessage() + "). Check that its folder is writable and the disk is not full.");
        }
    }
}
