package dev.preflight.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.edit.BackupStore;
import dev.preflight.core.edit.WifiService;
import dev.preflight.core.fat.FatVolume;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.support.ByteArraySource;
import dev.preflight.support.Fixtures;
import dev.preflight.support.Inspect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** NetworkManager keyfiles: balena's real samples, hostile passwords, and edits on images and folders. */
class WifiTest {
    @TempDir
    Path dir;

    static Connection sample(String name) throws Exception {
        return Connection.of(name, Files.readAllBytes(Fixtures.real("system-connections/" + name)));
    }

    @Test
    void realSamplesParse() throws Exception {
        Connection psk = sample("docs-resin-wifi-psk");
        assertThat(psk.isWifi()).isTrue();
        assertThat(psk.ssid()).isEqualTo("My Awesome WiFi Ssid");
        assertThat(psk.security()).isEqualTo("wpa-psk");
        assertThat(psk.hasPsk()).isTrue();
        assertThat(psk.hidden()).isTrue();
        assertThat(sample("docs-wifi-wpa2-enterprise-peap").security()).isEqualTo("wpa-eap");
        assertThat(sample("docs-ethernet-static-ip").isWifi()).isFalse();
        assertThat(sample("docs-gsm-cellular").type()).isEqualTo("gsm");
        assertThat(sample("balena-sample.ignore").active()).isFalse();
        try (Stream<Path> s = Files.list(Fixtures.real("system-connections"))) {
            for (Path p : s.toList()) {
                if (!p.getFileName().toString().startsWith("README")) {
                    assertThat(Connection.of(p.getFileName().toString(), Files.readAllBytes(p)).keyfile().problems())
                            .as(p.getFileName().toString()).isEmpty();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pass word", "\"quoted\"", "semi;colon#hash=eq", "back\\slash\\\\", " leading space",
            "trailing space ", "tab\there", "ünïcödé-sae-only-pass", "{}[]<>|&$`'!"})
    void passwordsRoundTripExactly(String psk) {
        Keyfile k = new Keyfile();
        k.set("wifi-security", "psk", psk);
        Keyfile back = Keyfile.parse(k.render());
        assertThat(back.get("wifi-security", "psk")).isEqualTo(psk);
        assertThat(back.problems()).isEmpty();
    }

    @Test
    void ssidAndPskRules() {
        assertThat(NetworkChecks.ssidProblem("")).contains("empty");
        assertThat(NetworkChecks.ssidProblem("x".repeat(32))).isNull();
        assertThat(NetworkChecks.ssidProblem("é".repeat(17))).contains("34 bytes");
        assertThat(NetworkChecks.pskProblem("short", "wpa-psk")).contains("8 to 63");
        assertThat(NetworkChecks.pskProblem("x".repeat(64), "wpa-psk")).contains("8 to 63");
        assertThat(NetworkChecks.pskProblem("ab".repeat(32), "wpa-psk")).isNull();
        assertThat(NetworkChecks.pskProblem("pässwörd-long", "wpa-psk")).as("NetworkManager accepts UTF-8").isNull();
        assertThat(NetworkChecks.pskNonAscii("pässwörd-long", "wpa-psk")).isTrue();
        assertThat(NetworkChecks.pskNonAscii("valid pass 123", "wpa-psk")).isFalse();
        assertThat(NetworkChecks.pskProblem("pässwörd-long", "sae")).isNull();
        assertThat(NetworkChecks.pskProblem("ö".repeat(31), "wpa-psk")).as("62 bytes").isNull();
        assertThat(NetworkChecks.pskProblem("ö".repeat(32), "wpa-psk")).contains("64, in 32 characters");
        assertThat(NetworkChecks.pskProblem("öö12", "wpa-psk")).as("4 characters, 6 bytes").contains("8 to 63 bytes");
        assertThat(NetworkChecks.pskProblem("tab\there-ok?", "wpa-psk")).contains("control characters");
        assertThat(NetworkChecks.pskProblem("del\u007fcharacter", "wpa-psk")).contains("control characters");
        assertThat(NetworkChecks.pskProblem("valid pass 123", "wpa-psk")).isNull();
    }

    /** A shop's router set up with "Bäckerei-Süd-2024": written exactly as UTF-8, with a warning. */
    @Test
    void aNonAsciiPassphraseIsWrittenExactlyWithAWarning() throws Exception {
        Path img = Fixtures.copy("wifi-utf8", ImageSpec.raspberryPi().fat(16), dir);
        WifiService w = new WifiService(new BackupStore(dir.resolve("b")));
        String psk = "B\u00e4ckerei-S\u00fcd-2024";
        WifiService.SetResult r = w.set(img.toString(), null, new WifiService.WifiRequest("Backstube", psk, false,
                false, null, null, null), CancellationToken.none());
        assertThat(r.warnings()).extracting(f -> f.code()).containsExactly(FindingCode.WIFI_PSK_NON_ASCII);
        assertThat(r.warnings().get(0).message()).doesNotContain(psk);
        byte[] file = FatVolume.open(new ByteArraySource("i", Files.readAllBytes(img)), Fixtures.BOOT_START,
                Fixtures.BOOT_SIZE).read("system-connections/" + r.file(), 4096);
        assertThat(new String(file, java.nio.charset.StandardCharsets.UTF_8)).contains("psk=" + psk + "\n");
        assertThat(Inspect.codes(Inspect.run(img))).contains(FindingCode.WIFI_PSK_NON_ASCII)
                .doesNotContain(FindingCode.WIFI_PSK_INVALID, FindingCode.KEYFILE_SYNTAX);
    }

    @Test
    void checksFindBrokenFilesWithoutLeakingPasswords() {
        List<Connection> conns = List.of(
                Connection.of("bad-psk", "[connection]\nid=a\ntype=wifi\n[wifi]\nssid=Net\n[wifi-security]\nkey-mgmt=wpa-psk\npsk=S3cr\n".getBytes()),
                Connection.of("quoted", "[connection]\nid=b\ntype=wifi\n[wifi]\nssid=Net\n[wifi-security]\nkey-mgmt=wpa-psk\npsk=\"Hidden-Secret-9\"\n".getBytes()),
                Connection.of("junk", "hello\n[connection]\nid=c\n".getBytes()),
                Connection.of("nossid", "[connection]\nid=d\ntype=wifi\n[wifi]\nmode=infrastructure\n".getBytes()));
        List<Finding> f = NetworkChecks.check(conns, "card", "raspberrypi4-64");
        assertThat(f).extracting(Finding::code).contains(FindingCode.WIFI_PSK_INVALID, FindingCode.WIFI_PSK_QUOTED,
                FindingCode.KEYFILE_SYNTAX, FindingCode.WIFI_SSID_INVALID);
        assertThat(f.toString()).doesNotContain("S3cr", "Hidden-Secret-9");
        assertThat(NetworkChecks.check(List.of(), "card", "raspberrypi0-2w-64")).extracting(Finding::code)
                .containsExactly(FindingCode.WIFI_NOT_CONFIGURED);
        assertThat(NetworkChecks.check(List.of(), "card", "raspberrypi4-64")).isEmpty();
    }

    @Test
    void setUpdateRemoveOnAnImage() throws Exception {
        Path img = Fixtures.copy("wifi-img", ImageSpec.raspberryPi().fat(32), dir);
        BackupStore store = new BackupStore(dir.resolve("b"));
        WifiService w = new WifiService(store);
        String secret = "p@ss \"word\";#\\x";
        WifiService.SetResult r = w.set(img.toString(), null, new WifiService.WifiRequest("Shop Floor", secret, true,
                false, null, null, null), CancellationToken.none());
        assertThat(r.file()).isEqualTo("balena-wifi-01");
        assertThat(r.created()).isTrue();
        assertThat(r.countryMissing()).isTrue();
        WifiService.Listing l = w.list(img.toString(), CancellationToken.none());
        Connection c = l.connections().stream().filter(x -> x.file().equals("balena-wifi-01")).findFirst().orElseThrow();
        assertThat(c.psk()).isEqualTo(secret);
        assertThat(c.hidden()).isTrue();
        w.set(img.toString(), null, new WifiService.WifiRequest("Shop Floor", "another-pass", false, true, null,
                "192.168.1.50/24,192.168.1.1", "1.1.1.1,8.8.8.8"), CancellationToken.none());
        Connection updated = w.list(img.toString(), CancellationToken.none()).connections().stream()
                .filter(x -> x.file().equals("balena-wifi-01")).findFirst().orElseThrow();
        assertThat(updated.security()).isEqualTo("sae");
        assertThat(updated.ipv4Method()).isEqualTo("manual");
        assertThat(updated.ipv4Address()).isEqualTo("192.168.1.50/24,192.168.1.1");
        InspectionReport report = Inspect.run(img);
        assertThat(report.findings()).noneMatch(f -> f.code().name().startsWith("WIFI") || f.code() == FindingCode.KEYFILE_SYNTAX);
        w.remove(img.toString(), null, "balena-wifi-01", CancellationToken.none());
        assertThat(w.list(img.toString(), CancellationToken.none()).connections()).extracting(Connection::file)
                .containsExactly("balena-sample.ignore");
        dev.preflight.core.edit.Undo.undo(img.toString(), false, new dev.preflight.core.edit.Editing(store,
                dev.preflight.core.edit.EditLog.NONE), CancellationToken.none());
        assertThat(w.list(img.toString(), CancellationToken.none()).connections()).extracting(Connection::file)
                .contains("balena-wifi-01");
    }

    @Test
    void invalidCredentialsAreRefusedBeforeOpeningTheCard() throws Exception {
        Path boot = Files.createDirectories(dir.resolve("boot"));
        WifiService w = new WifiService(new BackupStore(dir.resolve("b")));
        assertThatThrownBy(() -> w.set(boot.toString(), null, new WifiService.WifiRequest("x".repeat(33), "password1",
                false, false, null, null, null), CancellationToken.none())).isInstanceOf(PreflightException.class)
                .hasMessageContaining("32");
        assertThatThrownBy(() -> w.set(boot.toString(), null, new WifiService.WifiRequest("net", "short", false, false,
                null, null, null), CancellationToken.none())).hasMessageContaining("8 to 63").hasMessageNotContaining("short\"");
    }

    @Test
    void folderSetWritesTheBalenaLayout() throws Exception {
        Path boot = Files.createDirectories(dir.resolve("resin-boot"));
        Files.writeString(boot.resolve("config.json"), "{\"deviceType\":\"raspberrypi4-64\",\"country\":\"GB\"}");
        WifiService w = new WifiService(new BackupStore(dir.resolve("b")));
        WifiService.SetResult r = w.set(boot.toString(), null, new WifiService.WifiRequest("Lab", null, false, false,
                "lab-open", null, null), CancellationToken.none());
        assertThat(r.countryMissing()).isFalse();
        assertThat(Files.readString(boot.resolve("system-connections/lab-open"), StandardCharsets.UTF_8)).isEqualTo(
                "[connection]\nid=lab-open\ntype=wifi\n\n[wifi]\nhidden=false\nmode=infrastructure\nssid=Lab\n\n"
                        + "[ipv4]\nmethod=auto\n\n[ipv6]\naddr-gen-mode=stable-privacy\nmethod=auto\n");
    }
}
