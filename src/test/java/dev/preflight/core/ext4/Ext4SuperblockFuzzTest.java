package dev.preflight.core.ext4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.report.Finding;
import dev.preflight.core.wear.WearAnalyzer;
import dev.preflight.core.wear.WearReport;
import dev.preflight.core.wear.WearThresholds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * 10,000 mutated ext4 superblocks (the fields Preflight reads, and any byte): a superblock is
 * either refused with a reason or every value it reports is possible, and the wear analysis built
 * on it never shows a negative or absurd number.
 */
class Ext4SuperblockFuzzTest {
    static final long PARTITION = 1L << 30;
    /** Offsets of the fields read (ext4 super.rst) and their widths in bytes. */
    static final int[][] FIELDS = {{0x00, 4}, {0x04, 4}, {0x0C, 4}, {0x10, 4}, {0x18, 4}, {0x2C, 4}, {0x30, 4},
        {0x34, 2}, {0x36, 2}, {0x3A, 2}, {0x5C, 4}, {0x60, 4}, {0x150, 4}, {0x158, 4}, {0x178, 8}, {0x194, 4},
        {0x198, 4}, {0x1CC, 4}, {0x274, 1}, {0x275, 1}, {0x278, 1}, {0x279, 1}};

    /** Sets field {@code field} to {@code value}, or (field == FIELDS.length) one byte anywhere. */
    record Mutation(int field, long value, int anyOffset, int anyValue) {
    }

    /** A clean superblock of a 512 MiB file system with the fields mke2fs writes that Preflight reads. */
    static byte[] clean() {
        byte[] s = new byte[1024];
        LittleEndian.put32(s, 0x00, 32768);
        LittleEndian.put32(s, 0x04, 131072);
        LittleEndian.put32(s, 0x0C, 100000);
        LittleEndian.put32(s, 0x10, 32000);
        LittleEndian.put32(s, 0x18, 2);
        LittleEndian.put32(s, 0x2C, 1772000000L);
        LittleEndian.put32(s, 0x30, 1772000000L);
        LittleEndian.put16(s, 0x34, 7);
        LittleEndian.put16(s, 0x36, 0xFFFF);
        LittleEndian.put16(s, 0x38, 0xEF53);
        LittleEndian.put16(s, 0x3A, 1);
        LittleEndian.put32(s, 0x60, 0x2 | 0x40 | 0x80);
        LittleEndian.put64(s, 0x178, 3_500_000);
        System.arraycopy("resin-data".getBytes(StandardCharsets.US_ASCII), 0, s, 0x78, 10);
        return s;
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Long> values = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(0, 1L << 33),
                Arbitraries.of(0L, 1L, -1L, 0xFFFFFFFFL, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 44, (1L << 44) + 1));
        Arbitrary<Mutation> m = Combinators.combine(Arbitraries.integers().between(0, FIELDS.length), values,
                Arbitraries.integers().between(0, 1023), Arbitraries.integers().between(0, 255)).as(Mutation::new);
        return m.list().ofMinSize(1).ofMaxSize(5);
    }

    @Property(tries = 10_000, seed = "20261202")
    void mutatedSuperblocks(@ForAll("mutations") List<Mutation> ms) {
        byte[] s = clean();
        for (Mutation m : ms) {
            if (m.field() == FIELDS.length) {
                s[m.anyOffset()] = (byte) m.anyValue();
                continue;
            }
            int[] f = FIELDS[m.field()];
            for (int i = 0; i < f[1]; i++) {
                s[f[0] + i] = (byte) (m.value() >>> (8 * i));
            }
        }
        Ext4Superblock.Parsed p = Ext4Superblock.check(s, PARTITION);
        Ext4Superblock sb = p.superblock();
        if (sb == null) {
            assertThat(p.problem() == null).isEqualTo(LittleEndian.u16(s, 0x38) != Ext4Superblock.MAGIC);
            return;
        }
        assertThat(sb.sizeBytes()).isPositive().isLessThanOrEqualTo(PARTITION);
        assertThat(sb.freeBytes()).isNotNegative().isLessThanOrEqualTo(sb.sizeBytes());
        assertThat(sb.freeInodes()).isLessThanOrEqualTo(sb.inodesCount());
        assertThat(sb.kbytesWritten()).isBetween(0L, Ext4Superblock.MAX_KBYTES_WRITTEN);
        for (Instant t : new Instant[] {sb.lastMount(), sb.lastWrite(), sb.firstErrorTime(), sb.lastErrorTime()}) {
            assertThat(t == null || t.isBefore(Ext4Superblock.LATEST)).isTrue();
        }
        List<Finding> findings = new ArrayList<>();
        WearReport r = new WearAnalyzer(WearThresholds.DEFAULTS, Path.of("/nonexistent"),
                Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), ZoneOffset.UTC))
                .analyse(null, PARTITION, List.of(new WearAnalyzer.Fs(6, "resin-data", sb)), findings);
        for (WearReport.Signal signal : r.signals()) {
            assertThat(signal.value()).doesNotStartWith("-").doesNotContain("Infinity").doesNotContain("NaN");
        }
        for (Finding f : findings) {
            assertThat(f.message()).doesNotContain(" -").doesNotContain("Infinity");
        }
    }
}
