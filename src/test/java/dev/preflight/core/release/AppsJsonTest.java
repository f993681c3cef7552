package dev.preflight.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three apps.json formats, parsed from bytes (no file system needed). */
class AppsJsonTest {
    static byte[] sample(String name) throws IOException {
        try (InputStream in = AppsJsonTest.class.getResourceAsStream("/release/" + name)) {
            return in.readAllBytes();
        }
    }

    /** The release in the sample apps-{@code format}.json, which must be read as that format. */
    static Release parsed(String format, String state) throws IOException {
        Release r = AppsJson.parse(sample("apps-" + format + ".json"), state);
        assertThat(r.format()).isEqualTo(format);
        return r;
    }

    /** Which release a card holds: app uuid, app id, commit, release id and whether the device is pinned to it. */
    static List<Object> identity(Release r) {
        return Arrays.asList(r.appUuid(), r.appId(), r.commit(), r.releaseId(), r.pinDevice());
    }

    @Test
    void v3KeysAppsByUuidAndReleasesByCommit() throws Exception {
        Release r = parsed("v3", "preloaded");
        assertThat(identity(r)).containsExactly("4c1e5fd1f8a04b6a9a1c2d3e4f5a6b7c", 1234567L,
                "0b5e2a4c9d8f7e6a5b4c3d2e1f0a9b8c", 2345678L, true);
        assertThat(r.services()).extracting(Release.Service::name).containsExactly("browser", "wifi-connect");
        Release.Service browser = r.services().get(0);
        assertThat(browser.image()).startsWith("registry2.balena-cloud.com/v2/ad7cd3616b4e72ed51a5ad349e03715e@sha256:");
        assertThat(browser.composition().path("mem_limit").asText()).isEqualTo("512m");
        assertThat(browser.labels().has("io.balena.features.dbus")).as("composition labels").isTrue();
        assertThat(browser.labels().has("io.balena.features.supervisor-api")).as("top-level labels").isTrue();
    }

    @Test
    void v2KeysAppsByNumberAndFlattensTheComposition() throws Exception {
        Release r = parsed("v2", "preloaded");
        assertThat(identity(r)).containsExactly(null, 1234567L, "7d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a", 998877L, false);
        Release.Service main = r.services().get(0);
        assertThat(main.name()).isEqualTo("main");
        assertThat(main.composition().path("network_mode").asText()).isEqualTo("host");
        assertThat(main.composition().has("image")).isFalse();
        assertThat(main.composition().has("serviceName")).isFalse();
    }

    @Test
    void v1IsOneHostNetworkedPrivilegedContainer() throws Exception {
        Release r = parsed("v1", "booted");
        assertThat(r.state()).isEqualTo("booted");
        assertThat(r.appId()).isEqualTo(1234567L);
        assertThat(r.services()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("main");
            assertThat(s.image()).isEqualTo("registry2.resin.io/kiosk-fleet/5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b");
            assertThat(s.composition().path("privileged").asBoolean()).isTrue();
            assertThat(s.labels().has("io.resin.features.dbus")).isTrue();
        });
    }

    @Test
    void anEmptyAppsJsonHoldsNoRelease() throws Exception {
        assertThat(AppsJson.parse("{}".getBytes(StandardCharsets.US_ASCII), "preloaded")).isNull();
        assertThat(AppsJson.parse("{\"config\":{},\"apps\":{}}".getBytes(StandardCharsets.US_ASCII), "preloaded"))
                .isNull();
    }

    @Test
    void brokenFilesSayWhatIsWrong() {
        assertThatThrownBy(() -> AppsJson.parse("{\"apps\":".getBytes(StandardCharsets.US_ASCII), "preloaded"))
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> AppsJson.parse("{\"apps\":{\"abc\":{\"releases\":{}}}}".getBytes(
                StandardCharsets.US_ASCII), "preloaded")).hasMessageContaining("no release");
        assertThatThrownBy(() -> AppsJson.parse("[]".getBytes(StandardCharsets.US_ASCII), "preloaded"))
                .hasMessageContaining("empty legacy");
        assertThatThrownBy(() -> AppsJson.parse("{\"pinDevice\":true}".getBytes(StandardCharsets.US_ASCII), "x"))
                .hasMessageContaining("no \"apps\"");
    }

    @Test
    void jsonBeyondTheParsersLimitsOrInNoEncodingIsNotValidJsonAndQuotesNothing() {
        byte[] utf32 = {0, 0, 0, '{', 0x7f, 0x7e, 0x7f, 0x7f};
        for (byte[] b : List.of("[".repeat(5000).getBytes(StandardCharsets.US_ASCII),
                ("{\"apps\":{\"x\":{\"n\":1" + "2".repeat(2000) + "}}}").getBytes(StandardCharsets.US_ASCII), utf32)) {
            assertThatThrownBy(() -> AppsJson.parse(b, "preloaded")).isInstanceOf(AppsJson.FormatException.class)
                    .hasMessageStartingWith("is not valid JSON").hasMessageNotContaining("0x7f");
        }
    }

    @Test
    void theImageStoreMatchesByReferenceOrRepository() throws Exception {
        ImageStore s = ImageStore.parse("overlay2", ("{\"Repositories\":{\"registry2.balena-cloud.com/v2/abc\":"
                + "{\"registry2.balena-cloud.com/v2/abc@sha256:11\":\"sha256:ff\"}}}").getBytes(StandardCharsets.US_ASCII));
        assertThat(s.holds("registry2.balena-cloud.com/v2/ABC@sha256:11")).isTrue();
        assertThat(s.holds("registry2.balena-cloud.com/v2/abc@sha256:22")).as("repository listed").isTrue();
        assertThat(s.holds("registry2.balena-cloud.com/v2/abd@sha256:11")).isFalse();
        assertThat(s.holds(null)).isFalse();
        assertThat(ImageStore.repository("localhost:5000/x/y:tag")).isEqualTo("localhost:5000/x/y");
    }
}
