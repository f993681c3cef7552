package dev.preflight.core.edit;

import static dev.preflight.core.edit.WriteProtocolTest.bootOf;
import static dev.preflight.core.edit.WriteProtocolTest.content;
import static dev.preflight.core.edit.WriteProtocolTest.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.edit.WriteProtocolTest.FaultyDisk;
import dev.preflight.core.edit.WriteProtocolTest.MemDisk;
import dev.preflight.core.fat.FatBootSector;
import dev.preflight.core.fat.FatScan;
import dev.preflight.support.Fixtures;
import dev.preflight.support.Fsck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An edit interrupted between writing the first FAT and its copy leaves copies that differ. The next edit
 * makes the copy equal to the first before it changes anything, and finishes; an edit interrupted while
 * doing that never touches the first copy; copies that differ because the first one is wrong are refused.
 */
class InterruptedEditRepairTest {
    @TempDir
    Path dir;

    static byte[] base(int fat, byte[] old) throws Exception {
        return bootOf(Fixtures.built("repair-" + fat + "-" + old.length, ImageSpec.raspberryPi().fat(fat)
                .bootFileAfterFingerprint("config.json", old)));
    }

    private static FatBootSector bootSector(byte[] boot) throws Exception {
        return FatBootSector.parse(Arrays.copyOf(boot, 512), boot.length);
    }

    private static byte[] copy(byte[] boot, int n) throws Exception {
        FatBootSector bs = bootSector(boot);
        long bytes = bs.fatSectors() * bs.bytesPerSector();
        int from = (int) (bs.fatOffsetBytes() + n * bytes);
        return Arrays.copyOfRange(boot, from, from + (int) bytes);
    }

    @ParameterizedTest(name = "FAT{0}")
    @CsvSource({"16", "32"})
    void anEditInterruptedAtAnyWriteIsFinishedByTheNextOneWithEqualCopies(int fat) throws Exception {
        byte[] old = content(5000, 1);
        byte[] next = content(9000, 2);
        byte[] base = base(fat, old);
        FaultyDisk counting = new FaultyDisk(new MemDisk(base.clone()), 0, 0);
        new FatWriter(counting, 0, base.length).replace("config.json", next);
        int differing = 0;
        for (int k = 1; k <= counting.writes; k++) {
            byte[] img = base.clone();
            FaultyDisk failing = new FaultyDisk(new MemDisk(img), k, 0);
            assertThatThrownBy(() -> new FatWriter(failing, 0, img.length).replace("config.json", next))
                    .isInstanceOf(IOException.class);
            boolean copiesDiffered = !Arrays.equals(copy(img, 0), copy(img, 1));
            differing += copiesDiffered ? 1 : 0;

            FatWriter again = new FatWriter(new MemDisk(img), 0, img.length);
            assertThat(again.repairedSectors() > 0).as("write %d: repaired exactly when the copies differed", k)
                    .isEqualTo(copiesDiffered);
            again.replace("config.json", next);
            assertThat(files(img).get("config.json")).as("write %d", k).isEqualTo(next);
            assertThat(copy(img, 1)).as("write %d: the copies are equal", k).isEqualTo(copy(img, 0));
            // what is left is at most the interrupted edit's unreferenced clusters and a stale free count
            Fsck.check(img, false, "edit again after a failure at write " + k, dir);
        }
        assertThat(differing).as("some failure points leave the copies differing").isPositive();
    }

