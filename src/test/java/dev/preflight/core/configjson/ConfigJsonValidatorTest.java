package dev.preflight.core.configjson;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Severity;
import dev.preflight.core.secret.JsonMasking;
import dev.preflight.support.Fixtures;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Real config.json files from balena's docs, supervisor and etcher-sdk, and hand-made bad ones. */
class ConfigJsonValidatorTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ConfigJsonValidator.Context CTX = new ConfigJsonValidator.Context("card:/config.json", "raspberrypi4-64");

    static List<Finding> validate(String json) throws Exception {
        return new ConfigJsonValidator().validate(JSON.readTree(json), CTX);
    }

    static List<Finding> sample(String name, String deviceType) {
        JsonNode root = Fixtures.json(Fixtures.real("config-json/" + name));
        return new ConfigJsonValidator().validate(root, new ConfigJsonValidator.Context("x", deviceType));
    }

    static List<FindingCode> codes(List<Finding> fs) {
        return fs.stream().map(Finding::code).collect(Collectors.toList());
    }

    @Test
    void theWarmUpDocumentPassesTheSchema() {
        // an error there would build the message bundle on every start, for nothing
        List<Finding> f = new ConfigJsonValidator().validate(ConfigJsonValidator.WARM_UP, CTX);
        assertThat(f).noneMatch(x -> x.code() == FindingCode.CONFIG_JSON_INVALID_VALUE
                || x.code() == FindingCode.CONFIG_JSON_LENIENT_VALUE);
    }

    @Test
    void unconfiguredImageDefaultIsClean() {
        List<Finding> f = sample("docs-unconfigured-resin-boot.config.json", "raspberrypi4-64");
        assertThat(codes(f)).containsExactly(FindingCode.CONFIG_JSON_STATE);
        assertThat(f.get(0).message()).startsWith("Unconfigured");
    }

    @Test
    void provisionedDocsSampleIsProvisionedWithLenientValues() {
        List<Finding> f = sample("docs-provisioned-rpi4-hostname.config.json", "raspberrypi4-64");
        assertThat(f).filteredOn(x -> x.code() == FindingCode.CONFIG_JSON_STATE)
                .singleElement().satisfies(x -> assertThat(x.message()).startsWith("Provisioned"));
        assertThat(f).filteredOn(x -> x.code() == FindingCode.CONFIG_JSON_LENIENT_VALUE)
                .extracting(Finding::location)
                .contains("x#/applicationId", "x#/developmentMode", "x#/listenPort", "x#/vpnPort");
        assertThat(f).noneMatch(x -> x.severity() == Severity.ERROR);
        assertThat(codes(f)).contains(FindingCode.DEVELOPMENT_MODE_ENABLED, FindingCode.CONFIG_JSON_LEGACY_KEY);
        assertThat(f.toString()).doesNotContain("006e82c27eabcd579ce310687b937cd5");
    }

    @Test
    void supervisorApiKeySampleIsConfiguredForAFleet() {
        List<Finding> f = sample("supervisor-unprovisioned-with-apikey.config.json", "raspberrypi3");
        assertThat(f).filteredOn(x -> x.code() == FindingCode.CONFIG_JSON_STATE)
                .singleElement().satisfies(x -> assertThat(x.message()).startsWith("Configured for fleet 78373"));
        assertThat(f).filteredOn(x -> x.severity() == Severity.ERROR).isEmpty();
    }

    @Test
    void deviceTypeMismatchIsAnError() {
        List<Finding> f = sample("supervisor-unprovisioned-with-apikey.config.json", "raspberrypi4-64");
        assertThat(codes(f)).contains(FindingCode.CONFIG_JSON_DEVICE_TYPE_MISMATCH);
    }

    @Test
    void legacyWifiKeysAreReportedWithoutTheirValues() {
        List<Finding> f = sample("etcher-sdk-rpi3-legacy-wifi.config.json", "raspberrypi3");
        assertThat(f).filteredOn(x -> x.code() == FindingCode.CONFIG_JSON_LEGACY_KEY).extracting(Finding::location)
                .contains("x#/wifiSsid", "x#/wifiKey");
        String wifiKey = Fixtures.json(Fixtures.real("config-json/etcher-sdk-rpi3-legacy-wifi.config.json"))
                .get("wifiKey").asText();
        assertThat(f.toString()).doesNotContain(wifiKey);
    }

    @Test
    void allOptionsSampleWarnsAboutPersistentLoggingAndIsOtherwiseValid() {
        List<Finding> f = sample("docs-sample-all-options.config.json", null);
        // the docs sample omits deviceType, which balena's tools require
        assertThat(f).filteredOn(x -> x.severity() == Severity.ERROR).extracting(Finding::message)
                .singleElement().asString().contains("deviceType");
        assertThat(codes(f)).contains(FindingCode.PERSISTENT_LOGGING_ON_FLASH);
        assertThat(codes(f)).doesNotContain(FindingCode.CONFIG_JSON_NTP_INVALID, FindingCode.CONFIG_JSON_DNS_INVALID,
                FindingCode.CONFIG_JSON_ENDPOINT_INVALID);
    }

    @Test
    void typesFormatsAndSemantics() throws Exception {
        List<Finding> f = validate("{\"deviceType\":\"raspberrypi4-64\",\"hostname\":\"bad_host!\","
                + "\"uuid\":\"ABC\",\"apiEndpoint\":\"api.balena-cloud.com\",\"vpnEndpoint\":\"https://x\","
                + "\"ntpServers\":\"pool.ntp.org,time.google.com\",\"dnsServers\":\"8.8.8.8 dns.google\","
                + "\"persistentLogging\":\"yes\",\"country\":\"gb\",\"balenaRootCA\":\"bm90IGEgY2VydA==\","
                + "\"os\":{\"sshKeys\":[\"not a key\"]}}");
        List<FindingCode> c = codes(f);
        assertThat(c).contains(FindingCode.CONFIG_JSON_UUID_INVALID, FindingCode.CONFIG_JSON_ENDPOINT_INVALID,
                FindingCode.CONFIG_JSON_NTP_INVALID, FindingCode.CONFIG_JSON_DNS_INVALID,
                FindingCode.CONFIG_JSON_ROOT_CA_INVALID, FindingCode.CONFIG_JSON_INVALID_VALUE);
        assertThat(f).filteredOn(x -> x.code() == FindingCode.CONFIG_JSON_INVALID_VALUE).extracting(Finding::location)
                .contains("card:/config.json#/hostname", "card:/config.json#/persistentLogging",
                        "card:/config.json#/country", "card:/config.json#/os/sshKeys/0");
        assertThat(f).filteredOn(x -> x.code() == FindingCode.CONFIG_JSON_ENDPOINT_INVALID).hasSize(2);
        assertThat(ConfigJsonValidator.writable(f)).isFalse();
    }

    @Test
    void aValueOfTheWrongShapeIsExplainedInWordsNotAsTheSchemasPattern() throws Exception {
        List<Finding> f = validate("{\"deviceType\":\"raspberrypi4-64\",\"hostname\":\"bad_host!\",\"country\":\"gb\","
                + "\"os\":{\"sshKeys\":[\"not a key\"],\"network\":{\"connectivity\":{\"interval\":\"1h\"}}}}");
        assertThat(f).extracting(Finding::message).noneMatch(m -> m.contains("regex") || m.contains("^"));
        assertThat(message(f, "#/hostname")).isEqualTo("config.json key hostname is invalid: \"bad_host!\" is not 1 to"
                + " 63 letters, digits and hyphens that start and end with a letter or digit (an RFC 1123 host name).");
        assertThat(message(f, "#/country")).contains("\"gb\" is not two capital letters");
        assertThat(message(f, "#/os/sshKeys/0")).contains("\"not a key\" is not a public key line that starts with"
                + " ssh-, ecdsa- or sk-");
        assertThat(message(f, "#/os/network/connectivity/interval")).contains("\"1h\" is not a whole number of"
                + " seconds");
    }

    @Test
    void everyPatternOfTheSchemaSaysInWordsWhatItAsksFor() throws Exception {
        JsonNode schema;
        try (var in = ConfigJsonValidator.class.getResourceAsStream("/dev/preflight/configjson/config-json.schema.json")) {
            schema = JSON.readTree(in);
        }
        List<String> patterns = new ArrayList<>();
        List<String> unexplained = new ArrayList<>();
        schema.findParents("pattern").forEach(p -> {
            patterns.add(p.get("pattern").asText());
            if (!p.path("x-pattern-means").isTextual()) {
                unexplained.add(p.get("pattern").asText());
            }
        });
        assertThat(patterns).hasSize(4);
        assertThat(unexplained).isEmpty();
    }

    private static String message(List<Finding> f, String pointer) {
        return f.stream().filter(x -> x.code() == FindingCode.CONFIG_JSON_INVALID_VALUE && x.location().endsWith(pointer))
                .map(Finding::message).findFirst().orElseThrow(() -> new AssertionError("no finding at " + pointer + ": " + f));
    }

    @Test
    void emptyOrLoopbackNtpWarns() throws Exception {
        assertThat(codes(validate("{\"deviceType\":\"raspberrypi4-64\",\"ntpServers\":\"\"}")))
                .contains(FindingCode.CONFIG_JSON_NTP_DISABLED);
        assertThat(codes(validate("{\"deviceType\":\"raspberrypi4-64\",\"ntpServers\":\"127.0.0.1\"}")))
                .contains(FindingCode.CONFIG_JSON_NTP_DISABLED);
        assertThat(codes(validate("{\"deviceType\":\"raspberrypi4-64\",\"ntpServers\":\"10.0.0.1 ntp.site\"}")))
                .doesNotContain(FindingCode.CONFIG_JSON_NTP_DISABLED, FindingCode.CONFIG_JSON_NTP_INVALID);
    }

    @Test
    void fleetWithoutKeysIsIncomplete() throws Exception {
        assertThat(codes(validate("{\"deviceType\":\"raspberrypi4-64\",\"applicationId\":5,"
                + "\"apiEndpoint\":\"https://api.balena-cloud.com\"}"))).contains(FindingCode.CONFIG_JSON_INCOMPLETE);
    }

    @Test
    void rootCaIsDecodedAndItsExpiryReported() throws Exception {
        // a real self-signed test certificate generated for this test (CN=preflight-test, valid 2026-2036)
        String pem = new String(getClass().getResourceAsStream("/fixtures/test-ca.pem").readAllBytes());
        String b64 = Base64.getEncoder().encodeToString(pem.getBytes());
        List<Finding> ok = validate("{\"deviceType\":\"raspberrypi4-64\",\"balenaRootCA\":\"" + b64 + "\"}");
        assertThat(ok).filteredOn(x -> x.code() == FindingCode.CONFIG_JSON_ROOT_CA).singleElement()
                .satisfies(x -> assertThat(x.message()).contains("CN=preflight-test").contains("2036"));
        List<Finding> later = new ArrayList<>();
        new SemanticChecks(JSON.readTree("{\"balenaRootCA\":\"" + b64 + "\"}"), CTX, later,
                java.time.Instant.parse("2037-01-01T00:00:00Z")).run();
        assertThat(later).filteredOn(x -> x.code() == FindingCode.CONFIG_JSON_ROOT_CA_EXPIRY).singleElement()
                .satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.ERROR));
    }

    @Test
    void secretsAreMasked() throws Exception {
        JsonNode m = JsonMasking.masked(JSON.readTree("{\"apiKey\":\"abc\",\"deviceApiKeys\":{\"api\":\"k\"},\"x\":1}"));
        assertThat(m.toString()).isEqualTo("{\"apiKey\":\"********\",\"deviceApiKeys\":{\"api\":\"********\"},\"x\":1}");
    }
}
