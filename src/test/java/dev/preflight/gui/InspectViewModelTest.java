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
        assertThat(vm.errorDetailsProperty().get()).contains("PreflightException");
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
}
