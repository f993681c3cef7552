package dev.preflight.core.configjson;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Locus;
import dev.preflight.core.report.Severity;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/** The config.json checks a JSON Schema cannot express (balenaos-image-facts §3). */
final class SemanticChecks {
    static final Pattern UUID = Pattern.compile("^[0-9a-f]{32}$|^[0-9a-f]{62}$");
    static final Pattern HOST = Pattern.compile(
            "^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?$");
    static final Pattern IPV4 = Pattern.compile(
            "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
    static final List<String> LEGACY = List.of("wifiSsid", "wifiKey", "files", "network", "ip", "netmask", "gateway",
            "routeMetric", "connectivity", "pubnubPublishKey", "pubnubSubscribeKey");
    static final Duration SOON = Duration.ofDays(30);
    static final Locus CONFIG_JSON = Locus.file("config.json");

    private final JsonNode root;
    private final ConfigJsonValidator.Context ctx;
    private final List<Finding> out;
    private final Instant now;

    SemanticChecks(JsonNode root, ConfigJsonValidator.Context ctx, List<Finding> out) {
        this(root, ctx, out, Instant.now());
    }

    SemanticChecks(JsonNode root, ConfigJsonValidator.Context ctx, List<Finding> out, Instant now) {
        this.root = root;
        this.ctx = ctx;
        this.out = out;
        this.now = now;
    }

    void run() {
        if (!root.isObject()) {
            return;
        }
        uuid();
        endpoints();
        ntp();
        dns();
        rootCa();
        flags();
        legacy();
        deviceType();
        state();
    }

    private String at(String pointer) {
        return ctx.location() + "#" + pointer;
    }

    private void uuid() {
        JsonNode u = root.get("uuid");
        if (u != null && u.isTextual() && !UUID.matcher(u.asText()).matches()) {
            out.add(Finding.of(FindingCode.CONFIG_JSON_UUID_INVALID, "uuid \"" + u.asText() + "\" is not 32 (or legacy 62)"
                    + " lower-case hex digits.", at("/uuid"), "Remove it to let the device generate one at first boot,"
                    + " or set a value from 'openssl rand -hex 16'.").at(CONFIG_JSON.pointer("/uuid")));
        }
    }

    private void endpoints() {
        for (String key : new String[] {"apiEndpoint", "deltaEndpoint", "logsEndpoint"}) {
            JsonNode n = root.get(key);
            if (n != null && n.isTextual() && !n.asText().isEmpty() && !isUrl(n.asText())) {
                out.add(Finding.of(FindingCode.CONFIG_JSON_ENDPOINT_INVALID, key + " \"" + n.asText()
                        + "\" is not an http(s) URL.", at("/" + key), "Use the form https://api.balena-cloud.com").at(CONFIG_JSON.pointer("/" + key)));
            }
        }
        for (String key : new String[] {"registryEndpoint", "vpnEndpoint"}) {
            JsonNode n = root.get(key);
            if (n != null && n.isTextual() && !n.asText().isEmpty() && !HOST.matcher(n.asText()).matches()) {
                out.add(Finding.of(FindingCode.CONFIG_JSON_ENDPOINT_INVALID, key + " \"" + n.asText()
                        + "\" is not a host name.", at("/" + key), "Use a bare host name such as cloudlink.balena-cloud.com"
                        + " (no scheme, no path).").at(CONFIG_JSON.pointer("/" + key)));
            }
        }
        JsonNode uri = root.at("/os/network/connectivity/uri");
        if (uri.isTextual() && !uri.asText().isEmpty() && !isUrl(uri.asText())) {
            out.add(Finding.of(FindingCode.CONFIG_JSON_ENDPOINT_INVALID, "os.network.connectivity.uri \"" + uri.asText()
                    + "\" is not an http(s) URL.", at("/os/network/connectivity/uri"),
                    "Use a full URL, or remove the key to use $apiEndpoint/connectivity-check.").at(CONFIG_JSON.pointer("/os/network/connectivity/uri")));
        }
    }

    static boolean isUrl(String s) {
        try {
            URI u = new URI(s);
            return ("https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme()))
                    && u.getHost() != null && !u.getHost().isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private void ntp() {
        JsonNode n = root.get("ntpServers");
        if (n == null || !n.isTextual()) {
            return;
        }
        String v = n.asText().trim();
        if (v.isEmpty()) {
            out.add(Finding.of(FindingCode.CONFIG_JSON_NTP_DISABLED, "ntpServers is empty: the device relies on the"
                    + " public pool servers only.", at("/ntpServers"), "On networks that block public NTP (UDP 123),"
                    + " list the site's NTP server here, or remove the key. A drifting clock breaks TLS to balenaCloud.").at(CONFIG_JSON.pointer("/ntpServers")));
            return;
        }
        boolean nowhere = true;
        for (String server : v.split("\\s+")) {
            if (!HOST.matcher(server).matches() && !IPV4.matcher(server).matches() && !isIpv6(server)) {
                out.add(Finding.of(FindingCode.CONFIG_JSON_NTP_INVALID, "ntpServers entry \"" + server
                        + "\" is not a host name or IP address.", at("/ntpServers"),
                        "Separate servers with spaces (not commas), e.g. \"ntp.example.com 10.0.0.1\".").at(CONFIG_JSON.pointer("/ntpServers")));
                nowhere = false;
            } else if (!server.startsWith("127.") && !server.equals("0.0.0.0") && !server.equalsIgnoreCase("localhost")
                    && !server.equals("::1")) {
                nowhere = false;
            }
        }
        if (nowhere) {
            out.add(Finding.of(FindingCode.CONFIG_JSON_NTP_DISABLED, "ntpServers points only at this device (" + v
                    + "), which blocks time sync.", at("/ntpServers"), "List a reachable NTP server.").at(CONFIG_JSON.pointer("/ntpServers")));
        }
    }

    private void dns() {
        JsonNode n = root.get("dnsServers");
        if (n == null || !n.isTextual() || n.asText().trim().isEmpty() || n.asText().trim().equals("null")) {
            return;
        }
        for (String server : n.asText().trim().split("\\s+")) {
            if (!IPV4.matcher(server).matches() && !isIpv6(server)) {
                out.add(Finding.of(FindingCode.CONFIG_JSON_DNS_INVALID, "dnsServers entry \"" + server
                        + "\" is not an IP address.", at("/dnsServers"),
                        "Use space-separated IP addresses, e.g. \"1.1.1.1 8.8.4.4\", or \"null\" to drop the 8.8.8.8 fallback.").at(CONFIG_JSON.pointer("/dnsServers")));
            }
        }
    }

    static boolean isIpv6(String s) {
        return s.contains(":") && s.matches("^[0-9A-Fa-f:.]+$") && s.length() <= 45;
    }

    private void rootCa() {
        JsonNode n = root.get("balenaRootCA");
        if (n == null || !n.isTextual() || n.asText().isEmpty()) {
            return;
        }
        X509Certificate cert;
        try {
            byte[] pem = Base64.getMimeDecoder().decode(n.asText());
            String text = new String(pem, StandardCharsets.US_ASCII);
            if (!text.contains("-----BEGIN CERTIFICATE-----")) {
                throw new IllegalArgumentException("not PEM");
            }
            cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem));
        } catch (Exception e) {
            out.add(Finding.of(FindingCode.CONFIG_JSON_ROOT_CA_INVALID, "balenaRootCA is not a base64-encoded PEM"
                    + " certificate (os-config refuses it).", at("/balenaRootCA"),
                    "Encode the CA file with 'base64 -w0 ca.pem' and paste the result.").at(CONFIG_JSON.pointer("/balenaRootCA")));
            return;
        }
        Instant expiry = cert.getNotAfter().toInstant();
        String subject = cert.getSubjectX500Principal().getName();
        if (expiry.isBefore(now)) {
            out.add(new Finding(FindingCode.CONFIG_JSON_ROOT_CA_EXPIRY, Severity.ERROR, "balenaRootCA (" + subject
                    + ") expired on " + expiry + ".", at("/balenaRootCA"), "Replace it with the current CA certificate.").at(CONFIG_JSON.pointer("/balenaRootCA")));
        } else if (expiry.isBefore(now.plus(SOON))) {
            out.add(Finding.of(FindingCode.CONFIG_JSON_ROOT_CA_EXPIRY, "balenaRootCA (" + subject + ") expires on "
                    + expiry + ".", at("/balenaRootCA"), "Renew it before the device ships.").at(CONFIG_JSON.pointer("/balenaRootCA")));
        } else {
            out.add(Finding.of(FindingCode.CONFIG_JSON_ROOT_CA, "balenaRootCA: " + subject + ", valid until " + expiry
                    + ".", at("/balenaRootCA"), null).at(CONFIG_JSON.pointer("/balenaRootCA")));
        }
    }

    private void flags() {
        if (isTrue(root.get("persistentLogging"))) {
            out.add(Finding.of(FindingCode.PERSISTENT_LOGGING_ON_FLASH, "persistentLogging is on: the journal is"
                    + " written to the card all the time.", at("/persistentLogging"),
                    "Turn it off for SD/eMMC devices in the field (preflight config set PATH persistentLogging false)"
                            + " unless you need logs across reboots.").at(CONFIG_JSON.pointer("/persistentLogging")));
        }
        if (isTrue(root.get("developmentMode"))) {
            out.add(Finding.of(FindingCode.DEVELOPMENT_MODE_ENABLED, "developmentMode is on.", at("/developmentMode"),
                    "Turn it off before shipping (preflight config set PATH developmentMode false).").at(CONFIG_JSON.pointer("/developmentMode")));
        }
    }

    static boolean isTrue(JsonNode n) {
        return n != null && (n.isBoolean() && n.asBoolean()
                || n.isTextual() && (n.asText().equalsIgnoreCase("true") || n.asText().equals("1")));
    }

    private void legacy() {
        for (String key : LEGACY) {
            if (root.has(key)) {
                String hint = key.startsWith("wifi")
                        ? "Wi-Fi is configured by NetworkManager files in system-connections/: migrate with"
                        + " 'preflight wifi set' and remove this key."
                        : "balenaOS 2.x+ ignores it; remove it to avoid confusion.";
                out.add(Finding.of(FindingCode.CONFIG_JSON_LEGACY_KEY, "config.json has the legacy key " + key
                        + ", which balenaOS 2.x+ ignores.", at("/" + key), hint).at(CONFIG_JSON.pointer("/" + key)));
            }
        }
    }

    private void deviceType() {
        JsonNode dt = root.get("deviceType");
        if (dt != null && dt.isTextual() && ctx.imageDeviceType() != null
                && !dt.asText().equals(ctx.imageDeviceType())) {
            out.add(Finding.of(FindingCode.CONFIG_JSON_DEVICE_TYPE_MISMATCH, "config.json says deviceType \""
                    + dt.asText() + "\" but this image is for \"" + ctx.imageDeviceType() + "\".", at("/deviceType"),
                    "Use a config.json generated for " + ctx.imageDeviceType() + " (balena os configure /"
                            + " dashboard download for the right device type).").at(CONFIG_JSON.pointer("/deviceType")));
        }
    }

    private void state() {
        ConfigState s = ConfigState.of(root);
        String msg;
        switch (s) {
            case PROVISIONED:
                msg = "Provisioned: registered as device " + root.path("uuid").asText() + " (id "
                        + root.path("deviceId").asText() + ").";
                break;
            case CONFIGURED:
                msg = "Configured for fleet " + (root.has("applicationId") ? root.get("applicationId").asText() : "?")
                        + ": the device registers itself at first boot.";
                break;
            default:
                msg = "Unconfigured: no fleet; the device runs unmanaged until configured.";
        }
        out.add(Finding.of(FindingCode.CONFIG_JSON_STATE, msg, ctx.location(),
                s == ConfigState.PROVISIONED ? "After provisioning the cloud may overwrite hostname, persistentLogging"
                        + " and similar keys; edit them in the dashboard instead." : null));
        if (s == ConfigState.CONFIGURED && ConfigState.truthy(root, "applicationId")
                && !ConfigState.truthy(root, "apiKey") && !ConfigState.truthy(root, "deviceApiKey")
                && !root.has("deviceApiKeys")) {
            out.add(Finding.of(FindingCode.CONFIG_JSON_INCOMPLETE, "config.json names fleet "
                    + root.get("applicationId").asText() + " but has no apiKey or deviceApiKey.", ctx.location(),
                    "Download the configuration again from the dashboard, or 'balena config generate' it."));
        }
        if (s != ConfigState.UNCONFIGURED && !ConfigState.truthy(root, "apiEndpoint")) {
            out.add(Finding.of(FindingCode.CONFIG_JSON_INCOMPLETE, "config.json names a fleet but has no apiEndpoint,"
                    + " so the device runs unmanaged.", at("/apiEndpoint"),
                    "Set apiEndpoint (e.g. https://api.balena-cloud.com) or use a full dashboard download.").at(CONFIG_JSON.pointer("/apiEndpoint")));
        }
    }
}
