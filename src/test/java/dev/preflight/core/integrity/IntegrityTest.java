package dev.preflight.core.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Severity;
import dev.preflight.support.Fixtures;
import dev.preflight.support.Inspect;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The boot fingerprint in all its historical forms, judged like an expert. */
class IntegrityTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyHistoricalLineFormParses() {
        Fingerprint f = Fingerprint.parse("x", b("d41d8cd98f00b204e9800998ecf8427e  config.txt\n"
                + "0cc175b9c0f1b6a831c399e269772661  /kernel8.img\n"
                + "92eb5ffee6ae2fec3ad71c777531578f */overlays/A.dtbo\n"
                + "4a8a08f09d37b73795649038408b5f33 /bootcode.bin\n"
                + "not a line\n\n"));
        assertThat(f.md5ByPath()).containsOnlyKeys("config.txt", "kernel8.img", "overlays/a.dtbo", "bootcode.bin");
        assertThat(f.unparsedLines()).isEqualTo(1);
    }

    @Test
    void judgementRules() {
        assertThat(IntegrityChecker.judge("kernel8.img", IntegrityChecker.Status.MODIFIED))
                .isEqualTo(IntegrityChecker.Judgement.PROBLEM);
        assertThat(IntegrityChecker.judge("config.txt", IntegrityChecker.Status.MODIFIED))
                .isEqualTo(IntegrityChecker.Judgement.EXPECTED);
        assertThat(IntegrityChecker.judge("system-connections/resin-wifi", IntegrityChecker.Status.NOT_LISTED))
                .isEqualTo(IntegrityChecker.Judgement.EXPECTED);
        assertThat(IntegrityChecker.judge(".fseventsd/fseventsd-uuid", IntegrityChecker.Status.NOT_LISTED))
                .isEqualTo(IntegrityChecker.Judgement.LITTER);
        assertThat(IntegrityChecker.judge("._config.txt", IntegrityChecker.Status.NOT_LISTED))
                .isEqualTo(IntegrityChecker.Judgement.LITTER);
        assertThat(IntegrityChecker.judge("FSCK0000.REC", IntegrityChecker.Status.NOT_LISTED))
                .isEqualTo(IntegrityChecker.Judgement.LITTER);
        assertThat(IntegrityChecker.judge("overlays/evil.dtbo", IntegrityChecker.Status.NOT_LISTED))
                .isEqualTo(IntegrityChecker.Judgement.PROBLEM);
        assertThat(IntegrityChecker.judge("notes.txt", IntegrityChecker.Status.NOT_LISTED))
                .isEqualTo(IntegrityChecker.Judgement.EXPECTED);
        assertThat(IntegrityChecker.judge("bcm2711-rpi-4-b.dtb", IntegrityChecker.Status.MISSING))
                .isEqualTo(IntegrityChecker.Judgement.PROBLEM);
        assertThat(IntegrityChecker.judge("resinOS_uEnv.txt", IntegrityChecker.Status.MODIFIED))
                .isEqualTo(IntegrityChecker.Judgement.EXPECTED);
    }

    @Test
    void aCleanImageMatchesAndATamperedOneIsJudged() {
        InspectionReport clean = Inspect.run(Fixtures.built("integrity-clean", ImageSpec.raspberryPi()));
        assertThat(clean.integrity().fingerprintFile()).isEqualTo("balenaos.fingerprint");
        assertThat(clean.integrity().counts().get(IntegrityChecker.Status.MATCHES)).isEqualTo(20);
        assertThat(clean.integrity().files()).allMatch(f -> f.status() == IntegrityChecker.Status.MATCHES);

        ImageSpec tampered = ImageSpec.raspberryPi()
                .bootFileAfterFingerprint("kernel8.img", b("not u-boot"))
                .bootFileAfterFingerprint("config.txt", b("enable_uart=1\n"))
                .bootFileAfterFingerprint("system-connections/resin-wifi", b("[connection]\nid=w\ntype=wifi\n"
                        + "[wifi]\nssid=Net\n"))
                .bootFileAfterFingerprint(".fseventsd/fseventsd-uuid", b("x"))
                .bootFileAfterFingerprint("._config.txt", b("x"))
                .bootFileAfterFingerprint("overlays/extra.dtbo", b("dtb"));
        InspectionReport r = Inspect.run(Fixtures.built("integrity-tampered", tampered));
        List<Finding> f = r.findings();
        assertThat(f).filteredOn(x -> x.code() == FindingCode.BOOT_FILE_MODIFIED).extracting(Finding::location)
                .containsExactly("partition 1 (resin-boot):/kernel8.img");
        assertThat(f).filteredOn(x -> x.code() == FindingCode.BOOT_FILE_UNEXPECTED).extracting(Finding::location)
                .containsExactly("partition 1 (resin-boot):/overlays/extra.dtbo");
        assertThat(f).filteredOn(x -> x.code() == FindingCode.HOST_OS_LITTER).singleElement()
                .satisfies(x -> assertThat(x.message()).contains("2 file(s)"));
        assertThat(f).filteredOn(x -> x.code() == FindingCode.BOOT_FILE_EXPECTED_CHANGE)
                .extracting(Finding::severity).containsOnly(Severity.INFO).hasSize(2);
        assertThat(r.integrity().counts().get(IntegrityChecker.Status.MODIFIED)).isEqualTo(2);
        assertThat(r.integrity().counts().get(IntegrityChecker.Status.NOT_LISTED)).isEqualTo(4);
    }

    @Test
    void legacyFingerprintNameAndMissingFiles() {
        String legacy = "0cc175b9c0f1b6a831c399e269772661 /kernel7.img\n";
        InspectionReport r = Inspect.run(Fixtures.built("integrity-legacy", ImageSpec.raspberryPi()
                .bootFileAfterFingerprint("resinos.fingerprint", b(legacy))));
        // the newest name wins when both exist
        assertThat(r.integrity().fingerprintFile()).isEqualTo("balenaos.fingerprint");
        List<String> codes = r.findings().stream().map(x -> x.code().name()).collect(Collectors.toList());
        assertThat(codes).doesNotContain("BOOT_FILE_MISSING");
    }
}
