package dev.preflight.core.partition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.demo.BalenaImageBuilder;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.image.ByteSource;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.support.Fixtures;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * 2 x 10,000 mutated MBR/EBR and GPT tables: the reader returns a table or null with findings,
 * never throws, never loops, and every partition it returns is inside the disk or flagged.
 */
class PartitionTableFuzzTest {
    record Mutation(int sector, int offset, int value) {
    }

    /** The table sectors of a real built image; everything else reads as zeros. */
    static final class SparseDisk implements ByteSource {
        final TreeMap<Long, byte[]> sectors = new TreeMap<>();
        final long size;

        SparseDisk(long size) {
            this.size = size;
        }

        @Override
        public String name() {
            return "fuzz.img";
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public int read(long position, byte[] buf, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                long p = position + i;
                byte[] s = sectors.get(p / 512 * 512);
                buf[off + i] = s == null ? 0 : s[(int) (p % 512)];
            }
            return n;
        }

        @Override
        public void close() {
        }

        SparseDisk mutated(List<Mutation> ms) {
            SparseDisk d = new SparseDisk(size);
            List<Long> keys = new ArrayList<>(sectors.keySet());
            sectors.forEach((k, v) -> d.sectors.put(k, v.clone()));
            for (Mutation m : ms) {
                byte[] s = d.sectors.get(keys.get(m.sector() % keys.size()));
                s[m.offset()] = (byte) m.value();
            }
            return d;
        }
    }

    static SparseDisk mbr;
    static SparseDisk gpt;

    @BeforeContainer
    static void load() throws IOException {
        ImageSpec m = ImageSpec.raspberryPi();
        ImageSpec g = ImageSpec.raspberryPi().table(ImageSpec.Table.GPT);
        Path mp = Fixtures.built("fuzz-mbr", m);
        Path gp = Fixtures.built("fuzz-gpt", g);
        mbr = sparse(mp, new long[] {0, 76L << 11, 88L << 11});
        long gs = gp.toFile().length() / 512;
        long[] gsec = new long[68];
        for (int i = 0; i < 34; i++) {
            gsec[i] = i;
            gsec[34 + i] = gs - 34 + i;
        }
        gpt = sparse(gp, gsec);
        assertThat(BalenaImageBuilder.class).isNotNull();
    }

    static SparseDisk sparse(Path p, long[] lbas) throws IOException {
        SparseDisk d = new SparseDisk(p.toFile().length());
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
            for (long lba : lbas) {
                byte[] s = new byte[512];
                f.seek(lba * 512);
                f.readFully(s);
                d.sectors.put(lba * 512, s);
            }
        }
        return d;
    }

    @Provide
    Arbitrary<List<Mutation>> mbrMutations() {
        Arbitrary<Mutation> m = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.oneOf(Arbitraries.integers().between(440, 511), Arbitraries.integers().between(0, 511)),
                Arbitraries.integers().between(0, 255)).as(Mutation::new);
        return m.list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<Mutation>> gptMutations() {
        Arbitrary<Mutation> m = Combinators.combine(Arbitraries.oneOf(Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 67)),
                Arbitraries.oneOf(Arbitraries.integers().between(0, 95), Arbitraries.integers().between(0, 511)),
                Arbitraries.integers().between(0, 255)).as(Mutation::new);
        return m.list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 10_000, seed = "20261125")
    void mutatedMbrTables(@ForAll("mbrMutations") List<Mutation> ms) throws IOException {
        check(mbr.mutated(ms));
    }

    @Property(tries = 10_000, seed = "20261125")
    void mutatedGptTables(@ForAll("gptMutations") List<Mutation> ms) throws IOException {
        check(gpt.mutated(ms));
    }

    private static void check(SparseDisk disk) throws IOException {
        List<Finding> findings = new ArrayList<>();
        PartitionTable t = new PartitionTableReader(disk, findings, true).read();
        if (t == null) {
            assertThat(findings).extracting(Finding::code).contains(FindingCode.PARTITION_TABLE_INVALID);
            return;
        }
        assertThat(t.partitions().size()).isLessThanOrEqualTo(4 + PartitionTableReader.MAX_LOGICAL + 8192);
        for (Partition p : t.partitions()) {
            assertThat(p.size()).isNotNegative();
            assertThat(p.start()).isNotNegative();
            boolean inside = p.end() <= disk.size() && p.start() < disk.size();
            if (!inside) {
                assertThat(findings).anySatisfy(f -> {
                    assertThat(f.code()).isEqualTo(FindingCode.PARTITION_OUT_OF_RANGE);
                    assertThat(f.location()).isEqualTo("partition " + p.number());
                });
            }
        }
    }
}
