package dev.preflight.core.fat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.fat.FatBootSector.FatKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The FAT is decoded in one go; what the check finds is what entry-by-entry reading finds. */
class FatTableCheckTest {
    private static final int CLUSTERS = 3000;

    @ParameterizedTest
    @EnumSource(FatKind.class)
    void theDecodedTableIsEntryByEntryReading(FatKind kind) {
        byte[] fat = new byte[(CLUSTERS + 2) * 4];
        new Random(kind.ordinal()).nextBytes(fat);
        int[] table = FatTableCheck.entries(kind, fat, CLUSTERS + 2);
        for (int c = 0; c < CLUSTERS + 2; c++) {
            assertThat((long) table[c]).as("cluster %d", c).isEqualTo(FatTableCheck.entry(kind, fat, c));
        }
    }

    @ParameterizedTest
    @EnumSource(value = FatKind.class, names = {"FAT16", "FAT32"})
    void freeClustersLoopsAndPointersOutsideTheVolumeAreFound(FatKind kind) {
        int end = kind == FatKind.FAT16 ? 0xFFFF : 0x0FFFFFFF;
        int[] t = new int[CLUSTERS + 2];
        t[0] = end & ~0xFF;
        t[1] = end; // clean shutdown and no hard error
        t[2] = 3; // 2 -> 3 -> 4 -> end
        t[3] = 4;
        t[4] = end;
        t[10] = 11; // 10 -> 11 -> 12 -> 10: a loop
        t[11] = 12;
        t[12] = 10;
        t[20] = CLUSTERS + 2; // beyond the last cluster
        t[21] = kind == FatKind.FAT16 ? 0xFFF7 : 0x0FFFFFF7; // a bad cluster ends its chain
        byte[] fat = fat(kind, t);
        FatTableCheck.Result r = FatTableCheck.check(bootSector(kind), fat);
        assertThat(FatTableCheck.freeClusters(bootSector(kind), fat)).isEqualTo(CLUSTERS - 8);
        assertThat(r.problems()).containsExactly("the cluster chain through cluster 10 loops back on itself",
                "cluster 20 points to cluster " + (CLUSTERS + 2) + ", outside the volume");
        assertThat(r.freeClusters()).isEqualTo(CLUSTERS - 8);
        assertThat(r.cleanShutdownBitCleared()).isFalse();
        assertThat(r.hardErrorBitCleared()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = FatKind.class, names = {"FAT16", "FAT32"})
    void aCleanTableHasNoProblems(FatKind kind) {
        int end = kind == FatKind.FAT16 ? 0xFFFF : 0x0FFFFFFF;
        int[] t = new int[CLUSTERS + 2];
        t[1] = end;
        for (int c = 2; c < CLUSTERS + 1; c++) {
            t[c] = c + 1; // one file over every cluster
        }
        t[CLUSTERS + 1] = end;
        FatTableCheck.Result r = FatTableCheck.check(bootSector(kind), fat(kind, t));
        assertThat(r.problems()).isEmpty();
        assertThat(r.freeClusters()).isZero();
    }

    private static byte[] fat(FatKind kind, int[] entries) {
        int width = kind == FatKind.FAT16 ? 2 : 4;
        ByteBuffer b = ByteBuffer.allocate(entries.length * width).order(ByteOrder.LITTLE_ENDIAN);
        for (int e : entries) {
            if (width == 2) {
                b.putShort((short) e);
            } else {
                b.putInt(e);
            }
        }
        return b.array();
    }

    private static FatBootSector bootSector(FatKind kind) {
        return new FatBootSector(512, 1, 32, 2, 0, 100_000, 100, 2, "resin-boot", 1, 0, kind, CLUSTERS, 1);
    }
}
