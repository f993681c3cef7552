package dev.preflight.core.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.secret.SafeJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a good card of this batch is (docs/cli.md "preflight profile"): device type, OS version or
 * range, fleet, required config.json values, required Wi-Fi SSID, finding codes that are allowed
 * despite their severity, whether the integrity check may show only expected differences, and wear
 * limits.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "deviceType", "osVersion", "fleetId", "requiredConfig", "requiredWifiSsid",
        "allowedFindings", "integrityExpectedOnly", "maxFullCardWrites", "minDataFreePercent", "requiredRelease"})
public final class StationProfile {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public String name;
    public String deviceType;
    /** An exact version ("6.5.44+rev2") or a range (">=6.0.0 <7", ">=2.101"). */
    public String osVersion;
    public Long fleetId;
    public Map<String, JsonNode> requiredConfig = new LinkedHashMap<>();
    public String requiredWifiSsid;
    public List<String> allowedFindings = new ArrayList<>();
    public boolean integrityExpectedOnly = true;
    public Double maxFullCardWrites;
    public Double minDataFreePercent;
    /** The release commit (or its first 7+ hex digits) a card must carry preloaded. */
    public String requiredRelease;

    /** Reads a profile; a JSON mistake is reported as "line L, column C: what is wrong". */
    public static StationProfile read(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), StationProfile.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IOException(at(e) + "unknown setting \"" + e.getPropertyName() + "\"", e);
        } catch (JsonProcessingException e) {
            // by position and a fixed phrase, no cause: a required config value may be a secret
            throw new IOException(SafeJson.clean(e).getMessage());
        }
    }

    private static String at(JsonProcessingException e) {
        return e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ": ";
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(this) + System.lineSeparator());
    }

    public String toJson() throws IOException {
        return JSON.writeValueAsString(this);
    }

    /** What is wrong with this profile (unknown finding codes, a malformed version range, bad limits); empty when usable. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (osVersion != null && !osVersion.isBlank()) {
            String v = osVersion.strip();
            try {
                VersionRange.matches(v, "0.0.0");
                if (!v.startsWith(">") && !v.startsWith("<") && !v.startsWith("=") && !v.matches("\\d+(\\.\\d+)*\\S*")) {
                    out.add("OS version: '" + v + "' is neither a version (6.5.44+rev2) nor a range (>=6.0.0 <7).");
                }
            } catch (IllegalArgumentException e) {
                out.add("OS version: " + e.getMessage() + ".");
            }
        }
        for (String code : allowedFindings) {
            try {
                FindingCode.valueOf(code);
            } catch (IllegalArgumentException e) {
                out.add("'" + code + "' is not a finding code (see docs/findings.md).");
            }
        }
        if (fleetId != null && fleetId <= 0) {
            out.add("The fleet id must be a positive number.");
        }
        if (maxFullCardWrites != null && maxFullCardWrites <= 0) {
            out.add("The full-card-writes limit must be above 0.");
        }
        if (requiredRelease != null && !requiredRelease.strip().matches("[0-9a-fA-F]{7,64}")) {
            out.add("The required release is a commit: 7 to 64 hex digits.");
        }
        if (minDataFreePercent != null && (minDataFreePercent < 0 || minDataFreePercent > 100)) {
            out.add("The free-space minimum is a percentage from 0 to 100.");
        }
        return out;
    }
}
