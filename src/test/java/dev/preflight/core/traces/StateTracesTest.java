package dev.preflight.core.traces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.demo.BalenaImageBuilder;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.serial.BootLogAnalyzer;
import dev.preflight.support.Inspect;
import dev.preflight.support.Preloads;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Traces of the anti-patterns on a real ext4 resin-state (mkfs.ext4 -d), and reboot loops on a console. */
class StateTracesTest {
    static final int STATE = 4; // MBR: boot, rootA, rootB, extended, state, data

    @TempDir
    Path dir;

    List<FindingCode> inspect(Map<String, String> files) throws Exception {
        Map<String, byte[]> bytes = new java.util.LinkedHashMap<>();
        files.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.US_ASCII)));
        bytes.put("root-overlay/etc/hostname", "kiosk\n".getBytes(StandardCharsets.US_ASCII));
        return Inspect.codes(Inspect.run(Preloads.image(dir, ImageSpec.raspberryPi().configJson(Preloads.CONFIG), STATE,
                "resin-state", bytes)));
    }

    /** The findings of a card whose resin-state holds {@code file} with {@code text} in it. */
    List<FindingCode> inspect(String file, String text) throws Exception {
        return inspect(Map.of(file, text));
    }

    /** The findings of a console capture. */
    static List<FindingCode> serial(String log, String name) {
        return BootLogAnalyzer.analyse(log, name).findings().stream().map(f -> f.code()).toList();
    }

    @Test
    void aQuietStateHasNoTraces() throws Exception {
        assertThat(inspect(Map.of("disk-watchdog/boot-history", "1767225600\n",
                "root-overlay/etc/fake-hwclock/fake-hwclock.data", "2024-01-15 10:00:00\n",
                "rollback-health-breadcrumb", ""))).doesNotContain(FindingCode.REBOOT_LOOP_DETECTED,
                FindingCode.OS_ROLLBACK_HAPPENED, FindingCode.CLOCK_SET_FORWARD, FindingCode.STATE_FILES_UNREADABLE);
    }

    @Test
    void theWatchdogsDisabledFlagIsABootLoop() throws Exception {
        assertThat(inspect("disk-watchdog/disabled", "")).contains(FindingCode.REBOOT_LOOP_DETECTED);
    }

    @Test
    void threeBootsWithinTenMinutesAreABootLoop() throws Exception {
        assertThat(inspect("disk-watchdog/boot-history", "1767225600\n1767225800\n1767226100\n"))
                .contains(FindingCode.REBOOT_LOOP_DETECTED);
        assertThat(inspect("disk-watchdog/boot-history", "1767225600\n1767229200\n1767232800\n"))
                .as("three boots an hour apart").doesNotContain(FindingCode.REBOOT_LOOP_DETECTED);
    }

    @Test
    void rollbackMarkers() throws Exception {
        assertThat(inspect("rollback-altboot-triggered", "")).contains(FindingCode.OS_ROLLBACK_HAPPENED);
        assertThat(inspect("rollback-health-triggered", "")).contains(FindingCode.OS_ROLLBACK_HAPPENED);
    }

    @Test
    void aSavedClockInTheFutureWasSetForward() throws Exception {
        assertThat(inspect("root-overlay/etc/fake-hwclock/fake-hwclock.data", "2099-06-01 12:00:00\n"))
                .contains(FindingCode.CLOCK_SET_FORWARD);
        assertThat(inspect("root-overlay/etc/fake-hwclock/fake-hwclock.data", "not a date\n"))
                .doesNotContain(FindingCode.CLOCK_SET_FORWARD);
    }

    @Test
    void anUnreadableStateIsAFinding() throws Exception {
        Path img = dir.resolve("broken.img");
        BalenaImageBuilder.Layout layout = BalenaImageBuilder.build(ImageSpec.raspberryPi(), img);
        assertThat(Inspect.codes(Inspect.run(img))).as("the builder's empty ext4 is readable")
                .doesNotContain(FindingCode.STATE_FILES_UNREADABLE, FindingCode.PRELOAD_UNREADABLE);
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            byte[] gd = new byte[4];
            LittleEndian.put32(gd, 0, 0x7fffffffL); // group 0's inode table far outside the partition
            f.seek(layout.partitions().get(STATE)[0] + 4096 + 8);
            f.write(gd);
        }
        assertThat(Inspect.codes(Inspect.run(img))).contains(FindingCode.STATE_FILES_UNREADABLE);
    }

    @Test
    void aConsoleShowingThreeBootsIsARebootLoop() throws Exception {
        String one = Files.readString(Path.of("src/test/resources/bootlogs/healthy-pi4.log"));
        assertThat(serial(one, "one.log")).doesNotContain(FindingCode.SERIAL_REBOOT_LOOP);
        assertThat(serial(one + one, "two.log")).doesNotContain(FindingCode.SERIAL_REBOOT_LOOP);
        assertThat(serial(one + one + one, "three.log")).contains(FindingCode.SERIAL_REBOOT_LOOP);
    }
}
