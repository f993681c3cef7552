package dev.preflight.cli;

import static dev.preflight.cli.CliTest.run;
import static dev.preflight.support.Fixtures.BOOT_START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.fat.FatBootSector;
import dev.preflight.support.Fixtures;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A damaged FAT[0], which makes fsck.fat distrust a FAT copy, is reported by inspect. */
class FatMediaEntryTest {
    @TempDir
    Path dir;

    /** Clears the high bits of FAT[0] in the first copy, and in the second too when {@code both}. */
    private Path damaged(int fatBits, boolean both) throws Exception {
        Path img = Fixtures.copy("media-" + fatBits + (both ? "-both" : "-first"), ImageSpec.raspberryPi().fat(fatBits), dir);
        FatBootSector bs = EditSafetyTest.bootSector(Files.readAllBytes(img));
        long fat1 = BOOT_START + bs.fatOffsetBytes();
        long fatBytes = bs.fatSectors() * bs.bytesPerSector();
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            for (long at : both ? new long[] {fat1, fat1 + fatBytes} : new long[] {fat1}) {
                f.seek(at + 1); // FAT[0]'s second byte: above the media byte on FAT16 and FAT32
                f.write(0x00);
            }
        }
        return img;
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 32})
    void bothCopiesDamagedIsReportedAndFsckGivesUp(int fatBits) throws Exception {
        Path img = damaged(fatBits, true);
        CliTest.Result r = run("inspect", img.toString());
        assertThat(r.out()).contains("FAT_MEDIA_ENTRY_DAMAGED", "fsck.fat gives up on this volume")
                .doesNotContain("FAT_COPIES_DIFFER");
        assertThat(fsck(img)).containsIgnoringCase("corrupt");
        assertThat(run("inspect", Fixtures.copy("media-ok-" + fatBits, ImageSpec.raspberryPi().fat(fatBits), dir)
                .toString()).out()).doesNotContain("FAT_MEDIA_ENTRY");
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 32})
    void onlyTheFirstCopyDamagedIsReportedWithTheCopiesDiffering(int fatBits) throws Exception {
        CliTest.Result r = run("inspect", "--json", damaged(fatBits, false).toString());
        assertThat(r.out()).contains("FAT_MEDIA_ENTRY_DAMAGED", "uses the other copy if its FAT[0] is intact", "FAT_COPIES_DIFFER");
    }

    /** What {@code fsck.fat -n} says of the boot partition of {@code img}. */
    private String fsck(Path img) throws Exception {
        Assumptions.assumeTrue(Fixtures.onPath("fsck.fat"), "fsck.fat (dosfstools) is not installed");
        byte[] all = Files.readAllBytes(img);
        Path part = dir.resolve("boot-part.img");
        Files.write(part, Arrays.copyOfRange(all, (int) BOOT_START, (int) (BOOT_START + Fixtures.BOOT_SIZE)));
        Process p = new ProcessBuilder("fsck.fat", "-n", part.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
