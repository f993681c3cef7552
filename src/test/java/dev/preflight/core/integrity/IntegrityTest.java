package dev.preflight.core.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.integrity.IntegrityChecker.Judgement;
import dev.preflight.core.integrity.IntegrityChecker.Status;
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

    static void judged(String path, Status status, Judgement expected) {
        assertThat(IntegrityChecker.judge(path, status)).as("%s %s", path, status).isEqualTo(expected);
    }

    @Test
    void judgementRules() {
        judged("kernel8.img", Status.MODIFIED, Judgement.PROBLEM);
        judged("config.txt", Status.MODIFIED, Judgement.EXPECTED);
        judged("system-connections/resin-wifi", Status.NOT_LISTED, Judgement.EXPECTED);
        judged(".fseventsd/fseventsd-uuid", Status.NOT_LISTED, Judgement.LITTER);
        judged("._config.txt", Status.NOT_LISTED, Judgement.LITTER);
        judged("FSCK0000.REC", Status.NOT_LISTED, Judgement.LITTER);
        judged("overlays/evil.dtbo", Status.NOT_LISTED, Judgement.PROBLEM);
        judged("notes.txt", Status.NOT_LISTED, Judgement.EXPECTED);
        judged("bcm2711-rpi-4-b.dtb", Status.MISSING, Judgement.PROBLEM);
        judged("resinOS_uEnv.txt", Status.MODIFIED, Judgement.EXPECTED);
    }

    @Test
    void aCleanImageMatchesAndATamperedOneIsJudged() {
        InspectionReport clean = Inspect.run(Fixtures.built("integrity-clean", ImageSpec.raspberryPi()));
        assertThat(clean.integrity().fingerprintFile()).isEqualTo("balenaos.fingerprint");
        assertThat(clean.integrity().counts().get(Status.MATCHES)).isEqualTo(20);
        assertThat(clean.integrity().files()).allMatch(f -> f.status() == Status.MATCHES);

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
        assertThat(r.integrity().counts().get(Status.MODIFIED)).isEqualTo(2);
        assertThat(r.integrity().counts().get(Status.NOT_LISTED)).isEqualTo(4);
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
