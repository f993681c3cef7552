package dev.preflight.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.report.FindingCode;
import dev.preflight.gui.inspect.InspectViewModel;
import dev.preflight.support.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inspection screen's state, without a display (both executors run inline). */
class InspectViewModelTest {
    @TempDir
    Path dir;

    @Test
    void inspectingAnImagePublishesTheReport() {
        InspectViewModel vm = new InspectViewModel(Runnable::run, Runnable::run, dir);
        Path img = Fixtures.built("vm", ImageSpec.raspberryPi().noConfigJson());
        vm.inspect(img.toString());
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.reportProperty().get()).isNotNull();
        assertThat(vm.findings()).extracting(f -> f.code()).contains(FindingCode.CONFIG_JSON_MISSING);
        assertThat(vm.reportProperty().get().verdict().word()).isEqualTo("fail");
        assertThat(vm.statusProperty().get()).startsWith("Inspected in");
        assertThat(vm.errorProperty().get()).isNull();
    }

    @Test
    void anUnreadableFileBecomesAShortErrorWithDetails() {
        InspectViewModel vm = new InspectViewModel(Runnable::run, Runnable::run, dir);
        vm.inspect(dir.resolve("gone.img").toString());
        assertThat(vm.errorProperty().get()).contains("gone.img").doesNotContain("Exception");
        // details behind the button: what to do and the error code, never a stack trace
        assertThat(vm.errorDetailsProperty().get()).contains("Error code: ").doesNotContain("\tat ")
                .doesNotContain("Exception");
        assertThat(vm.reportProperty().get()).isNull();
        assertThat(vm.busyProperty().get()).isFalse();
    }

    @Test
    void theDemoCardIsBuiltAndInspected() {
        InspectViewModel vm = new InspectViewModel(Runnable::run, Runnable::run, dir);
        vm.openDemo();
        assertThat(vm.reportProperty().get().verdict().word()).isEqualTo("fail");
        assertThat(vm.findings()).extracting(f -> f.code()).contains(FindingCode.WEAR_FS_ERRORS, FindingCode.FAT_DIRTY,
                FindingCode.BOOT_FILE_MODIFIED);
    }

    @Test
    void recordingAnInspectionAppendsToTheLogAndTheNextInspectionShowsTheCardsHistory() throws Exception {
        Path log = dir.resolve("provisioning-log.jsonl");
        InspectViewModel vm = new InspectViewModel(Runnable::run, Runnable::run, dir, log);
        Path img = Fixtures.built("vm-history", ImageSpec.raspberryPi());
        vm.inspect(img.toString());
        assertThat(vm.findings()).extracting(f -> f.code()).doesNotContain(FindingCode.CARD_HISTORY);
        assertThat(log).doesNotExist();
        vm.recordInLog();
        assertThat(vm.recordedProperty().get()).isEqualTo(1);
        assertThat(vm.statusProperty().get()).isEqualTo("Recorded as entry 1 in " + log + ".");
        java.util.List<String> lines = java.nio.file.Files.readAllLines(log);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("\"action\":\"inspect\"");
        vm.inspect(img.toString());
        assertThat(vm.recordedProperty().get()).isZero(); // a new report can be recorded again
        assertThat(vm.findings()).extracting(f -> f.code()).contains(FindingCode.CARD_HISTORY);
    }

    @Test
    void anUnwritableLogIsAClearErrorAndNothingIsRecorded() throws Exception {
        Path notADir = java.nio.file.Files.writeString(dir.resolve("file"), "x");
        InspectViewModel vm = new InspectViewModel(Runnable::run, Runnable::run, dir, notADir.resolve("log.jsonl"));
        vm.inspect(Fixtures.built("vm-history", ImageSpec.raspberryPi()).toString());
        vm.recordInLog();
        assertThat(vm.recordedProperty().get()).isZero();
        assertThat(vm.errorProperty().get()).isEqualTo("Could not record the inspection in the provisioning log.");
        assertThat(vm.errorDetailsProperty().get()).contains(notADir.toString());
    }

    @Test
    void readingTheWholeImageReadsFarPartitionsAndStaysOnForThatCard() {
        // state and data start beyond the first 128 MiB, which is all a gzip image is read to by default
        Path gz = Fixtures.compressed("vm-far", ImageSpec.raspberryPi().fat(32).sizesMiB(40, 64, 8, 16),
                dev.preflight.core.image.Compression.GZIP, 0);
        InspectViewModel vm = new InspectViewModel(Runnable::run, Runnable::run, dir);
        vm.inspect(gz.toString());
        assertThat(vm.partlyRead()).isTrue();
        vm.inspectWholeImage();
        assertThat(vm.partlyRead()).isFalse();
        assertThat(vm.findings()).extracting(f -> f.code()).doesNotContain(FindingCode.PARTITIONS_NOT_READ);
        vm.inspect(gz.toString()); // e.g. the re-inspection after a save
        assertThat(vm.partlyRead()).isFalse();
    }
}
