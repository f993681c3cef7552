package dev.preflight.core.configtxt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.edit.BackupStore;
import dev.preflight.core.edit.ConfigTxtService;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.support.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quick fixes change only what the firmware ignores or overrides, on real bytes and on a real image. */
class ConfigTxtFixesTest {
    static final String BROKEN = "# kiosk\n"
            + "gpu_mem=64\n"
            + "dtoverlay=no-such-overlay\n"
            + "gpu_mem=128\n"
            + "hdmi_force_hotplug1=1\n"
            + "dtoverlay=vc4-kms-v3d\n"
            + "[pi4]\n"
            + "arm_boost=1\n";
    static final ConfigTxtService.Snapshot CARD = new ConfigTxtService.Snapshot("card", new byte[0],
            Set.of("overlays/vc4-kms-v3d.dtbo", "start4.elf", "fixup4.dat", "kernel8.img"), "raspberrypi4-64");

    static List<Finding> check(String text) {
        return ConfigTxtService.check(text.getBytes(StandardCharsets.ISO_8859_1), CARD);
    }

    static Finding first(List<Finding> f, FindingCode code) {
        return f.stream().filter(x -> x.code() == code).findFirst().orElseThrow();
    }

    @Test
    void eachFixCommentsOutExactlyItsLine() {
        List<Finding> f = check(BROKEN);
        Finding overlay = first(f, FindingCode.CONFIG_TXT_MISSING_OVERLAY);
        ConfigTxtFixes.Fix fix = ConfigTxtFixes.fixFor(overlay);
        assertThat(fix.kind()).isEqualTo(ConfigTxtFixes.Kind.COMMENT_OUT);
        assertThat(fix.line()).isEqualTo(3);
        String fixed = new String(ConfigTxtFixes.apply(BROKEN.getBytes(StandardCharsets.ISO_8859_1), fix),
                StandardCharsets.ISO_8859_1);
        assertThat(fixed).isEqualTo(BROKEN.replace("dtoverlay=no-such-overlay", "# dtoverlay=no-such-overlay"));
        assertThat(check(fixed)).noneMatch(x -> x.code() == FindingCode.CONFIG_TXT_MISSING_OVERLAY);

        Finding dup = first(f, FindingCode.CONFIG_TXT_DUPLICATE_KEY);
        assertThat(ConfigTxtFixes.fixFor(dup).line()).isEqualTo(2);
        assertThat(ConfigTxtFixes.fixFor(first(f, FindingCode.CONFIG_TXT_UNKNOWN_KEY)).line()).isEqualTo(5);
    }

    @Test
    void applyAllLeavesOnlyProblemsWithoutASafeFix() {
        byte[] fixed = ConfigTxtFixes.applyAll(BROKEN.getBytes(StandardCharsets.ISO_8859_1), check(BROKEN));
        String text = new String(fixed, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("# gpu_mem=64\n", "# dtoverlay=no-such-overlay\n", "\ngpu_mem=128\n",
                "# hdmi_force_hotplug1=1\n", "\ndtoverlay=vc4-kms-v3d\n").endsWith("[all]\n");
        assertThat(check(text)).noneMatch(x -> x.code() == FindingCode.CONFIG_TXT_MISSING_OVERLAY
                || x.code() == FindingCode.CONFIG_TXT_DUPLICATE_KEY || x.code() == FindingCode.CONFIG_TXT_UNKNOWN_KEY
                || x.code() == FindingCode.CONFIG_TXT_SECTION_OPEN);
        assertThat(ConfigTxtFixes.applyAll(fixed, check(text))).isEqualTo(fixed);
    }

    @Test
    void crlfBecomesLfAndNothingElseChanges() {
        String crlf = "arm_64bit=1\r\ndtparam=audio=on\r\n";
        Finding syntax = check(crlf).stream().filter(x -> x.message().contains("CRLF")).findFirst().orElseThrow();
        byte[] fixed = ConfigTxtFixes.apply(crlf.getBytes(StandardCharsets.ISO_8859_1), ConfigTxtFixes.fixFor(syntax));
        assertThat(new String(fixed, StandardCharsets.ISO_8859_1)).isEqualTo("arm_64bit=1\ndtparam=audio=on\n");
    }

    @Test
    void findingsWithoutASafeFixHaveNone() {
        Finding missingKernel = check("kernel=nope.img\n").stream()
                .filter(x -> x.code() == FindingCode.CONFIG_TXT_MISSING_FILE).findFirst().orElseThrow();
        assertThat(ConfigTxtFixes.fixFor(missingKernel)).isNull();
    }

    @Test
    void theServiceFixesACardAndKeepsABackup(@TempDir Path dir) throws Exception {
        Path img = Fixtures.copy("txt-fix", ImageSpec.raspberryPi().bootFile("config.txt",
                BROKEN.getBytes(StandardCharsets.ISO_8859_1)), dir);
        ConfigTxtService service = new ConfigTxtService(new BackupStore(dir.resolve("backups")));
        ConfigTxtService.EditResult r = service.fix(img.toString(), null, CancellationToken.none());
        assertThat(new String(r.before(), StandardCharsets.ISO_8859_1)).isEqualTo(BROKEN);
        String now = new String(service.read(img.toString(), CancellationToken.none()).render(),
                StandardCharsets.ISO_8859_1);
        assertThat(now).contains("# dtoverlay=no-such-overlay\n").isEqualTo(new String(r.after(),
                StandardCharsets.ISO_8859_1));
        assertThat(service.validate(img.toString(), null, CancellationToken.none()))
                .noneMatch(x -> x.code() == FindingCode.CONFIG_TXT_MISSING_OVERLAY);
        ConfigTxtService.EditResult again = service.fix(img.toString(), null, CancellationToken.none());
        assertThat(again.after()).isEqualTo(again.before());
    }
}
