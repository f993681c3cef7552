package dev.preflight.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import de.waldheinz.fs.FsDirectoryEntry;
import de.waldheinz.fs.fat.FatFileSystem;
import de.waldheinz.fs.fat.FatType;
import de.waldheinz.fs.fat.SuperFloppyFormatter;
import de.waldheinz.fs.util.RamDisk;
import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.demo.Compressors;
import dev.preflight.core.inspect.InspectOptions;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.inspect.InspectionService;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import dev.preflight.support.HangGuard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * 5 x 10,000 mutated real archives (gzip, xz, bzip2, zstd, zip) of a small balenaOS-shaped disk:
 * each inspection ends within its hang guard ({@link HangGuard}, 20 s a case) with a report or a PreflightException saying the
 * input is unreadable (exit 2), never another exception, never an OutOfMemoryError, never a
 * negative size. Mutations hit the container's header and trailer more often than its middle, and
 * some cut the file short or append junk.
 */
class ContainerFuzzTest {
    /**
     * What happens to the archive: bytes changed, then cut to {@code cutPermille}/1000 of its length
     * when that is below 1000 (a quarter of the cases), and {@code junk} x 7 bytes appended.
     */
    record Mutation(List<int[]> bytes, int cutPermille, int junk) {
    }

    static final Map<Compression, byte[]> ARCHIVES = new EnumMap<>(Compression.class);
    static Path work;

    @BeforeContainer
    static void build() throws IOException {
        work = HangGuard.scratchDir("container-fuzz");
        Path raw = work.resolve("tiny.img");
        Files.write(raw, tinyDisk());
        for (Compression c : new Compression[] {Compression.GZIP, Compression.ZSTD, Compression.ZIP}) {
            Path out = work.resolve("tiny." + c.word());
            Compressors.compress(raw, out, c, 0);
            ARCHIVES.put(c, Files.readAllBytes(out));
        }
        // bzip2 -1 and xz with its smallest dictionary: a decoder allocates its whole dictionary or block
        // tables (3.6 MB for bzip2 -9, 1 MiB for xz -1) for every case, which would be most of its time
        byte[] disk = Files.readAllBytes(raw);
        ARCHIVES.put(Compression.BZIP2, compressed(disk, o -> new BZip2CompressorOutputStream(o, 1)));
        LZMA2Options small = new LZMA2Options(0);
        small.setDictSize(LZMA2Options.DICT_SIZE_MIN);
        ARCHIVES.put(Compression.XZ, compressed(disk, o -> new XZOutputStream(o, small)));
    }

    /** A compressing stream around {@code out}. */
    interface Compressor {
        OutputStream around(OutputStream out) throws IOException;
    }

