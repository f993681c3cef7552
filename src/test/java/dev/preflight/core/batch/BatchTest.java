package dev.preflight.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.support.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Station profiles and the batch: PASS/FAIL with reasons, one failing card never stops the rest. */
class BatchTest {
    @TempDir
    Path dir;

    static final ImageSpec GOOD = ImageSpec.raspberryPi().configJson("{\"deviceType\":\"raspberrypi4-64\","
            + "\"applicationId\":42,\"apiKey\":\"k\",\"apiEndpoint\":\"https://api.balena-cloud.com\","
            + "\"persistentLogging\":false}")
            .bootFileAfterFingerprint("system-connections/site", ("[connection]\nid=site\ntype=wifi\n[wifi]\nssid=Site\n"
                    + "[wifi-security]\nkey-mgmt=wpa-psk\npsk=password123\n").getBytes());

    static StationProfile profile() {
        StationProfile p = new StationProfile();
        p.name = "line-1";
        p.deviceType = "raspberrypi4-64";
        p.osVersion = ">=6.0 <7";
        p.fleetId = 42L;
        p.requiredConfig.put("persistentLogging", BooleanNode.FALSE);
        p.requiredWifiSsid = "Site";
        p.maxFullCardWrites = 100.0;
        return p;
    }

    @Test
    void versionRanges() {
        assertThat(VersionRange.matches("6.5.44+rev2", "6.5.44+rev2")).isTrue();
        assertThat(VersionRange.matches("6.5.44", "6.5.44+rev2")).isTrue();
        assertThat(VersionRange.matches("6.5.4", "6.5.44+rev2")).isFalse();
        assertThat(VersionRange.matches(">=6.0 <7", "6.5.44+rev2")).isTrue();
        assertThat(VersionRange.matches(">=2.101", "2.100.9")).isFalse();
        assertThat(VersionRange.matches(">6.5.44+rev1", "6.5.44+rev2")).isTrue();
    }

    @Test
    void aBatchRecordsEveryCardAndCarriesOnAfterFailures() throws Exception {
        Path good = Fixtures.built("batch-good", GOOD);
        Path otherFleet = Fixtures.built("batch-other", ImageSpec.raspberryPi().configJson(
                "{\"deviceType\":\"raspberrypi4-64\",\"applicationId\":7,\"apiKey\":\"k\",\"apiEndpoint\":"
                        + "\"https://api.balena-cloud.com\"}"));
        Path junk = dir.resolve("junk.img");
        Files.write(junk, new byte[4096]);
        ProvisioningLog log = new ProvisioningLog(dir.resolve("log.jsonl"));
        BatchService b = new BatchService(profile(), log, "st-1", "op", "test");
        List<BatchService.CardResult> results = List.of(
                b.check(good.toString(), CancellationToken.none()),
                b.check(dir.resolve("missing.img").toString(), CancellationToken.none()),
                b.check(otherFleet.toString(), CancellationToken.none()),
                b.check(junk.toString(), CancellationToken.none()),
                b.check(good.toString(), CancellationToken.none()));
        assertThat(results).extracting(BatchService.CardResult::pass).containsExactly(true, false, false, false, true);
        assertThat(results.get(2).reasons().stream().map(Finding::message).reduce("", String::concat))
                .contains("fleet is 7").contains("persistentLogging is not set").contains("\"Site\"");
        assertThat(log.read().records()).hasSize(5);
        assertThat(log.verify()).isEmpty();
        assertThat(log.read().records().get(4).path("profileResult").asText()).isEqualTo("pass");
        assertThat(results.get(4).report().findings()).extracting(Finding::code).contains(FindingCode.CARD_HISTORY);
    }

    @Test
    void requiredConfigAndAllowedFindings() throws Exception {
        StationProfile p = profile();
        p.requiredConfig.put("hostname", TextNode.valueOf("kiosk"));
        BatchService b = new BatchService(p, null, null, null, null);
        BatchService.CardResult r = b.check(Fixtures.built("batch-good", GOOD).toString(), CancellationToken.none());
        assertThat(r.pass()).isFalse();
        assertThat(r.reasons()).singleElement().satisfies(f -> assertThat(f.message()).contains("hostname is not set"));
        Path noConfig = Fixtures.built("batch-noconfig", ImageSpec.raspberryPi().noConfigJson());
        StationProfile lenient = new StationProfile();
        lenient.allowedFindings.add("CONFIG_JSON_MISSING");
        assertThat(new BatchService(lenient, null, null, null, null).check(noConfig.toString(), CancellationToken.none())
                .pass()).isTrue();
    }

    @Test
    void profilesRoundTripAndRejectUnknownFields() throws Exception {
        Path f = dir.resolve("p.json");
        profile().write(f);
        StationProfile back = StationProfile.read(f);
        assertThat(back.toJson()).isEqualTo(profile().toJson());
        Files.writeString(f, "{\"deviceTyp\":\"x\"}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StationProfile.read(f))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void removableDevicesFromSysfs() throws Exception {
        Path sys = dir.resolve("block");
        for (String[] d : new String[][] {{"sda", "0", "1000"}, {"sdb", "1", "62333952"}, {"sdc", "1", "0"},
                {"mmcblk0", "0", "31116288"}, {"mmcblk0boot0", "0", "8192"}}) {
            Path p = Files.createDirectories(sys.resolve(d[0]));
            Files.writeString(p.resolve("removable"), d[1] + "\n");
            Files.writeString(p.resolve("size"), d[2] + "\n");
        }
        assertThat(BatchService.removableDevices(sys)).containsExactly("/dev/mmcblk0", "/dev/sdb");
    }
}
