package dev.preflight.cli;

import static dev.preflight.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.demo.ImageSpec;
import dev.preflight.support.CliStation;
import dev.preflight.support.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** config, configtxt, wifi and undo as scripts use them; secrets never reach the output. */
class EditCliTest {
    static final String API_KEY = "PlantedApiKey0123456789";
    static final String WIFI_KEY = "PlantedWifiKey!9876";
    static final ImageSpec SPEC = ImageSpec.raspberryPi().fat(32).configJson("{\"deviceType\":\"raspberrypi4-64\","
            + "\"applicationId\":5,\"apiKey\":\"" + API_KEY + "\",\"apiEndpoint\":\"https://api.balena-cloud.com\","
            + "\"wifiSsid\":\"Plant\",\"wifiKey\":\"" + WIFI_KEY + "\"}");

    @TempDir
    Path dir;
    @RegisterExtension
    final CliStation station = CliStation.in(() -> dir.resolve("data"));
    Path img;

    @BeforeEach
    void setUp() {
        img = Fixtures.copy("cli-edit", SPEC, dir);
    }

    @Test
    void getMasksSecretsUnlessAsked() {
        CliTest.Result all = run("config", "get", img.toString());
        assertThat(all.code()).isZero();
        assertThat(all.out()).contains("\"apiKey\": \"********\"").doesNotContain(API_KEY, WIFI_KEY);
        assertThat(run("config", "get", img.toString(), "apiKey").out().trim()).isEqualTo("********");
        assertThat(run("config", "get", img.toString(), "apiKey", "--show-secrets").out().trim()).isEqualTo(API_KEY);
        assertThat(run("config", "get", img.toString(), "applicationId").out().trim()).isEqualTo("5");
        assertThat(run("config", "get", img.toString(), "nope").code()).isEqualTo(1);
    }

    @Test
    void setShowsAMaskedDiffAndRefusesInvalidValues() throws Exception {
        CliTest.Result r = run("config", "set", img.toString(), "hostname", "line-3");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("+   \"hostname\": \"line-3\"").doesNotContain(API_KEY, WIFI_KEY);
        byte[] before = Files.readAllBytes(img);
        CliTest.Result bad = run("config", "set", img.toString(), "listenPort", "\"http\"");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("CONFIG_JSON_INVALID_VALUE", "Nothing was written");
        assertThat(Files.readAllBytes(img)).isEqualTo(before);
        assertThat(run("config", "set", img.toString(), "listenPort", "48485").code()).isZero();
        assertThat(run("config", "get", img.toString(), "listenPort").out().trim()).isEqualTo("48485");
        assertThat(run("undo", img.toString()).code()).isZero();
        assertThat(run("config", "get", img.toString(), "listenPort").code()).isEqualTo(1);
    }

    @Test
    void validateReportsAndExits() throws Exception {
        CliTest.Result ok = run("config", "validate", img.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("CONFIG_JSON_LEGACY_KEY").doesNotContain(WIFI_KEY);
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"deviceType\":\"x\",\"uuid\":\"NOPE\"}");
        assertThat(run("config", "validate", file.toString()).code()).isEqualTo(1);
    }

    @Test
    void wifiMigrationMovesLegacyKeysIntoAConnection() {
        CliTest.Result r = run("wifi", "migrate", img.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain(WIFI_KEY);
        CliTest.Result list = run("wifi", "list", img.toString());
        assertThat(list.out()).contains("balena-wifi-01", "ssid \"Plant\"", "password set").doesNotContain(WIFI_KEY);
        assertThat(run("config", "get", img.toString()).out()).doesNotContain("wifiSsid", "wifiKey");
    }

    @Test
    void wifiPasswordComesFromStdinOrFileNeverArguments() throws Exception {
        station.stdin(WIFI_KEY + "\n");
        CliTest.Result r = run("wifi", "set", img.toString(), "--ssid", "Office", "--psk-stdin");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out() + r.err()).doesNotContain(WIFI_KEY);
        Path pskFile = dir.resolve("psk.txt");
        Files.writeString(pskFile, "short\n");
        CliTest.Result bad = run("wifi", "set", img.toString(), "--ssid", "Office", "--psk-file", pskFile.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("8 to 63").doesNotContain("short\n");
        assertThat(run("wifi", "set", img.toString(), "--ssid", "Office", "--psk", "x").code()).isEqualTo(2);
        assertThat(run("wifi", "remove", img.toString(), "balena-wifi-01").code()).isZero();
    }

    @Test
    void everyEditIsRecordedWithoutSecrets() throws Exception {
        assertThat(run("config", "set", img.toString(), "hostname", "rec-1").code()).isZero();
        station.stdin(WIFI_KEY + "\n");
        assertThat(run("wifi", "set", img.toString(), "--ssid", "Office", "--psk-stdin").code()).isZero();
        assertThat(run("configtxt", "set", img.toString(), "enable_uart", "1").code()).isZero();
        Path log = dir.resolve("data").resolve("provisioning-log.jsonl");
        String text = Files.readString(log);
        assertThat(text).contains("config.json: set hostname", "wifi: added balena-wifi-01 (ssid Office)",
                "config.txt: set enable_uart").doesNotContain(API_KEY, WIFI_KEY);
        assertThat(run("log", "verify").code()).isZero();
        assertThat(run("log", "show").out()).contains("edit");
    }

    @Test
    void configTxtCommands() {
        assertThat(run("configtxt", "get", img.toString(), "dtoverlay").out().trim()).isEqualTo("[pi4] vc4-kms-v3d");
        assertThat(run("configtxt", "set", img.toString(), "enable_uart", "1").code()).isZero();
        assertThat(run("configtxt", "get", img.toString(), "enable_uart").out().trim()).isEqualTo("1");
        CliTest.Result refused = run("configtxt", "set", img.toString(), "dtoverlay", "missing-thing");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("CONFIG_TXT_MISSING_OVERLAY");
        assertThat(run("configtxt", "validate", img.toString()).code()).isZero();
    }

    @Test
    void compressedImagesNeedOutput() throws Exception {
        Path gz = Fixtures.compressed("cli-edit", SPEC, dev.preflight.core.image.Compression.GZIP, 0);
        CliTest.Result r = run("config", "set", gz.toString(), "hostname", "x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--output");
        Path out = dir.resolve("copy.img");
        assertThat(run("config", "set", gz.toString(), "hostname", "x", "--output", out.toString()).code()).isZero();
        assertThat(run("config", "get", out.toString(), "hostname").out().trim()).isEqualTo("x");
    }
}
