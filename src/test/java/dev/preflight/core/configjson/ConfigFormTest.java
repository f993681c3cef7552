package dev.preflight.core.configjson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.secret.SecretPolicy;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** config.json as a form and as raw text typed over it, without the desktop app. */
class ConfigFormTest {
    static ConfigJsonDocument doc(String json) throws Exception {
        return ConfigJsonDocument.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static String render(ConfigJsonDocument d) {
        return new String(d.render(), StandardCharsets.UTF_8);
    }

    @Test
    void theFormChangesOnlyWhatChangedAndKeepsTypes() throws Exception {
        ConfigJsonDocument card = doc("{\"applicationId\":\"7\",\"hostname\":\"a\",\"persistentLogging\":\"true\","
                + "\"apiKey\":\"K3Y\"}");
        Map<String, String> text = new LinkedHashMap<>();
        ConfigForm.TEXT_FIELDS.keySet().forEach(k -> text.put(k, ConfigForm.text(card.get(k))));
        Map<String, Boolean> flags = new LinkedHashMap<>();
        ConfigForm.FLAGS.forEach(k -> flags.put(k, ConfigForm.flag(card.get(k))));
        assertThat(render(ConfigForm.apply(card, text, flags))).isEqualTo(
                "{\"applicationId\":\"7\",\"hostname\":\"a\",\"persistentLogging\":true,\"apiKey\":\"K3Y\"}");

        text.put("applicationId", "42");
        text.put("hostname", "");
        flags.put("developmentMode", false);
        assertThat(render(ConfigForm.apply(card, text, flags))).isEqualTo(
                "{\"applicationId\":42,\"persistentLogging\":true,\"apiKey\":\"K3Y\"}");
        assertThat(render(card)).contains("\"hostname\":\"a\""); // the card's document is not touched
    }

    @Test
    void rawTextKeepsMaskedSecretsAndRefusesAMaskWithoutAValue() throws Exception {
        ConfigJsonDocument card = doc("{\"apiKey\":\"K3Y\",\"hostname\":\"a\"}");
        ConfigForm.Raw ok = ConfigForm.fromRaw("{\"apiKey\":\"" + SecretPolicy.MASK + "\",\"hostname\":\"b\"}", card);
        assertThat(ok.error()).isNull();
        assertThat(render(ok.document())).isEqualTo("{\"apiKey\":\"K3Y\",\"hostname\":\"b\"}");

        ConfigForm.Raw masked = ConfigForm.fromRaw("{\"deviceApiKey\":\"" + SecretPolicy.MASK + "\"}", card);
        assertThat(masked.document()).isNull();
        assertThat(masked.error()).contains("deviceApiKey", "Reveal secrets");

        ConfigForm.Raw broken = ConfigForm.fromRaw("{\"apiKey\":\"NEWSECRET\",", card);
        assertThat(broken.document()).isNull();
        assertThat(broken.error()).startsWith("Not valid JSON at line 1").doesNotContain("NEWSECRET");
    }
}
