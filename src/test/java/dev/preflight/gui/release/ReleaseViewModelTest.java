package dev.preflight.gui.release;

import static dev.preflight.support.PlantedSecrets.assertClean;
import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.release.Release;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.support.Inspect;
import dev.preflight.support.PlantedSecrets;
import dev.preflight.support.Preloads;
import dev.preflight.support.ReleaseCards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Release tab's state from real inspection reports of images with a real ext4 resin-data. */
class ReleaseViewModelTest {
    @TempDir
    Path dir;

    private static ReleaseViewModel shown(InspectionReport r) {
        ReleaseViewModel vm = new ReleaseViewModel();
        vm.show(r);
        return vm;
    }

    private static Finding only(ReleaseViewModel vm, FindingCode code) {
        List<Finding> f = vm.findings().stream().filter(x -> x.code() == code).toList();
        assertThat(f).hasSize(1);
        return f.get(0);
    }

    private static String fact(ReleaseViewModel vm, String key) {
        return vm.facts().stream().filter(f -> f.key().equals(key)).findFirst().orElseThrow().value();
    }

    @Test
    void aPreloadedImageShowsItsReleaseServicesAndTheMissingImage() throws Exception {
        ReleaseViewModel vm = shown(Inspect.run(ReleaseCards.wifiImageMissing(dir)));
        assertThat(vm.preloadedProperty().get()).isTrue();
        assertThat(vm.headlineProperty().get()).isEqualTo("Preloaded release, not booted yet");
        assertThat(vm.explanationProperty().get()).isEmpty();
        assertThat(fact(vm, "Fleet")).isEqualTo("1234567 (kiosk-fleet)");
        assertThat(fact(vm, "Fleet uuid")).isEqualTo("4c1e5fd1f8a04b6a9a1c2d3e4f5a6b7c");
        assertThat(fact(vm, "Commit")).isEqualTo("0b5e2a4c9d8f7e6a5b4c3d2e1f0a9b8c");
        assertThat(fact(vm, "Release id")).isEqualTo("2345678");
        assertThat(fact(vm, "apps.json")).isEqualTo("v3 (supervisor 13+)");
        assertThat(fact(vm, "Pinned")).isEqualTo("yes: stays on this release");
        assertThat(vm.imagesProperty().get()).isEqualTo("1 of 2 service images in resin-data's image store, 1 missing");
        assertThat(vm.services()).extracting(Release.Service::name, Release.Service::image, Release.Service::inStore)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("browser", ReleaseCards.BROWSER, true),
                        org.assertj.core.groups.Tuple.tuple("wifi-connect", ReleaseCards.WIFI, false));
        Finding missing = only(vm, FindingCode.PRELOAD_IMAGE_MISSING);
        assertThat(vm.serviceOf(missing)).isEqualTo("wifi-connect");
        assertThat(vm.serviceIndex(missing)).isEqualTo(1);
        assertThat(vm.canShow(missing)).isTrue();
        // a compose finding on the release names its service in its location
        Finding memory = only(vm, FindingCode.RELEASE_NO_MEMORY_LIMIT);
        assertThat(vm.serviceOf(memory)).isEqualTo("wifi-connect");
        // errors first, and nothing but the release and device-trace areas
        assertThat(vm.findings().get(0).code()).isEqualTo(FindingCode.PRELOAD_IMAGE_MISSING);
        assertThat(vm.findings()).allMatch(f -> ReleaseViewModel.AREAS.contains(f.code().area()));
        assertThat(vm.sourceProperty().get()).endsWith("card-resin-data.img");
    }

    @Test
    void twoMissingImagesAreEachTiedToTheirOwnService() throws Exception {
        InspectionReport r = Inspect.run(Preloads.data(dir,
                ReleaseCards.resinData(ReleaseCards.sample("apps-v3.json"))));
        ReleaseViewModel vm = shown(r);
        List<Finding> missing = vm.findings().stream().filter(f -> f.code() == FindingCode.PRELOAD_IMAGE_MISSING)
                .toList();
        assertThat(missing).hasSize(2);
        for (Finding f : missing) { // the message names the service; the view model does not read it from there
            assertThat(f.message()).contains("Service '" + vm.serviceOf(f) + "'");
        }
        assertThat(missing).extracting(vm::serviceOf).containsExactlyInAnyOrder("browser", "wifi-connect");
        assertThat(vm.imagesProperty().get()).isEqualTo("0 of 2 service images in resin-data's image store, 2 missing");
    }

    @Test
    void aFleetMismatchIsShownInConfigJson() throws Exception {
        String apps = ReleaseCards.sample("apps-v3.json").replace("\"id\": 1234567", "\"id\": 7654321");
        ReleaseViewModel vm = shown(Inspect.run(Preloads.data(dir, ReleaseCards.resinData(apps, ReleaseCards.BROWSER,
                ReleaseCards.WIFI))));
        Finding mismatch = only(vm, FindingCode.PRELOAD_FLEET_MISMATCH);
        assertThat(ReleaseViewModel.aboutConfigJson(mismatch)).isTrue();
        assertThat(vm.canShow(mismatch)).isTrue();
        assertThat(vm.serviceOf(mismatch)).isNull();
        assertThat(fact(vm, "Fleet")).isEqualTo("7654321 (kiosk-fleet)");
    }

    @Test
    void aBootedV1PreloadSaysSoAndHasNoUuid() throws Exception {
        Map<String, byte[]> files = ReleaseCards.resinData("{}", "registry2.resin.io/kiosk-fleet/"
                + "5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b@sha256:" + "3".repeat(64));
        files.put("apps.json.preloaded", ReleaseCards.sample("apps-v1.json").getBytes());
        ReleaseViewModel vm = shown(Inspect.run(Preloads.data(dir, files)));
        assertThat(vm.headlineProperty().get()).isEqualTo("Preloaded release, already booted (apps.json.preloaded)");
        assertThat(fact(vm, "apps.json")).isEqualTo("v1 (supervisor < 7)");
        assertThat(fact(vm, "Fleet uuid")).isEqualTo("— (v1 has none)");
        assertThat(fact(vm, "Pinned")).isEqualTo("not set: follows the fleet once online");
    }

    @Test
    void aCardWithoutAPreloadSaysSoAndWhatThatMeans() throws Exception {
        ReleaseViewModel vm = new ReleaseViewModel();
        vm.show(Inspect.run(ReleaseCards.wifiImageMissing(Files.createDirectories(dir.resolve("a")))));
        vm.show(Inspect.run(ReleaseCards.notPreloaded(Files.createDirectories(dir.resolve("b")))));
        assertThat(vm.preloadedProperty().get()).isFalse();
        assertThat(vm.headlineProperty().get()).isEqualTo("No preloaded release");
        assertThat(vm.explanationProperty().get()).startsWith("resin-data holds no apps.json with a release")
                .contains("needs a network at first boot");
        assertThat(vm.facts()).isEmpty();
        assertThat(vm.imagesProperty().get()).isEmpty();
        assertThat(vm.services()).isEmpty();
        assertThat(vm.findings()).noneMatch(f -> f.code().name().startsWith("PRELOAD_"));
    }

    @Test
    void aBootFolderHasNoResinDataToLookIn() throws Exception {
        Path boot = Files.createDirectories(dir.resolve("resin-boot"));
        Files.writeString(boot.resolve("config.json"), Preloads.CONFIG);
        InspectionReport r = Inspect.run(boot);
        assertThat(r.source().kind()).isEqualTo("folder");
        assertThat(shown(r).explanationProperty().get()).startsWith("A boot folder has no resin-data");
    }

    @Test
    void anUnreadableAppsJsonPointsAtTheFinding() throws Exception {
        ReleaseViewModel vm = shown(Inspect.run(Preloads.data(dir, ReleaseCards.resinData("{\"apps\": {"))));
        assertThat(vm.preloadedProperty().get()).isFalse();
        assertThat(vm.explanationProperty().get()).contains("could not be read").contains("see the finding below");
        assertThat(vm.canShow(only(vm, FindingCode.PRELOAD_UNREADABLE))).isFalse();
    }

    @Test
    void serviceNamesComeOnlyFromAnAppsJsonServiceLocation() {
        assertThat(ReleaseViewModel.serviceInLocation("partition 6 (resin-data):/apps.json service wifi-connect"))
                .isEqualTo("wifi-connect");
        assertThat(ReleaseViewModel.serviceInLocation("partition 6 (resin-data):/apps.json.preloaded service main"))
                .isEqualTo("main");
        assertThat(ReleaseViewModel.serviceInLocation("docker-compose.yml services.app")).isNull();
        assertThat(ReleaseViewModel.serviceInLocation("partition 6 (resin-data):/remove_me_to_reset")).isNull();
        assertThat(ReleaseViewModel.serviceInLocation(null)).isNull();
    }

    @Test
    void theReleaseViewShowsNoSecretOfConfigJsonOrOfTheRelease() throws Exception {
        String apps = ReleaseCards.sample("apps-v3.json").replace("s3cr3t-token-value", PlantedSecrets.MARK + "env1")
                .replace("\"RESIN_SUPERVISOR_DELTA\": \"1\"", "\"API_KEY\": \"" + PlantedSecrets.MARK + "var1\"");
        assertThat(apps).contains(PlantedSecrets.MARK + "env1", PlantedSecrets.MARK + "var1");
        Path card = ReleaseCards.card(dir, PlantedSecrets.card(), ReleaseCards.resinData(apps, ReleaseCards.BROWSER));
        ReleaseViewModel vm = shown(Inspect.run(card));
        assertThat(vm.preloadedProperty().get()).isTrue();
        assertThat(vm.findings()).extracting(Finding::code).contains(FindingCode.PRELOAD_FLEET_MISMATCH,
                FindingCode.PRELOAD_IMAGE_MISSING); // config.json's fleet (5) is in play, and the store
        StringBuilder shown = new StringBuilder(vm.headlineProperty().get() + vm.explanationProperty().get()
                + vm.imagesProperty().get());
        vm.facts().forEach(f -> shown.append(f.key()).append(f.value()));
        vm.services().forEach(s -> shown.append(s.name()).append(s.image()));
        vm.findings().forEach(f -> shown.append(f.message()).append(f.location()).append(f.hint()));
        assertClean("release view", shown.toString());
    }
}
