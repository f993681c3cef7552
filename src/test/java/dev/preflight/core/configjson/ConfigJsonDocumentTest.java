package dev.preflight.core.configjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.preflight.support.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Editing keeps order, unknown keys, types and layout; unchanged files round-trip byte for byte. */
class ConfigJsonDocumentTest {
    static Stream<String> samples() throws Exception {
        try (Stream<Path> s = Files.list(Fixtures.real("config-json"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void realFilesRoundTripByteForByte(String name) throws Exception {
        byte[] b = Files.readAllBytes(Fixtures.real("config-json/" + name));
        assertThat(ConfigJsonDocument.parse(b).render()).isEqualTo(b);
    }

    static String edit(String json, String key, String value) throws Exception {
        ConfigJsonDocument d = ConfigJsonDocument.parse(json.getBytes(StandardCharsets.UTF_8));
        d.set(key, ConfigJsonDocument.parseValue(value, false));
        return new String(d.render(), StandardCharsets.UTF_8);
    }

    @Test
    void compactStaysCompactAndKeyOrderIsKept() throws Exception {
        assertThat(edit("{\"b\":1,\"deviceType\":\"x\",\"zz\":{\"k\":true}}", "deviceType", "y"))
                .isEqualTo("{\"b\":1,\"deviceType\":\"y\",\"zz\":{\"k\":true}}");
    }

    @Test
    void prettyJqLayoutIsKeptAndNewKeysGoLast() throws Exception {
        String jq = "{\n  \"deviceType\": \"raspberrypi4-64\",\n  \"persistentLogging\": false\n}\n";
        assertThat(edit(jq, "hostname", "kiosk")).isEqualTo("{\n  \"deviceType\": \"raspberrypi4-64\",\n"
                + "  \"persistentLogging\": false,\n  \"hostname\": \"kiosk\"\n}\n");
    }

    @Test
    void typesAreKept() throws Exception {
        assertThat(edit("{\"listenPort\":48484}", "listenPort", "48485")).isEqualTo("{\"listenPort\":48485}");
        assertThat(edit("{\"a\":1}", "persistentLogging", "false")).isEqualTo("{\"a\":1,\"persistentLogging\":false}");
        assertThat(edit("{\"a\":1}", "hostname", "my host")).isEqualTo("{\"a\":1,\"hostname\":\"my host\"}");
        ConfigJsonDocument d = ConfigJsonDocument.parse("{\"a\":1}".getBytes());
        d.set("version", ConfigJsonDocument.parseValue("42", true));
        assertThat(new String(d.render())).isEqualTo("{\"a\":1,\"version\":\"42\"}");
    }

    @Test
    void dottedKeysCreateAndRemoveNestedValues() throws Exception {
        String s = edit("{\"deviceType\":\"x\"}", "os.network.connectivity.interval", "\"300\"");
        assertThat(s).isEqualTo("{\"deviceType\":\"x\",\"os\":{\"network\":{\"connectivity\":{\"interval\":\"300\"}}}}");
        ConfigJsonDocument d = ConfigJsonDocument.parse(s.getBytes());
        assertThat(d.get("os.network.connectivity.interval").asText()).isEqualTo("300");
        assertThat(d.unset("os.network.connectivity.interval")).isTrue();
        assertThat(d.unset("os.network.connectivity.interval")).isFalse();
        assertThatThrownBy(() -> d.set("deviceType.x", ConfigJsonDocument.parseValue("1", false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an object");
        assertThatThrownBy(() -> d.get("a..b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tabsCrlfAndSpaceBeforeColonAreKept() throws Exception {
        String tabs = "{\r\n\t\"a\" : 1,\r\n\t\"b\" : [\r\n\t\t1\r\n\t]\r\n}";
        assertThat(ConfigJsonDocument.parse(tabs.getBytes()).render()).isEqualTo(tabs.getBytes());
    }
}
