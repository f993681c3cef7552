package dev.preflight.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.integrity.IntegrityChecker;
import dev.preflight.core.network.Connection;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Severity;
import dev.preflight.core.secret.JsonMasking;
import dev.preflight.core.secret.SecretPolicy;
import dev.preflight.core.wear.WearReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Judges an inspected card against a station profile: PASS or FAIL with reasons. */
public final class ProfileCheck {
    /** The outcome for one card. {@code reasons} are the blocking findings (profile mismatches first). */
    public record Outcome(boolean pass, List<Finding> reasons) {
    }

    private ProfileCheck() {
    }

    /**
     * @param config      the card's config.json root, or null
     * @param connections the card's network connections
     */
    public static Outcome check(StationProfile p, InspectionReport r, JsonNode config, List<Connection> connections) {
        List<Finding> reasons = new ArrayList<>();
        if (p.deviceType != null && (r.os() == null || !p.deviceType.equals(r.os().deviceType()))) {
            reasons.add(mismatch("device type is " + (r.os() == null ? "unknown" : r.os().deviceType()) + ", the profile"
                    + " wants " + p.deviceType));
        }
        if (p.osVersion != null) {
            String v = r.os() == null ? null : r.os().version();
            if (v == null || !VersionRange.matches(p.osVersion, v)) {
                reasons.add(mismatch("balenaOS version is " + (v == null ? "unknown" : v) + ", the profile wants "
                        + p.osVersion));
            }
        }
        if (p.fleetId != null && (r.config() == null || !p.fleetId.equals(r.config().applicationId()))) {
            reasons.add(mismatch("fleet is " + (r.config() == null ? "not set" : r.config().applicationId())
                    + ", the profile wants " + p.fleetId));
        }
        p.requiredConfig.forEach((key, want) -> {
            JsonNode have = config == null ? null : config.at("/" + key.replace('.', '/'));
            if (have == null || have.isMissingNode() || !have.equals(want)) {
                reasons.add(mismatch("config.json " + key + " is " + (have == null || have.isMissingNode() ? "not set"
                        : shown(key, have)) + ", the profile wants " + shown(key, want)));
            }
        });
        if (p.requiredWifiSsid != null && connections.stream().noneMatch(c -> c.active() && c.isWifi()
                && p.requiredWifiSsid.equals(c.ssid()))) {
            reasons.add(mismatch("no active Wi-Fi connection for SSID \"" + p.requiredWifiSsid + "\""));
        }
        if (p.integrityExpectedOnly && r.integrity() != null && r.integrity().files().stream()
                .anyMatch(f -> f.judgement() == IntegrityChecker.Judgement.PROBLEM)) {
            reasons.add(mismatch("the boot partition differs from its fingerprint beyond expected changes"));
        }
        if (p.requiredRelease != null) {
            String have = r.release() == null ? null : r.release().commit();
            String want = p.requiredRelease.strip().toLowerCase(Locale.ROOT);
            if (have == null || !have.toLowerCase(Locale.ROOT).startsWith(want)) {
                reasons.add(mismatch((have == null ? "no release is preloaded" : "the preloaded release is " + have)
                        + ", the profile wants " + want));
            }
        }
        wear(p, r.wear(), reasons);
        for (Finding f : r.findings()) {
            if (f.severity() == Severity.ERROR && !p.allowedFindings.contains(f.code().name())) {
                reasons.add(f);
            }
        }
        return new Outcome(reasons.isEmpty(), reasons);
    }

    private static void wear(StationProfile p, WearReport w, List<Finding> reasons) {
        if (w == null) {
            return;
        }
        for (WearReport.Signal s : w.signals()) {
            try {
                double v = Double.parseDouble(s.value().replace("%", ""));
                if (s.name().equals("fullCardWrites") && p.maxFullCardWrites != null && v > p.maxFullCardWrites) {
                    reasons.add(mismatch(String.format(Locale.ROOT, "the card was written %.0f times over; the profile"
                            + " allows %.0f", v, p.maxFullCardWrites)));
                }
                if (s.name().equals("dataFree") && p.minDataFreePercent != null && v < p.minDataFreePercent) {
                    reasons.add(mismatch(String.format(Locale.ROOT, "resin-data has %.1f%% free; the profile wants %.1f%%",
                            v, p.minDataFreePercent)));
                }
            } catch (NumberFormatException e) {
                // not a numeric signal
            }
        }
    }

    /** A config value for a message, secrets masked (a secret itself reads ********, without quotes). */
    private static String shown(String key, JsonNode value) {
        JsonNode masked = JsonMasking.maskedAt(key, value);
        return masked.isTextual() && masked.asText().equals(SecretPolicy.MASK) ? SecretPolicy.MASK : masked.toString();
    }

    static Finding mismatch(String what) {
        return Finding.of(FindingCode.PROFILE_MISMATCH, "Not what this batch needs: " + what + ".", "station profile",
                "Reflash or reconfigure the card for this batch, or check the profile.");
    }

}
