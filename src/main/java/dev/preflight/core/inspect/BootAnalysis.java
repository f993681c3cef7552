package dev.preflight.core.inspect;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.core.boot.DeviceTypeJson;
import dev.preflight.core.boot.OsRelease;
import dev.preflight.core.bytes.Sha256;
import dev.preflight.core.configjson.ConfigJsonValidator;
import dev.preflight.core.configjson.ConfigState;
import dev.preflight.core.configjson.FatrwBackups;
import dev.preflight.core.configtxt.ConfigTxt;
import dev.preflight.core.configtxt.ConfigTxtChecker;
import dev.preflight.core.fat.BootFileSystem;
import dev.preflight.core.image.SourceFailures;
import dev.preflight.core.inspect.InspectionReport.Config;
import dev.preflight.core.inspect.InspectionReport.Os;
import dev.preflight.core.network.Connection;
import dev.preflight.core.network.NetworkChecks;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.secret.CanonicalJson;
import dev.preflight.core.secret.JsonMasking;
import dev.preflight.core.secret.JsonSyntaxException;
import dev.preflight.core.secret.SafeJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads the identity files and config.json of a boot partition. */
final class BootAnalysis {
    static final int MAX_TEXT = 4 << 20;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final BootFileSystem boot;
    private final String where;
    private final List<Finding> findings;

    BootAnalysis(BootFileSystem boot, String where, List<Finding> findings) {
        this.boot = boot;
        this.where = where;
        this.findings = findings;
    }

    boolean flasher(boolean flashLabel) {
        return flashLabel || boot.exists("balena-image-flasher") || boot.exists("resin-image-flasher");
    }

    /** A file's bytes, null when absent; a file that cannot be read becomes a finding and UNREADABLE. */
    private byte[] read(String path, int max) {
        try {
            return boot.read(path, max);
        } catch (IOException e) {
            SourceFailures.rethrowIfFatal(e);
            // a file far larger than any of a balenaOS boot partition was put there; its file system may be fine
            String hint = e instanceof BootFileSystem.TooLarge ? "No balenaOS boot file is that large: replace it"
                    + (path.equals("config.json") ? " (preflight config inject PATH FILE)" : "") + " or reflash the card."
                    : "The file system is damaged: run fsck.fat on the card or reflash it.";
            findings.add(Finding.of(FindingCode.BOOT_FILESYSTEM_UNREADABLE, "On " + where + ", " + path
                    + " could not be read: " + e.getMessage() + ".", where + ":/" + path, hint));
            return UNREADABLE;
        }
    }

    private static final byte[] UNREADABLE = new byte[0];

    /** The slug in device-type.json, or null. */
    String imageDeviceType() {
        byte[] dt = read("device-type.json", MAX_TEXT);
        return dt == UNREADABLE ? null : DeviceTypeJson.slug(dt);
    }

