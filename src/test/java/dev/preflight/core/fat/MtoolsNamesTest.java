package dev.preflight.core.fat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.support.Inspect;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names as the operating systems show them: mtools writes short 8.3 entries with the NT case flags
 * (how every balenaOS boot partition is made), and Linux, Windows and macOS show {@code kernel8.img}.
 */
class MtoolsNamesTest {
    @TempDir
    Path dir;

    Path image() throws Exception {
        Path img = dir.resolve("mtools-boot.img");
        try (InputStream in = new GZIPInputStream(getClass().getResourceAsStream("/fixtures/mtools/mtools-boot.img.gz"))) {
            Files.copy(in, img);
        }
        return img;
    }

    @Test
    void shortNamesWithCaseFlagsAreShownInLowerCase() throws Exception {
        InspectionReport r = Inspect.run(image());
        assertThat(r.integrity().files()).extracting(f -> f.path())
                .contains("kernel8.img", "boot.scr", "config.txt", "device-type.json")
                .doesNotContain("KERNEL8.IMG", "BOOT.SCR", "CONFIG.TXT");
        assertThat(r.boot().label()).isEqualTo("RESIN-BOOT");
        assertThat(r.boot().fileCount()).isEqualTo(5);
    }
}
