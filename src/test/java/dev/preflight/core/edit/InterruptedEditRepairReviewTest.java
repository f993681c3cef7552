package dev.preflight.core.edit;

import static dev.preflight.core.edit.InterruptedEditRepairTest.base;
import static dev.preflight.core.edit.WriteProtocolTest.content;
import static dev.preflight.core.edit.WriteProtocolTest.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.edit.WriteProtocolTest.FaultyDisk;
import dev.preflight.core.edit.WriteProtocolTest.MemDisk;
import dev.preflight.core.fat.FatBootSector;
import dev.preflight.support.Fixtures;
import dev.preflight.support.Fsck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * FAT copies that differ where the first copy is not the one to keep, although its chains pass every check,
 * or where the other copy holds what the first lost (a recorded I/O error): refused with nothing written, so
 * {@code fsck.fat -a} can still repair the card from the other copy and the record is not erased.
 */
class InterruptedEditRepairReviewTest {
    @TempDir
    Path dir;

    /** Where FAT copy {@code n} (0 for the first) starts in the boot partition. */
    private static int copyAt(byte[] boot, int n) throws Exception {
        FatBootSector bs = FatBootSector.parse(Arrays.copyOf(boot, 512), boot.length);
        return (int) (bs.fatOffsetBytes() + n * bs.fatSectors() * bs.bytesPerSector());
    }

    /** fsck.fat -n's report on {@code boot}; null when fsck.fat is not installed. */
    private String fsck(byte[] boot) throws Exception {
        if (!Fixtures.onPath("fsck.fat")) {
            return null;
        }
        Path part = dir.resolve("part.img");
        Files.write(part, boot);
        Process p = new ProcessBuilder("fsck.fat", "-n", part.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @ParameterizedTest(name = "FAT{0}")
    @CsvSource({"16", "32"})
    void copiesThatDifferWhereTheFirstCopysReservedEntryIsDamagedAreRefusedAndLeftForFsck(int fat) throws Exception {
        byte[] old = content(5000, 1);
        byte[] img = base(fat, old);
        // FAT[0] of the first copy lost its high bits; the second copy's is intact
        int at = copyAt(img, 0);
        if (fat == 32) {
            LittleEndian.put32(img, at, 0xF8);
        } else {
            LittleEndian.put16(img, at, 0xF8);
        }
        String said = fsck(img);
        if (said != null) {
            assertThat(said).as("fsck.fat -a would keep the second copy").contains("using second FAT");
        }
        byte[] before = img.clone();
        assertThatThrownBy(() -> new FatWriter(new MemDisk(img), 0, img.length).replace("config.json",
                content(9000, 2))).isInstanceOf(EditException.class).hasMessageContaining("FAT[0]")
                .hasMessageContaining("fsck.fat -a");
        assertThat(img).as("nothing written").isEqualTo(before);
        assertThat(files(img).get("config.json")).isEqualTo(old);
        said = fsck(img);
        if (said != null) {
            assertThat(said).as("fsck.fat can still repair it").doesNotContain("Both FATs appear to be corrupt");
        }
    }

    @ParameterizedTest(name = "FAT{0}")
    @CsvSource({"16", "32"})
    void aHardErrorRecordedOnlyInTheSecondCopyIsRefusedNotErased(int fat) throws Exception {
        byte[] img = base(fat, content(5000, 1));
        // FAT[1] of the second copy: the no-I/O-error bit cleared, as when writing the first copy failed
        int at = copyAt(img, 1) + (fat == 32 ? 4 : 2);
        if (fat == 32) {
            LittleEndian.put32(img, at, LittleEndian.u32(img, at) & ~0x04000000L);
        } else {
            LittleEndian.put16(img, at, LittleEndian.u16(img, at) & ~0x4000);
        }
        byte[] before = img.clone();
        assertThatThrownBy(() -> new FatWriter(new MemDisk(img), 0, img.length).replace("config.json",
                content(9000, 2))).isInstanceOf(EditException.class).hasMessageContaining("I/O error");
        assertThat(img).as("nothing written, the record kept").isEqualTo(before);
    }

    /**
     * Create (growing a full folder, and into a new folder) and delete interrupted at every write, then
     * another edit: the copies end equal, every other file reads exactly as it did through the first copy
     * before the repair, and fsck.fat -n finds at most what an interrupted edit leaves.
     */
    @ParameterizedTest(name = "FAT{0} {1}")
    @CsvSource({"16,grow", "32,grow", "16,mkdir", "32,mkdir", "16,delete", "32,delete"})
    void otherEditsInterruptedAtAnyWriteAreFinishedByTheNextOneWithoutChangingAFile(int fat, String kind)
            throws Exception {
        byte[] base = base(fat, content(5000, 1)).clone();
        FatBootSector bs = FatBootSector.parse(Arrays.copyOf(base, 512), base.length);
        int fill = 7 + 8 * (bs.sectorsPerCluster() - 1); // a folder with no free slot left
        for (int i = 0; i < fill; i++) {
            new FatWriter(new MemDisk(base), 0, base.length).create(String.format("full/conn-file-%03d", i),
                    content(10, i));
        }
        WriteProtocolTest.Edit edit = kind.equals("grow") ? w -> w.create("full/conn-file-999", content(64, 77))
                : kind.equals("mkdir") ? w -> w.create("overlays/new/deep.dtbo", content(3000, 78))
                : w -> w.delete("full/conn-file-003");
        FaultyDisk counting = new FaultyDisk(new MemDisk(base.clone()), 0, 0);
        edit.apply(new FatWriter(counting, 0, base.length));
        int differing = 0;
        for (int k = 1; k <= counting.writes; k++) {
            byte[] img = base.clone();
            FaultyDisk failing = new FaultyDisk(new MemDisk(img), k, 0);
            assertThatThrownBy(() -> edit.apply(new FatWriter(failing, 0, img.length))).isInstanceOf(IOException.class);
            differing += Arrays.equals(copy(img, 0), copy(img, 1)) ? 0 : 1;
            Map<String, byte[]> seen = files(img);
            byte[] next = content(7000, k);
            new FatWriter(new MemDisk(img), 0, img.length).replace("config.json", next);
            assertThat(copy(img, 1)).as("write %d: the copies are equal", k).isEqualTo(copy(img, 0));
            Map<String, byte[]> now = files(img);
            assertThat(now.keySet()).as("write %d", k).isEqualTo(seen.keySet());
            for (Map.Entry<String, byte[]> e : seen.entrySet()) {
                assertThat(now.get(e.getKey())).as("write %d: %s", k, e.getKey())
                        .isEqualTo(e.getKey().equals("config.json") ? next : e.getValue());
            }
            Fsck.check(img, false, kind + ", edited again after a failure at write " + k, dir);
        }
        assertThat(differing).as("some failure points leave the copies differing").isPositive();
    }

    private static byte[] copy(byte[] boot, int n) throws Exception {
        int at = copyAt(boot, n);
        return Arrays.copyOfRange(boot, at, at + copyAt(boot, 1) - copyAt(boot, 0));
    }
}
