package dev.preflight.core.fat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.support.ByteArraySource;
import dev.preflight.support.Fixtures;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * 2 x 10,000 mutated FAT16 and FAT32 boot partitions (boot sector, FAT and root directory bytes):
 * opening either works and every listed file reads back or fails with IOException, or a
 * FatFormatException explains why. Never another exception, never a hang.
 */
class FatBootSectorFuzzTest {
    record Mutation(int region, int offset, int value) {
    }

    static byte[] fat16;
    static byte[] fat32;
    static int[] regions16;
    static int[] regions32;

    @BeforeContainer
    static void load() throws IOException {
        fat16 = partition(Fixtures.built("fuzz-fat16", ImageSpec.raspberryPi().fat(16)));
        fat32 = partition(Fixtures.built("fuzz-fat32", ImageSpec.raspberryPi().fat(32)));
        regions16 = regions(fat16);
        regions32 = regions(fat32);
    }

    static byte[] partition(Path img) throws IOException {
        byte[] p = new byte[40 << 20];
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "r")) {
            f.seek(4L << 20);
            f.readFully(p);
        }
        return p;
    }

    /** Start of: boot sector, first FAT, first data/root area. */
    static int[] regions(byte[] p) {
        int bps = LittleEndian.u16(p, 11);
        int reserved = LittleEndian.u16(p, 14);
        long fatSize = LittleEndian.u16(p, 22) != 0 ? LittleEndian.u16(p, 22) : LittleEndian.u32(p, 36);
        int fatStart = reserved * bps;
        int rootStart = (int) (fatStart + p[16] * fatSize * bps);
        return new int[] {0, fatStart, rootStart};
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> m = Combinators.combine(
                Arbitraries.integers().between(0, 9).map(r -> r < 6 ? 0 : r < 8 ? 1 : 2),
                Arbitraries.integers().between(0, 511), Arbitraries.integers().between(0, 255)).as(Mutation::new);
        return m.list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 10_000, seed = "20261125")
    void mutatedFat16(@ForAll("mutations") List<Mutation> ms) {
        check(fat16, regions16, ms);
    }

    @Property(tries = 10_000, seed = "20261125")
    void mutatedFat32(@ForAll("mutations") List<Mutation> ms) {
        check(fat32, regions32, ms);
    }

    private static void check(byte[] base, int[] regions, List<Mutation> ms) {
        byte[][] saved = new byte[ms.size()][];
        int[] at = new int[ms.size()];
        for (int i = 0; i < ms.size(); i++) {
            Mutation m = ms.get(i);
            at[i] = regions[m.region()] + m.offset();
            saved[i] = new byte[] {base[at[i]]};
        }
        try {
            for (int i = 0; i < ms.size(); i++) {
                base[at[i]] = (byte) ms.get(i).value();
            }
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> open(base));
        } finally {
            for (int i = ms.size() - 1; i >= 0; i--) {
                base[at[i]] = saved[i][0];
            }
        }
    }

    private static void open(byte[] partition) throws IOException {
        ByteArraySource disk = new ByteArraySource("fuzz", partition);
        FatVolume v;
        try {
            v = FatVolume.open(disk, 0, partition.length);
        } catch (FatFormatException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(v.files().size()).isLessThanOrEqualTo(FatVolume.MAX_ENTRIES);
        for (BootFileSystem.BootFile f : v.files()) {
            try {
                byte[] b = v.read(f.path(), 1 << 20);
                assertThat(b == null || b.length <= 1 << 20).isTrue();
            } catch (IOException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }
}
