package dev.preflight.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.support.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one secret policy: which names are secret, and masking config.json, keyfiles and other text by it. */
class SecretMaskingTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String M = SecretPolicy.MASK;

    @ParameterizedTest
    @ValueSource(strings = {"apiKey", "deviceApiKey", "deviceApiKeys", "wifiKey", "mixpanelToken", "pubnubPublishKey",
            "cloudApiKey", "vendor_api_key", "password", "leap-password", "password-raw", "private-key-password",
            "phase2-private-key-password", "ca-cert-password", "phase2-client-cert-password", "pin", "psk",
            "wep-key0", "wep-key3", "private-key", "preshared-key", "PrivateKey", "PresharedKey", "mka-cak",
            "Passphrase", "client_secret", "refreshToken", "login", "admin_pwd"})
    void secretNames(String name) {
        assertThat(SecretPolicy.isSecretName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"psk-flags", "password-flags", "wep-key-flags", "wep-key-type", "wep-tx-keyidx", "key-mgmt",
            "hostname", "ssid", "sshKeys", "uuid", "applicationId", "deviceType", "balenaRootCA", "identity",
            "username", "secureboot", "apiEndpoint", "Type", "Name", "ip", "port", "spinner", "mapping"})
    void notSecretNames(String name) {
        assertThat(SecretPolicy.isSecretName(name)).isFalse();
    }

    @Test
    void everyKeyOfTheVpnSecretsGroupIsSecret() {
        assertThat(SecretPolicy.isSecretKeyfileSetting("vpn-secrets", "cert-pass")).isTrue();
        assertThat(SecretPolicy.isSecretKeyfileSetting("vpn", "remote")).isFalse();
        assertThat(SecretPolicy.isSecretJsonPath("deviceApiKeys.api.balena-cloud.com")).isTrue();
        assertThat(SecretPolicy.isSecretJsonPath("os.network.connectivity.uri")).isFalse();
    }

    @Test
    void configJsonIsMaskedAtAnyDepthAndInsideTheLegacyFiles() throws Exception {
        JsonNode root = JSON.readTree("{\"apiKey\":\"A1\",\"deviceApiKeys\":{\"api\":\"A2\"},\"vendor\":{\"cloudApiKey\":"
                + "\"A3\",\"list\":[{\"token\":\"A4\"},{\"n\":1}]},\"os\":{\"sshKeys\":[\"ssh-ed25519 AAAA\"]},"
                + "\"files\":{\"network/network.config\":\"[service_home_wifi]\\nType = wifi\\nPassphrase = A5\\n\"},"
                + "\"count\":2,\"none\":null}");
        JsonNode m = JsonMasking.masked(root);
        assertThat(m.toString()).doesNotContain("A1", "A2", "A3", "A4", "A5").contains("ssh-ed25519 AAAA",
                "Type = wifi", "\"count\":2", "\"none\":null");
        assertThat(m.at("/deviceApiKeys/api").asText()).isEqualTo(M);
        assertThat(m.at("/vendor/list/1/n").asInt()).isEqualTo(1);
        assertThat(m.at("/files/network~1network.config").asText()).contains("Passphrase = " + M);
        assertThat(root.get("apiKey").asText()).as("the original is untouched").isEqualTo("A1");
        assertThat(JsonMasking.maskedAt("vendor", root.get("vendor")).toString()).doesNotContain("A3", "A4");
        assertThat(JsonMasking.maskedAt("deviceApiKeys.api", root.at("/deviceApiKeys/api")).asText()).isEqualTo(M);
        assertThat(JsonMasking.maskedAt("files", root.get("files")).toString()).doesNotContain("A5");
        JsonNode clean = JsonMasking.withoutSecrets(root);
        assertThat(clean.toString()).doesNotContain("A1", "A2", "A3", "A4", "A5", "apiKey", "ApiKey", "token")
                .contains("sshKeys", "count", "Passphrase = " + M);
    }

    @Test
    void aMaskedDocumentEditedAndReadBackGetsItsRealValues() throws Exception {
        ObjectNode real = (ObjectNode) JSON.readTree("{\"apiKey\":\"A1\",\"deviceApiKeys\":{\"api\":\"A2\"},"
                + "\"vendor\":{\"list\":[{\"token\":\"A4\"}]},\"files\":{\"a\":\"x=1\\npsk=\\\"A5\\\"\\ny=2\\n\"}}");
        ObjectNode edited = (ObjectNode) JsonMasking.masked(real);
        edited.put("hostname", "new");
        ((ObjectNode) edited.get("files")).put("a", edited.at("/files/a").asText().replace("y=2", "y=3"));
        assertThat(JsonMasking.unmask(edited, real)).isNull();
        ObjectNode expected = real.deepCopy();
        expected.put("hostname", "new");
        ((ObjectNode) expected.get("files")).put("a", "x=1\npsk=\"A5\"\ny=3\n");
        assertThat(edited).isEqualTo(expected);

        ObjectNode typed = (ObjectNode) JsonMasking.masked(real);
        typed.put("deviceApiKey", M);
        assertThat(JsonMasking.unmask(typed, real)).isEqualTo("deviceApiKey");
        ObjectNode moved = (ObjectNode) JsonMasking.masked(real);
        ((ObjectNode) moved.get("files")).put("b", "psk=" + M);
        assertThat(JsonMasking.unmask(moved, real)).isEqualTo("files.b");
    }

    @Test
    void everySecretSettingOfEveryRealKeyfileIsMasked() throws Exception {
        try (Stream<Path> s = Files.list(Fixtures.real("system-connections"))) {
            for (Path p : s.toList()) {
                String text = Files.readString(p);
                String masked = SecretText.of("system-connections/" + p.getFileName(), text);
                assertThat(masked).as(p.getFileName().toString()).doesNotContain("PLACE_YOUR_PASSWORD_HERE",
                        "super_secret_wifi_password", "password=password");
                if (!p.getFileName().toString().startsWith("README")) {
                    assertThat(masked).contains("[connection]", "id=");
                } else {
                    assertThat(masked).as("prose is not a keyfile").isEqualTo(text);
                }
                assertThat(masked.lines().count()).isEqualTo(text.lines().count());
            }
        }
    }

    @Test
    void keyfilesMaskNetworkManagersSecretSettingsCommentsAndJunkButKeepTheRest() {
        String keyfile = String.join("\n", "[connection]", "id=all", "type=wifi", "[wifi-security]", "key-mgmt=wpa-psk",
                "psk=S1", "psk-flags=0", "leap-password=S2", "wep-key0=S3", "wep-key1=S4", "wep-key2=S5", "wep-key3=S6",
                "wep-key-type=1", "[802-1x]", "password=S7", "password-raw=S8", "private-key-password=S9",
                "phase2-private-key-password=S10", "pin=S11", "ca-cert-password=S12", "client-cert-password=S13",
                "phase2-ca-cert-password=S14", "phase2-client-cert-password=S15", "private-key=S16", "[gsm]",
                "password=S17", "pin=S18", "[vpn]", "service-type=org.freedesktop.NetworkManager.openvpn",
                "[vpn-secrets]", "cert-pass=S19", "http-proxy-password=S20", "[wireguard]", "private-key=S21",
                "[wireguard-peer.AbCd=]", "preshared-key=S22", "[macsec]", "mka-cak=S23", "[pppoe]", "password=S24",
                "# psk=S25", "psk S26", "[S27", "", "[ipv4]", "method=auto", "");
        String masked = SecretText.keyfile(keyfile);
        for (int i = 1; i <= 27; i++) {
            assertThat(masked).doesNotContain("S" + i + "\n");
        }
        assertThat(masked).contains("psk=" + M, "psk-flags=0", "wep-key-type=1", "key-mgmt=wpa-psk",
                "service-type=org.freedesktop.NetworkManager.openvpn", "[wireguard-peer.AbCd=]", "method=auto",
                "# psk=" + M + "\n" + M + "\n" + M + "\n");
    }

    @Test
    void proxyAndVpnFilesAreMaskedByPattern() throws Exception {
        String redsocks = Files.readString(Fixtures.real("system-proxy/supervisor-test-redsocks.conf"));
        String masked = SecretText.of("system-proxy/redsocks.conf", redsocks);
        assertThat(masked).contains("\tlogin = " + M + ";", "\tpassword = " + M + ";", "\tip = example.org;",
                "\tlocal_port = 12345;").doesNotContain("\"foo\"", "\"bar\"");
        assertThat(masked.lines().count()).isEqualTo(redsocks.lines().count());
        String wireguard = "[Interface]\nPrivateKey = W1=\nAddress = 10.0.0.2/32\n[Peer]\nPublicKey = pub=\n"
                + "PresharedKey = W2=\nEndpoint = vpn.example.com:51820\n";
        assertThat(SecretText.lines(wireguard)).doesNotContain("W1", "W2").contains("PublicKey = pub=",
                "Endpoint = vpn.example.com:51820");
        String openvpn = "remote vpn.example.com 1194\n<key>\nO1\nO2\n</key>\n<ca>\nCA1\n</ca>\n"
                + "-----BEGIN RSA PRIVATE KEY-----\nO3\n-----END RSA PRIVATE KEY-----\n";
        assertThat(SecretText.lines(openvpn)).doesNotContain("O1", "O2", "O3").contains("remote vpn.example.com 1194",
                "CA1", "<key>\n" + M + "\n" + M + "\n</key>");
        assertThat(SecretText.lines("wpa: psk=\"P1\"\r\nssid=\"open\"\r\n")).isEqualTo("wpa: psk=" + M
                + "\r\nssid=\"open\"\r\n");
        assertThat(SecretText.lines("{\"apiKey\":\"J1\",\"b\":1}")).doesNotContain("J1");
    }

    @Test
    void theLegacyFilesOfARealConfigAreMasked() throws Exception {
        JsonNode edison = Fixtures.json(Fixtures.real("config-json/balena-image-fs-resinos1x-files.json"))
                .at("/edison/config.json");
        String shown = JsonMasking.masked(edison).toString();
        assertThat(shown).contains("Passphrase = " + M, "Name = foobar").doesNotContain("Passphrase = secret",
                "fKtNQKgc2MaCrYSyTNzztLLPLUPaaElS", "cb974f32bab01ecc1171937026774b18", "pub-c-6cbce8db");
    }

    @Test
    void aLongLineIsMaskedInLinearTime() {
        String junk = "a".repeat(1 << 20) + " " + "b = ".repeat(1 << 16) + " ".repeat(1 << 20) + "psk";
        long t = System.nanoTime();
        SecretText.lines(junk);
        SecretText.keyfile(junk);
        assertThat(System.nanoTime() - t).as("a hang guard, not a benchmark").isLessThan(5_000_000_000L);
    }

    @Test
    void jsonErrorsNameThePositionNeverTheText() {
        ObjectMapper m = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        for (String bad : List.of("{\"deviceApiKey\": abc123secret,\n}", "{\"a\": 1} abc123secret",
                "{\"abc123secret\" 1}", "{abc123secret: 1}", "{\"a\": \"abc123secret", "{\"a\": -abc123secret}",
                "{\"a\": \"abc123secret\\q\"}", "{\"a\": 1e999999999999, \"abc123secret\": 1}")) {
            assertThatThrownBy(() -> SafeJson.readTree(m, bad)).as(bad).isInstanceOf(JsonSyntaxException.class)
                    .satisfies(e -> assertThat(e.getMessage() + e.toString() + ((JsonSyntaxException) e)
                            .getOriginalMessage()).doesNotContain("abc123secret", "'a'", "Source"))
                    .hasNoCause();
            assertThatThrownBy(() -> SafeJson.readTree(m, bad.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(JsonSyntaxException.class).hasMessageNotContaining("abc123secret");
        }
        assertThatThrownBy(() -> SafeJson.readTree(m, "{\"deviceApiKey\": abc123secret,\n}"))
                .hasMessage("line 1, column 18: a value that is not JSON: text needs double quotes; true, false and"
                        + " null are lower case");
    }
}