    @ParameterizedTest(name = "FAT{0}")
    @CsvSource({"16", "32"})
    void aRepairInterruptedAtAnyWriteNeverTouchesTheFirstCopy(int fat) throws Exception {
        byte[] old = content(5000, 1);
        byte[] base = base(fat, old);
        FatBootSector bs = bootSector(base);
        // the copy is behind in three separate sectors, as after interrupted edits
        byte[] behind = base.clone();
        long second = bs.fatOffsetBytes() + bs.fatSectors() * bs.bytesPerSector();
        int width = fat == 32 ? 4 : 2;
        for (long cluster : new long[] {300, 1000, 2000}) {
            int at = (int) (second + cluster * width);
            if (width == 4) {
                LittleEndian.put32(behind, at, 0x0FFFFFFFL);
            } else {
                LittleEndian.put16(behind, at, 0xFFFF);
            }
        }
        FaultyDisk counting = new FaultyDisk(new MemDisk(behind.clone()), 0, 0);
        assertThat(new FatWriter(counting, 0, behind.length).repairedSectors()).isEqualTo(3);
        assertThat(counting.writes).isEqualTo(3);
        for (int k = 1; k <= counting.writes; k++) {
            byte[] img = behind.clone();
            FaultyDisk failing = new FaultyDisk(new MemDisk(img), k, 0);
            assertThatThrownBy(() -> new FatWriter(failing, 0, img.length)).isInstanceOf(IOException.class);
            assertThat(copy(img, 0)).as("write %d: the first copy untouched", k).isEqualTo(copy(base, 0));
            assertThat(files(img).get("config.json")).isEqualTo(old);
            assertThat(new FatWriter(new MemDisk(img), 0, img.length).repairedSectors()).isEqualTo(3 - (k - 1));
            assertThat(img).as("write %d: repaired on the next run", k).isEqualTo(base);
        }
    }

    @Test
    void differingCopiesOfAFat32VolumeWhoseActiveFatIsTheSecondAreNotChosenBetween() throws Exception {
        byte[] base = base(32, content(3000, 1));
        for (int flags : new int[] {0x00, 0x01, 0x80, 0x81}) {
            for (boolean differ : new boolean[] {false, true}) {
                byte[] img = base.clone();
                LittleEndian.put16(img, 40, flags);
                if (differ) {
                    FatBootSector bs = bootSector(img);
                    long last = bs.clusterCount() + 1; // free: marked used in the second copy only
                    LittleEndian.put32(img, (int) (bs.fatOffsetBytes() + bs.fatSectors() * bs.bytesPerSector()
                            + last * 4), 0x0FFFFFFFL);
                }
                byte[] before = img.clone();
                if (flags == 0x81 && differ) {
                    assertThatThrownBy(() -> new FatWriter(new MemDisk(img), 0, img.length).replace("config.json",
                            new byte[10])).isInstanceOf(EditException.class).hasMessageContaining("copy 2 the active");
                    assertThat(img).isEqualTo(before);
                } else {
                    new FatWriter(new MemDisk(img), 0, img.length).replace("config.json", new byte[10]);
                    assertThat(copy(img, 1)).as("flags %x", flags).isEqualTo(copy(img, 0));
                    assertThat(files(img).get("config.json")).isEqualTo(new byte[10]);
                }
            }
        }
    }

    @ParameterizedTest(name = "FAT{0}")
    @CsvSource({"16", "32"})
    void copiesThatDifferBecauseTheFirstIsWrongAreRefusedAndLeftAsTheyAre(int fat) throws Exception {
        byte[] base = base(fat, content(9000, 1));
        FatBootSector bs = bootSector(base);
        // the first copy ends config.json's chain after its first cluster; the second copy is right
        long first = FatScan.scan(bs, copy(base, 0), 0, (pos, len) -> Arrays.copyOfRange(base, (int) pos,
                (int) pos + len)).find("config.json").startCluster();
        byte[] img = base.clone();
        int at = (int) (bs.fatOffsetBytes() + first * (fat == 32 ? 4 : 2));
        if (fat == 32) {
            LittleEndian.put32(img, at, 0x0FFFFFFFL);
        } else {
            LittleEndian.put16(img, at, 0xFFFF);
        }
        byte[] before = img.clone();
        assertThatThrownBy(() -> new FatWriter(new MemDisk(img), 0, img.length).replace("config.json", new byte[10]))
                .isInstanceOf(EditException.class).hasMessageContaining("disagree");
        assertThat(img).as("nothing written, the right copy kept").isEqualTo(before);
    }
}