    Config config(String imageDeviceType) throws IOException {
        findings.addAll(FatrwBackups.leftovers(boot, where));
        byte[] bytes = read("config.json", MAX_TEXT);
        if (bytes == UNREADABLE) {
            return new Config(true, null, false, null, List.of(), null, null, null, null, null, null);
        }
        if (bytes == null) {
            findings.add(Finding.of(FindingCode.CONFIG_JSON_MISSING, "There is no config.json on " + where + ".",
                    where, "Download a configured image from the dashboard, or add one with"
                            + " 'preflight config inject' / 'balena config inject'."));
            return new Config(false, null, false, null, List.of(), null, null, null, null, null, null);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String format = text.trim().contains("\n") ? "pretty" : "compact";
        JsonNode root;
        try {
            root = SafeJson.readTree(JSON, bytes);
            if (root == null || !root.isObject()) {
                throw new NotAnObject();
            }
        } catch (NotAnObject e) {
            syntax("config.json on " + where + " is valid JSON but not an object ({...}).", where + ":/config.json");
            return new Config(true, bytes.length, false, format, List.of(), null, null, null, null, null, null);
        } catch (JsonSyntaxException e) {
            // position and a fixed phrase only: the parser's own message would quote an unquoted secret
            String at = e.line() == 0 ? "" : " at line " + e.line() + ", column " + e.column();
            syntax("config.json on " + where + " is not valid JSON" + at + ": " + e.what() + ".",
                    where + ":/config.json" + (e.line() == 0 ? "" : ":" + e.line() + ":" + e.column()));
            return new Config(true, bytes.length, false, format, List.of(), null, null, null, null, null, null);
        } catch (IOException e) {
            // bytes in no Unicode encoding (Jackson's CharConversionException): bad data, not a failing read
            syntax("config.json on " + where + " is not valid JSON: " + e.getMessage(), where + ":/config.json");
            return new Config(true, bytes.length, false, format, List.of(), null, null, null, null, null, null);
        }
        findings.addAll(new ConfigJsonValidator().validate(root,
                new ConfigJsonValidator.Context(where + ":/config.json", imageDeviceType)));
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        JsonNode app = root.get("applicationId");
        Long appId = null;
        if (app != null && app.isIntegralNumber() && app.canConvertToLong()) {
            appId = app.asLong();
        } else if (app != null && app.isTextual() && app.asText().matches("\\d{1,18}")) {
            appId = Long.valueOf(app.asText());
        }
        return new Config(true, bytes.length, true, format, keys, text(root, "deviceType"), appId,
                text(root, "uuid"), text(root, "hostname"), ConfigState.of(root).word(), withoutSecrets(root));
    }

    /** SHA-256 of config.json's canonical JSON with every secret removed (for the provisioning log). */
    static String withoutSecrets(JsonNode root) {
        return Sha256.hex(CanonicalJson.bytes(JsonMasking.withoutSecrets(root)));
    }

    /** Checks config.txt (Raspberry Pi boot partitions). */
    void configTxt(String deviceType) {
        byte[] bytes = read("config.txt", MAX_TEXT);
        if (bytes == UNREADABLE) {
            return;
        }
        boolean pi = ConfigTxtChecker.isRaspberryPi(deviceType);
        if (bytes == null) {
            if (pi) {
                findings.add(Finding.of(FindingCode.CONFIG_TXT_MISSING, "There is no config.txt on " + where + ".",
                        where, "Restore the image's default config.txt; a Raspberry Pi 5 does not boot without one."));
            }
            return;
        }
        Set<String> files = new HashSet<>();
        boot.files().forEach(f -> files.add(f.path()));
        findings.addAll(new ConfigTxtChecker(
                ConfigTxt.parse(bytes),
                new ConfigTxtChecker.Context(where + ":/config.txt", files, deviceType))
                .check(bytes.length));
    }

    /** Checks the NetworkManager keyfiles in system-connections/. */
    void network(String deviceType) {
        List<Connection> conns = new ArrayList<>();
        for (BootFileSystem.BootFile f : boot.files()) {
            String p = f.path();
            if (p.toLowerCase(Locale.ROOT).startsWith("system-connections/") && p.indexOf('/', 19) < 0
                    && !p.equalsIgnoreCase("system-connections/README.ignore")) {
                byte[] b = read(p, 1 << 20);
                if (b != null && b != UNREADABLE) {
                    conns.add(Connection.of(p.substring(19), b));
                }
            }
        }
        findings.addAll(NetworkChecks.check(conns, where, deviceType));
    }

    private void syntax(String message, String location) {
        findings.add(Finding.of(FindingCode.CONFIG_JSON_SYNTAX, message, location,
                "balenaOS will not read this file and the device will not boot properly. Fix the JSON, or"
                        + " restore it from the dashboard download."));
    }

    private static final class NotAnObject extends Exception {
    }

    private static String text(JsonNode root, String key) {
        JsonNode n = root.get(key);
        return n != null && n.isValueNode() && !n.isNull() ? n.asText() : null;
    }

    Os os(boolean flasher, Config config, String configLocation) throws IOException {
        String deviceType = null;
        byte[] dt = read("device-type.json", MAX_TEXT);
        if (dt == UNREADABLE) {
            deviceType = null;
        } else if (dt != null) {
            try {
                JsonNode n = JSON.readTree(dt);
                deviceType = n != null && n.hasNonNull("slug") ? n.get("slug").asText() : null;
            } catch (IOException e) {
                deviceType = null; // not JSON, or in no Unicode encoding at all
            }
        } else {
            findings.add(Finding.of(FindingCode.DEVICE_TYPE_MISSING, "There is no device-type.json on " + where + ".",
                    where, "Every balenaOS boot partition ships one; the card may be damaged or not balenaOS."));
        }
        byte[] rel = read("os-release", MAX_TEXT);
        Map<String, String> osRelease = rel == null ? Map.of() : OsRelease.parse(new String(rel, StandardCharsets.UTF_8));
        if (rel == null) {
            findings.add(Finding.of(FindingCode.OS_RELEASE_MISSING, "There is no os-release on " + where + ".", where,
                    flasher ? "Normal for a flasher image: the version is in /etc/os-release on flash-rootA."
                            : "Images older than balenaOS 2.9.7 have none; otherwise the partition is damaged."));
        }
        if (deviceType == null && config != null) {
            deviceType = config.deviceType();
        }
        if (deviceType == null) {
            deviceType = osRelease.getOrDefault("SLUG", osRelease.get("MACHINE"));
        }
        String version = osRelease.getOrDefault("VERSION_ID", osRelease.get("VERSION"));
        String variant = variant(osRelease, version);
        byte[] ivi = read("image-version-info", 4096);
        String imageVersionInfo = ivi == null ? null : new String(ivi, StandardCharsets.UTF_8).trim();
        String name = osRelease.getOrDefault("PRETTY_NAME", osRelease.get("NAME"));
        return new Os(deviceType, version, variant, flasher, name, imageVersionInfo, configLocation);
    }

    private static String variant(Map<String, String> osRelease, String version) {
        String id = osRelease.get("VARIANT_ID");
        if (id != null && !id.isBlank()) {
            return id.equalsIgnoreCase("prod") ? "production" : id.equalsIgnoreCase("dev") ? "development" : id;
        }
        String v = osRelease.get("VARIANT");
        if (v != null && !v.isBlank()) {
            return v.toLowerCase(Locale.ROOT);
        }
        if (version != null && version.endsWith(".dev")) {
            return "development";
        }
        if (version != null && version.endsWith(".prod")) {
            return "production";
        }
        return null;
    }
}
