package dev.preflight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.support.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl+C (here SIGTERM, which runs the same hook) stops a watching batch and still prints its summary. */
class CtrlCTest {
    @TempDir
    Path dir;

    @Test
    void stoppingAWatchingBatchPrintsItsSummaryOnce() throws Exception {
        Path img = Fixtures.built("cli-clean", CliTest.CLEAN);
        Path out = dir.resolve("out.txt");
        Path profile = dir.resolve("profile.json");
        Files.writeString(profile, "{\"name\":\"lot-9\",\"deviceType\":\"raspberrypi4-64\"}");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dpreflight.dataDir=" + dir.resolve("data"),
                "-cp", System.getProperty("java.class.path"), "dev.preflight.Launcher",
                "batch", "--watch", "--profile", profile.toString(), "--log", dir.resolve("log.jsonl").toString(), img.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(out).contains("Watching for cards") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(out)).contains("Watching for cards");
            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        String printed = Files.readString(out);
        assertThat(printed).contains("1 card(s): 1 pass, 0 fail");
        assertThat(printed.indexOf("card(s):")).isEqualTo(printed.lastIndexOf("card(s):"));
    }
}
