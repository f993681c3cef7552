package dev.preflight.core.partition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.demo.BalenaImageBuilder;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.image.ByteSource;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.support.Fixtures;
import dev.preflight.support.HangGuard;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
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
 * 10,000 each of mutated MBR/EBR and GPT tables, the same read as a compressed stream that cannot
 * seek, and generated chains of extended boot records: the reader returns a table or null with
 * findings within its hang guard, never throws, never loops, every partition it returns is inside
 * the disk or flagged, and from a stream it never reads beyond the streaming limit (a GPT entry
 * array or backup header placed far in would otherwise decompress gigabytes).
 */
class PartitionTableFuzzTest {
    record Mutation(int sector, int offset, int value) {
    }

    /** The table sectors of a real built image; everything else reads as zeros. */
    static final class SparseDisk implements ByteSource {
        final TreeMap<Long, byte[]> sectors = new TreeMap<>();
        final long size;
        /** Whether to act as a stream that cannot seek and whose size is not known yet. */
        boolean stream;
        long furthest;

        SparseDisk(long size) {
            this.size = size;
        }

        @Override
        public boolean randomAccess() {
            return !stream;
        }

        @Override
        public String name() {
            return "fuzz.img";
        }

        @Override
        public long size() {
            return stream ? -1 : size;
        }

        @Override
        public int read(long position, byte[] buf, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            furthest = Math.max(furthest, position + n);
            for (int done = 0; done < n; ) {
                long p = position + done;
                int within = (int) (p % 512);
                int k = Math.min(n - done, 512 - within);
                byte[] s = sectors.get(p - within);
                if (s == null) {
                    java.util.Arrays.fill(buf, off + done, off + done + k, (byte) 0);
                } else {
                    System.arraycopy(s, within, buf, off + done, k);
                }
                done += k;
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
    void mutatedMbrTables(@ForAll("mbrMutations") List<Mutation> ms) {
        check(mbr.mutated(ms));
    }

    @Property(tries = 10_000, seed = "20261125")
    void mutatedGptTables(@ForAll("gptMutations") List<Mutation> ms) {
        check(gpt.mutated(ms));
    }

    /** The same tables read from a stream: nothing beyond the limit is read, whatever the LBAs say. */
    @Property(tries = 10_000, seed = "20261202")
    void mutatedTablesFromAStreamStayWithinTheLimit(@ForAll("gptMutations") List<Mutation> ms,
                                                    @ForAll boolean useGpt) {
        SparseDisk disk = (useGpt ? gpt : mbr).mutated(ms);
        disk.stream = true;
        long limit = 8L << 20;
        List<Finding> findings = new ArrayList<>();
        HangGuard.run(Duration.ofSeconds(20), () -> new PartitionTableReader(disk, findings, false, limit).read());
        assertThat(disk.furthest).isLessThanOrEqualTo(limit + 512);
    }

    /** A chain of up to 300 extended boot records whose links point anywhere: inside, outside, back, far. */
    @Provide
    Arbitrary<List<Long>> chains() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 300), Arbitraries.longs().between(-3, 3),
                Arbitraries.longs().between(0, 0xFFFFFFFFL)).list().ofMinSize(1).ofMaxSize(300);
    }

    @Property(tries = 10_000, seed = "20261202")
    void generatedExtendedChains(@ForAll("chains") List<Long> links, @ForAll boolean asStream) {
        long extStart = 2048;
        long extSectors = 1024;
        SparseDisk disk = new SparseDisk((extStart + extSectors + 2048) * 512);
        byte[] m = new byte[512];
        entry(m, 0, 0x0c, 64, 64);
        entry(m, 3, 0x0f, extStart, extSectors);
        LittleEndian.put16(m, 510, 0xAA55);
        disk.sectors.put(0L, m);
        for (int i = 0; i < links.size(); i++) {
            byte[] e = new byte[512];
            entry(e, 0, 0x83, 1, 1 + (links.get(i) & 3));
            long next = links.get(i) >= 0 && links.get(i) <= 300 ? links.get(i) : links.get(i) & 0xFFFFFFFFL;
            if (i < links.size() - 1 || links.get(i) % 2 == 0) {
                entry(e, 1, 0x05, next, 2);
            }
            LittleEndian.put16(e, 510, 0xAA55);
            disk.sectors.put((extStart + i) * 512, e);
        }
        disk.stream = asStream;
        check(disk);
    }

    private static void entry(byte[] s, int slot, int type, long lba, long count) {
        int e = 446 + slot * 16;
        s[e + 4] = (byte) type;
        LittleEndian.put32(s, e + 8, lba);
        LittleEndian.put32(s, e + 12, count);
    }

    private static void check(SparseDisk disk) {
        List<Finding> findings = new ArrayList<>();
        PartitionTable t = HangGuard.run(Duration.ofSeconds(20),
                () -> new PartitionTableReader(disk, findings, !disk.stream).read());
        if (t == null) {
            assertThat(findings).extracting(Finding::code).contains(FindingCode.PARTITION_TABLE_INVALID);
            return;
        }
        assertThat(t.partitions().size()).isLessThanOrEqualTo(4 + PartitionTableReader.MAX_LOGICAL + 8192);
        for (Partition p : t.partitions()) {
            assertThat(p.size()).isNotNegative();
            assertThat(p.start()).isNotNegative();
            boolean inside = p.end() <= disk.size && p.start() < disk.size;
            if (!inside && !disk.stream) {
                assertThat(findings).anySatisfy(f -> {
                    assertThat(f.code()).isEqualTo(FindingCode.PARTITION_OUT_OF_RANGE);
                    assertThat(f.location()).isEqualTo("partition " + p.number());
                });
            }
        }
    }
}
