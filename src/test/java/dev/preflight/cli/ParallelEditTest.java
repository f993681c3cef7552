package dev.preflight.cli;

import static dev.preflight.support.Fixtures.BOOT_SIZE;
import static dev.preflight.support.Fixtures.BOOT_START;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.fat.FatVolume;
import dev.preflight.support.ByteArraySource;
import dev.preflight.support.CliStation;
import dev.preflight.support.Fixtures;
import dev.preflight.support.Fsck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Case 4 of the review: {@code config set}, {@code configtxt set} and {@code wifi set} started at the
 * same moment on one image, as three separate processes, 50 rounds. The card lock makes them take
 * turns; after every round the volume passes {@code fsck.fat -n}, our chain and cross-link checks, and
 * holds exactly the values written in that round.
 */
class ParallelEditTest {
    static final int ROUNDS = 50;

    @TempDir
    Path dir;

    Process start(Path out, String... args) throws Exception {
        List<String> cmd = CliStation.inItsOwnJvm(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-Xmx256m", "-Dpreflight.dataDir=" + dir.resolve("data"), "-Dpreflight.lockWaitMillis=120000",
                "-Dpreflight.lockDir=" + dir.resolve("locks"), "-Dpreflight.noLog=true"), args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    @Test
    void threeEditorsAtOnceTakeTurnsAndLeaveASoundVolume() throws Exception {
        Path img = Fixtures.copy("parallel", ImageSpec.raspberryPi().fat(16), dir);
        for (int round = 1; round <= ROUNDS; round++) {
            String host = "host-" + round;
            String uart = String.valueOf(round % 2);
            String ssid = "net-" + round;
            Path[] logs = {dir.resolve("a.out"), dir.resolve("b.out"), dir.resolve("c.out")};
            Process[] ps = {
                start(logs[0], "config", "set", img.toString(), "hostname", host),
                start(logs[1], "configtxt", "set", img.toString(), "enable_uart", uart),
                start(logs[2], "wifi", "set", img.toString(), "--ssid", ssid, "--name", "balena-wifi-" + (round % 3))
            };
            for (int i = 0; i < ps.length; i++) {
                assertThat(ps[i].waitFor(180, TimeUnit.SECONDS)).isTrue();
                assertThat(ps[i].exitValue()).as("round %d, editor %d: %s", round, i,
                        Files.readString(logs[i], StandardCharsets.UTF_8)).isZero();
            }
            byte[] all = Files.readAllBytes(img);
            FatVolume v = FatVolume.open(new ByteArraySource("img", all), BOOT_START, BOOT_SIZE);
            assertThat(v.crossLinks()).isEmpty();
            assertThat(v.fatCopiesDiffer()).isFalse();
            assertThat(new ObjectMapper().readTree(v.read("config.json", 1 << 20)).path("hostname").asText())
                    .isEqualTo(host);
            assertThat(new String(v.read("config.txt", 1 << 20), StandardCharsets.UTF_8))
                    .contains("\nenable_uart=" + uart + "\n");
            assertThat(new String(v.read("system-connections/balena-wifi-" + (round % 3), 1 << 20),
                    StandardCharsets.UTF_8)).contains("ssid=" + ssid);
            Fsck.check(img, BOOT_START, BOOT_SIZE, dir);
        }
    }
}
