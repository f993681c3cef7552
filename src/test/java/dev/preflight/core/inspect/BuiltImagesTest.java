package dev.preflight.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.preflight.core.boot.PartitionInfo;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.report.FindingCode;
import dev.preflight.support.Fixtures;
import dev.preflight.support.Inspect;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** balenaOS-like images built by the project, in every table and FAT flavour balena ships. */
class BuiltImagesTest {

    static ImageSpec spec(String table, int fat) {
        return ImageSpec.raspberryPi().table(ImageSpec.Table.valueOf(table)).fat(fat)
                .configJson("{\"deviceType\":\"raspberrypi4-64\",\"applicationId\":42,\"apiKey\":\"k\","
                        + "\"apiEndpoint\":\"https://api.balena-cloud.com\",\"uuid\":"
                        + "\"7c8b1e2f4a6d4e9b8f0a1b2c3d4e5f60\",\"hostname\":\"kiosk\"}");
    }

    @ParameterizedTest(name = "{0} FAT{1}")
    @CsvSource({"MBR,16", "MBR,32", "GPT,16", "GPT,32"})
    void inspectsEveryLayout(String table, int fat) {
        Path img = Fixtures.built(table + fat, spec(table, fat));
        InspectionReport r = Inspect.run(img);
        assertThat(r.partitionTable().scheme()).isEqualTo(table.toLowerCase());
        List<PartitionInfo> parts = r.partitionTable().partitions();
        assertThat(parts).hasSize(table.equals("MBR") ? 6 : 5);
        assertThat(parts.get(0).label()).isEqualTo("resin-boot");
        assertThat(parts.get(0).start()).isEqualTo(4L << 20);
        assertThat(parts.get(0).filesystem()).isEqualTo("vfat");
        assertThat(parts.stream().filter(p -> "ext4".equals(p.filesystem())).map(PartitionInfo::label))
                .containsExactly("resin-rootA", "resin-rootB", "resin-state", "resin-data");
        if (table.equals("MBR")) {
            assertThat(parts.get(3).kind()).isEqualTo("extended");
            assertThat(parts.get(4).number()).isEqualTo(5);
            assertThat(parts.get(4).start()).isEqualTo(parts.get(3).start() + (4L << 20));
        } else {
            assertThat(parts.get(4).gptName()).isEqualTo("resin-data");
        }
        assertThat(r.boot().partition()).isEqualTo(1);
        assertThat(r.boot().foundBy()).isEqualTo("label");
        assertThat(r.boot().filesystem()).isEqualTo("FAT" + fat);
        assertThat(r.boot().fileCount()).isGreaterThan(20);
        assertThat(r.boot().freeBytes()).isGreaterThan(30L << 20);
        assertThat(r.os().deviceType()).isEqualTo("raspberrypi4-64");
        assertThat(r.os().version()).isEqualTo("6.5.44+rev2");
        assertThat(r.os().flasher()).isFalse();
        assertThat(r.config().applicationId()).isEqualTo(42L);
        assertThat(r.config().uuid()).isEqualTo("7c8b1e2f4a6d4e9b8f0a1b2c3d4e5f60");
        assertThat(r.config().format()).isEqualTo("compact");
        // balena's own Raspberry Pi 4 config.txt ends inside [cm4]: an info finding, as on real cards
        assertThat(Inspect.codes(r)).containsExactlyInAnyOrder(FindingCode.CONFIG_JSON_STATE,
                FindingCode.CONFIG_TXT_SECTION_OPEN);
        assertThat(r.verdict().word()).isEqualTo("pass");
    }

    @Test
    void flasherImageIsRecognisedAndItsConfigLivesOnFlashBoot() {
        Path img = Fixtures.built("flasher", ImageSpec.raspberryPi().deviceType("genericx86-64-ext").flasher(true));
        InspectionReport r = Inspect.run(img);
        assertThat(r.boot().label()).isEqualTo("flash-boot");
        assertThat(r.os().flasher()).isTrue();
        assertThat(r.os().configLocation()).contains("flash-boot");
        assertThat(r.os().deviceType()).isEqualTo("genericx86-64-ext");
        assertThat(r.os().version()).isNull();
        assertThat(Inspect.codes(r)).containsExactlyInAnyOrder(FindingCode.FLASHER_IMAGE,
                FindingCode.OS_RELEASE_MISSING, FindingCode.CONFIG_JSON_STATE, FindingCode.CONFIG_TXT_SECTION_OPEN);
        assertThat(r.verdict().word()).isEqualTo("pass");
    }

    @Test
    void fsckFatAgreesTheBuiltBootPartitionsAreClean() throws Exception {
        assumeTrue(Fixtures.onPath("fsck.fat") && Fixtures.onPath("dd"), "dosfstools not installed");
        for (String key : new String[] {"MBR16", "MBR32"}) {
            Path img = Fixtures.built(key, spec("MBR", key.endsWith("16") ? 16 : 32));
            Path part = img.resolveSibling(key + "-p1.fat");
            run("dd", "if=" + img, "of=" + part, "bs=1M", "skip=4", "count=40", "status=none");
            Process p = new ProcessBuilder("fsck.fat", "-n", part.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(out).doesNotContain("differ", "Free cluster summary wrong", "chain");
            assertThat(p.exitValue()).as(out).isIn(0, 1);
        }
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }
}
