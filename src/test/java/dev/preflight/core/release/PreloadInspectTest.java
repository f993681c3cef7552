package dev.preflight.core.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.core.batch.ProfileCheck;
import dev.preflight.core.batch.StationProfile;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.inspect.ReportJson;
import dev.preflight.core.report.FindingCode;
import dev.preflight.support.Inspect;
import dev.preflight.support.Preloads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inspect on images whose resin-data is a real ext4 file system made by mkfs.ext4 -d. */
class PreloadInspectTest {
    static final String BROWSER = "registry2.balena-cloud.com/v2/ad7cd3616b4e72ed51a5ad349e03715e@sha256:"
            + "4c04f2b1a6e3d9c8b7a6f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0";
    static final String WIFI = "registry2.balena-cloud.com/v2/9f2e1d0c3b4a59687766554433221100@sha256:" + "1".repeat(64);

    @TempDir
    Path dir;

    Map<String, byte[]> preload(String apps, String... stored) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("apps.json", AppsJsonTest.sample(apps));
        files.put("remove_me_to_reset", new byte[0]);
        files.put("docker/image/overlay2/repositories.json", Preloads.repositories(stored).getBytes(StandardCharsets.UTF_8));
        files.put("docker/image/overlay2/imagedb/content/sha256/" + "0".repeat(63) + "1", "{}".getBytes());
        files.put("resin-data/balena-supervisor/database.sqlite", new byte[8192]);
        return files;
    }

    @Test
    void aCompleteV3PreloadIsReportedWithoutFindings() throws Exception {
        InspectionReport r = Inspect.run(Preloads.data(dir, preload("apps-v3.json", BROWSER, WIFI)));
        Release rel = r.release();
        assertThat(rel).isNotNull();
        assertThat(rel.format()).isEqualTo("v3");
        assertThat(rel.state()).isEqualTo("preloaded");
        assertThat(rel.services()).allMatch(Release.Service::inStore);
        assertThat(Inspect.codes(r)).noneMatch(c -> c.name().startsWith("PRELOAD_"));
        JsonNode json = new ObjectMapper().readTree(ReportJson.write(r, "test"));
        JsonNode release = json.path("release");
        assertThat(release.path("appUuid").asText()).isEqualTo("4c1e5fd1f8a04b6a9a1c2d3e4f5a6b7c");
        assertThat(release.path("appId").asLong()).isEqualTo(1234567L);
        assertThat(release.path("commit").asText()).isEqualTo("0b5e2a4c9d8f7e6a5b4c3d2e1f0a9b8c");
        assertThat(release.path("pinDevice").asBoolean()).isTrue();
        assertThat(release.path("format").asText()).isEqualTo("v3");
        assertThat(release.path("state").asText()).isEqualTo("preloaded");
        assertThat(release.path("services").get(0).path("name").asText()).isEqualTo("browser");
        assertThat(release.path("services").get(0).path("image").asText()).isEqualTo(BROWSER);
        assertThat(ReportJson.write(r, "test")).as("service environment is never written")
                .doesNotContain("s3cr3t-token-value");
        String text = dev.preflight.cli.TextReport.render(r);
        assertThat(text).contains("Release      preloaded, fleet 1234567 (kiosk-fleet), commit "
                + "0b5e2a4c9d8f7e6a5b4c3d2e1f0a9b8c, apps.json v3, pinned").contains("browser    " + BROWSER)
                .doesNotContain("NOT IN IMAGE STORE").doesNotContain("s3cr3t");
    }

    @Test
    void theReleasesCompositionsAreLinted() throws Exception {
        InspectionReport r = Inspect.run(Preloads.data(dir, preload("apps-v3.json", BROWSER, WIFI)));
        assertThat(r.findings()).filteredOn(f -> f.code() == FindingCode.RELEASE_NO_MEMORY_LIMIT).singleElement()
                .satisfies(f -> assertThat(f.location()).endsWith("apps.json service wifi-connect"));
    }

    @Test
    void aCardWithoutAPreloadHasANullRelease() throws Exception {
        InspectionReport r = Inspect.run(Preloads.data(dir, Map.of("remove_me_to_reset", new byte[0])));
        assertThat(r.release()).isNull();
        assertThat(new ObjectMapper().readTree(ReportJson.write(r, "test")).path("release").isNull()).isTrue();
        assertThat(Inspect.codes(r)).noneMatch(c -> c.name().startsWith("PRELOAD_"));
    }

    @Test
    void aMissingImageIsAnError() throws Exception {
        InspectionReport r = Inspect.run(Preloads.data(dir, preload("apps-v3.json", BROWSER)));
        assertThat(Inspect.codes(r)).containsOnlyOnce(FindingCode.PRELOAD_IMAGE_MISSING);
        assertThat(r.findings()).filteredOn(f -> f.code() == FindingCode.PRELOAD_IMAGE_MISSING).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("wifi-connect"))
                .satisfies(f -> assertThat(f.subject()).isEqualTo("wifi-connect")); // the service, as data
        assertThat(dev.preflight.cli.TextReport.render(r)).contains(WIFI + "  (NOT IN IMAGE STORE)");
        assertThat(r.release().services().get(1).inStore()).isFalse();
    }

    @Test
    void aPreloadWithoutTheResetFlagIsWipedAtFirstBoot() throws Exception {
        Map<String, byte[]> files = preload("apps-v2.json", "registry2.balena-cloud.com/v2/"
                + "0123456789abcdef0123456789abcdef@sha256:" + "2".repeat(64));
        files.remove("remove_me_to_reset");
        InspectionReport r = Inspect.run(Preloads.data(dir, files));
        assertThat(r.release().format()).isEqualTo("v2");
        assertThat(Inspect.codes(r)).contains(FindingCode.PRELOAD_RESET_PENDING)
                .doesNotContain(FindingCode.PRELOAD_IMAGE_MISSING);
    }

    @Test
    void aBootedCardReadsTheRenamedFileAndNeedsNoResetFlag() throws Exception {
        Map<String, byte[]> files = preload("apps-v1.json",
                "registry2.resin.io/kiosk-fleet/5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b@sha256:" + "3".repeat(64));
        files.put("apps.json.preloaded", files.get("apps.json"));
        files.put("apps.json", "{}".getBytes());
        files.remove("remove_me_to_reset");
        InspectionReport r = Inspect.run(Preloads.data(dir, files));
        assertThat(r.release().state()).isEqualTo("booted");
        assertThat(r.release().format()).isEqualTo("v1");
        assertThat(Inspect.codes(r)).doesNotContain(FindingCode.PRELOAD_RESET_PENDING, FindingCode.PRELOAD_IMAGE_MISSING);
    }

    @Test
    void anotherFleetsPreloadIsAMismatch() throws Exception {
        Map<String, byte[]> files = preload("apps-v3.json", BROWSER, WIFI);
        files.put("apps.json", new String(files.get("apps.json"), StandardCharsets.UTF_8)
                .replace("\"id\": 1234567", "\"id\": 7654321").getBytes(StandardCharsets.UTF_8));
        InspectionReport r = Inspect.run(Preloads.data(dir, files));
        assertThat(Inspect.codes(r)).contains(FindingCode.PRELOAD_FLEET_MISMATCH);
    }

    @Test
    void aBrokenAppsJsonIsAFindingNotAFailure() throws Exception {
        Map<String, byte[]> files = preload("apps-v3.json", BROWSER, WIFI);
        files.put("apps.json", "{\"apps\": {".getBytes());
        InspectionReport r = Inspect.run(Preloads.data(dir, files));
        assertThat(r.release()).isNull();
        assertThat(Inspect.codes(r)).contains(FindingCode.PRELOAD_UNREADABLE);
    }

    @Test
    void aStationProfileCanRequireTheRelease() throws Exception {
        InspectionReport r = Inspect.run(Preloads.data(dir, preload("apps-v3.json", BROWSER, WIFI)));
        StationProfile p = new StationProfile();
        p.integrityExpectedOnly = false;
        p.allowedFindings = r.findings().stream().map(f -> f.code().name()).toList(); // the bare test card's own
        p.requiredRelease = "0b5e2a4";
        assertThat(ProfileCheck.check(p, r, null, List.of()).pass()).isTrue();
        p.requiredRelease = "aaaaaaa";
        ProfileCheck.Outcome o = ProfileCheck.check(p, r, null, List.of());
        assertThat(o.pass()).isFalse();
        assertThat(o.reasons()).singleElement().satisfies(f -> assertThat(f.message())
                .contains("0b5e2a4c9d8f7e6a5b4c3d2e1f0a9b8c").contains("aaaaaaa"));
        p.requiredRelease = "not-hex";
        assertThat(p.problems()).anyMatch(s -> s.contains("7 to 64 hex digits"));
    }
}