    static byte[] compressed(byte[] data, Compressor compressor) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream z = compressor.around(b)) {
            z.write(data);
        }
        return b.toByteArray();
    }

    @AfterContainer
    static void clean() throws IOException {
        try (var files = Files.list(work)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(work);
    }

    /** 24 KiB: an MBR, a 16 KiB FAT12 "resin-boot" holding device-type.json, and an ext4 superblock. */
    static byte[] tinyDisk() throws IOException {
        byte[] disk = new byte[24 << 10];
        RamDisk ram = new RamDisk(16 << 10);
        FatFileSystem fs = SuperFloppyFormatter.get(ram).setFatType(FatType.FAT12).setVolumeLabel("resin-boot").format();
        FsDirectoryEntry e = fs.getRoot().addFile("device-type.json");
        byte[] dt = "{\"slug\":\"raspberrypi4-64\"}".getBytes(StandardCharsets.UTF_8);
        e.getFile().setLength(dt.length);
        e.getFile().write(0, ByteBuffer.wrap(dt));
        fs.close();
        ram.read(0, ByteBuffer.wrap(disk, 4 << 10, 16 << 10));
        entry(disk, 0, 0x01, 8, 32);
        entry(disk, 1, 0x83, 40, 8);
        LittleEndian.put16(disk, 510, 0xAA55);
        int sb = (20 << 10) + 1024;
        LittleEndian.put32(disk, sb + 0x04, 4);
        LittleEndian.put16(disk, sb + 0x38, 0xEF53);
        LittleEndian.put16(disk, sb + 0x3A, 1);
        disk[sb + 0x78] = 'r';
        return disk;
    }

    private static void entry(byte[] d, int slot, int type, long lba, long count) {
        int e = 446 + slot * 16;
        d[e + 4] = (byte) type;
        LittleEndian.put32(d, e + 8, lba);
        LittleEndian.put32(d, e + 12, count);
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<int[]> where = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 63).map(i -> new int[] {i, 0}),        // header
                Arbitraries.integers().between(1, 64).map(i -> new int[] {-i, 0}),       // trailer
                Arbitraries.integers().between(0, 1 << 20).map(i -> new int[] {i, 0}));  // anywhere
        Arbitrary<int[]> change = Combinators.combine(where, Arbitraries.integers().between(0, 255))
                .as((w, v) -> new int[] {w[0], v});
        return Combinators.combine(change.list().ofMinSize(0).ofMaxSize(6),
                Arbitraries.integers().between(0, 4000), Arbitraries.integers().between(0, 2))
                .as(Mutation::new);
    }

    @Property(tries = 10_000, seed = "20261202")
    void mutatedGzip(@ForAll("mutations") Mutation m) throws IOException {
        check(Compression.GZIP, m);
    }

    @Property(tries = 10_000, seed = "20261202")
    void mutatedXz(@ForAll("mutations") Mutation m) throws IOException {
        check(Compression.XZ, m);
    }

    @Property(tries = 10_000, seed = "20261202")
    void mutatedBzip2(@ForAll("mutations") Mutation m) throws IOException {
        check(Compression.BZIP2, m);
    }

    @Property(tries = 10_000, seed = "20261202")
    void mutatedZstd(@ForAll("mutations") Mutation m) throws IOException {
        check(Compression.ZSTD, m);
    }

    @Property(tries = 10_000, seed = "20261202")
    void mutatedZip(@ForAll("mutations") Mutation m) throws IOException {
        check(Compression.ZIP, m);
    }

    static byte[] apply(byte[] base, Mutation m) {
        byte[] b = base.clone();
        for (int[] c : m.bytes()) {
            int at = c[0] >= 0 ? c[0] % b.length : b.length + Math.max(c[0], -b.length);
            b[at] = (byte) c[1];
        }
        if (m.cutPermille() < 1000) {
            b = java.util.Arrays.copyOf(b, Math.max(1, (int) ((long) b.length * m.cutPermille() / 1000)));
        }
        if (m.junk() > 0) {
            b = java.util.Arrays.copyOf(b, b.length + m.junk() * 7);
            b[b.length - 1] = (byte) 0x5A;
        }
        return b;
    }

    private static void check(Compression c, Mutation m) throws IOException {
        Path p = work.resolve("case." + c.word());
        Files.write(p, apply(ARCHIVES.get(c), m));
        ReadBudget budget = ReadBudget.of("the fuzz test", 256L << 20, 10);
        try {
            InspectionReport r = HangGuard.run(Duration.ofSeconds(20), () -> new InspectionService()
                    .inspect(p.toString(), new InspectOptions(false, null, null, budget), ProgressListener.NONE,
                            CancellationToken.none()));
            assertThat(r.source().size() == null || r.source().size() >= 0).isTrue();
            if (r.partitionTable() != null) {
                r.partitionTable().partitions().forEach(x -> {
                    assertThat(x.size()).isNotNegative();
                    if (x.ext4() != null) {
                        assertThat(x.ext4().sizeBytes()).isNotNegative();
                        assertThat(x.ext4().kbytesWritten()).isNotNegative();
                    }
                });
            }
        } catch (PreflightException e) {
            assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(ErrorCode.UNREADABLE_INPUT);
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
        }
    }
}
