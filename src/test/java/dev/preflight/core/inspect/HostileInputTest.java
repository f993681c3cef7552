package dev.preflight.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.image.ByteSource;
import dev.preflight.core.image.Compression;
import dev.preflight.core.image.ImageOpener;
import dev.preflight.core.image.OpenedInput;
import dev.preflight.core.image.ReadBudget;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Severity;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import dev.preflight.support.Fixtures;
import dev.preflight.support.Hostile;
import dev.preflight.support.Inspect;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs built to stall, exhaust or fool the inspection, each as a reviewer reproduced it on the
 * code before the budgets: the inspection ends quickly with a true report or one clear error.
 * The timeouts are hang guards, generous for a 2-core machine; the bounds asserted are bytes.
 */
class HostileInputTest {
    static final long GB = 1_000_000_000L;

    @TempDir
    Path dir;

    private static InspectionReport inspect(Path p, boolean deep, ReadBudget budget) {
        return new InspectionService().inspect(p.toString(), new InspectOptions(deep, null, null, budget),
                ProgressListener.NONE, CancellationToken.none());
    }

    /** 4 KB of bzip2: one unlabelled partition at 5 GB, zeros up to it. Before: 1 min 49 s decompressing. */
    private Path farPartitionBz2() throws IOException {
        Path p = dir.resolve("far.img.bz2");
        Hostile.bz2Zeros(p, Hostile.mbr(0x83, 5 * GB, 64L << 20), 5 * GB + (64L << 20));
        assertThat(Files.size(p)).isLessThan(64 << 10);
        return p;
    }

    @Test
    void partitionOneFarInsideAStreamIsNotDecompressedByTheFallback() throws Exception {
        Path p = farPartitionBz2();
        ReadBudget budget = ReadBudget.quick();
        InspectionReport r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> inspect(p, false, budget));
        assertThat(Inspect.codes(r)).contains(FindingCode.PARTITIONS_NOT_READ, FindingCode.BOOT_PARTITION_NOT_FOUND);
        assertThat(r.partitionTable().partitions().get(0).filesystem()).isEqualTo("not-read");
        assertThat(r.boot()).isNull();
        assertThat(budget.used()).isLessThan(8L << 20);
    }

    @Test
    void deepReadsStopAtTheByteBudgetWithExitTwo() throws Exception {
        Path p = farPartitionBz2();
        ReadBudget small = ReadBudget.of("this test", 256L << 20, 600);
        assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(30), () -> inspect(p, true, small)))
                .isInstanceOfSatisfying(ReadBudget.Exceeded.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.UNREADABLE_INPUT);
                    assertThat(e.getMessage()).contains(p.toString()).contains("256 MiB");
                    assertThat(e.hint()).contains("preflight.budget.bytes").doesNotContain("--deep");
                });
        assertThat(small.used()).isBetween(256L << 20, (256L << 20) + (1L << 20));
    }

    @Test
    void theLimitsCanBeReplacedBySystemPropertiesAndAQuickOneSuggestsDeep() {
        Path gz = Fixtures.compressed("pi32", ImageSpec.raspberryPi().fat(32), Compression.GZIP, 0);
        System.setProperty("preflight.budget.bytes", "1m");
        try {
            assertThatThrownBy(() -> Inspect.run(gz)).isInstanceOfSatisfying(ReadBudget.Exceeded.class, e -> {
                assertThat(e.getMessage()).contains("more than 1 MiB").contains("a quick inspection");
                assertThat(e.hint()).contains("'inspect --deep' allows 256 GiB and 2 h. To raise the limits");
            });
        } finally {
            System.clearProperty("preflight.budget.bytes");
        }
        assertThat(Inspect.run(gz).verdict()).isNotNull();
    }

    @Test
    void deepReadsStopAtTheDeadlineWithExitTwo() throws Exception {
        Path p = farPartitionBz2();
        ReadBudget oneSecond = ReadBudget.of("this test", Long.MAX_VALUE, 1);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(30), () -> inspect(p, true, oneSecond)))
                .isInstanceOfSatisfying(ReadBudget.Exceeded.class,
                        e -> assertThat(e.getMessage()).contains("stopped after 1 s"));
        assertThat(System.nanoTime() - t0).isLessThan(20_000_000_000L);
    }

    @Test
    void gptEntryArrayFarInsideAStreamIsNotSought() throws Exception {
        byte[] head = new byte[1024];
        System.arraycopy(Hostile.mbr(0xEE, 512, 8 * GB), 0, head, 0, 512);
        byte[] h = new byte[92];
        h[0] = 'E'; h[1] = 'F'; h[2] = 'I'; h[3] = ' '; h[4] = 'P'; h[5] = 'A'; h[6] = 'R'; h[7] = 'T';
        LittleEndian.put32(h, 8, 0x00010000L);
        LittleEndian.put32(h, 12, 92);
        LittleEndian.put64(h, 24, 1);
        LittleEndian.put64(h, 32, 8 * GB / 512);
        LittleEndian.put64(h, 72, 5 * GB / 512); // the partition entry array, 5 GB in
        LittleEndian.put32(h, 80, 128);
        LittleEndian.put32(h, 84, 128);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(h);
        LittleEndian.put32(h, 16, crc.getValue());
        System.arraycopy(h, 0, head, 512, 92);
        Path p = dir.resolve("gpt-far.img.bz2");
        Hostile.bz2Zeros(p, head, 5 * GB + (1L << 20));
        ReadBudget budget = ReadBudget.quick();
        InspectionReport r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> inspect(p, false, budget));
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.PARTITION_TABLE_INVALID);
            assertThat(f.message()).contains("--deep");
        });
        assertThat(budget.used()).isLessThan(8L << 20);
    }

    /** A disk that counts the bytes read through it. */
    static final class Counting implements ByteSource {
        final ByteSource d;
        long bytes;

        Counting(ByteSource d) {
            this.d = d;
        }

        @Override
        public String name() {
            return d.name();
        }

        @Override
        public long size() {
            return d.size();
        }

        @Override
        public int read(long position, byte[] buf, int off, int len) throws IOException {
            int n = d.read(position, buf, off, len);
            bytes += Math.max(0, n);
            return n;
        }

        @Override
        public void close() throws IOException {
            d.close();
        }
    }

    @Test
    void crossLinkedBootFilesAreHashedWithinTheVolumeSize() throws Exception {
        byte[] big = new byte[64 << 20];
        new Random(7).nextBytes(big);
        ImageSpec spec = ImageSpec.raspberryPi().fat(32).sizesMiB(100, 16, 8, 16).bootFile("big.bin", big);
        Set<String> aliases = new LinkedHashSet<>();
        for (int i = 0; i < 300; i++) {
            String name = String.format("F%03d", i);
            spec.bootFile(name.toLowerCase() + ".bin", new byte[] {(byte) i});
            aliases.add(name + "~1  BIN"); // fat32-lib always writes numbered 8.3 aliases
        }
        Path img = Fixtures.copy("crosslinked", spec, dir);
        Hostile.crossLink(img, 4L << 20, "BIG~1   BIN", aliases);
        OpenedInput opened = ImageOpener.open(img.toString(), CancellationToken.none());
        Counting disk = new Counting(opened.bytes());
        InspectionReport r = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> new InspectionService().inspect(
                new OpenedInput(opened.path(), opened.kind(), opened.compression(), null, disk, null),
                InspectOptions.defaults(), ProgressListener.NONE, CancellationToken.none()));
        // before: 300 x 64 MiB = 18.8 GiB read and hashed; now the shared chain is read and hashed once
        assertThat(disk.bytes).isLessThan(200L << 20);
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.FAT_CROSS_LINKED);
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
        });
        assertThat(r.verdict().word()).isEqualTo("fail");
    }

    @Test
    void garbageExt4CountersAreAnInvalidSuperblockNeverNegativeNumbers() throws Exception {
        ImageSpec spec = ImageSpec.raspberryPi();
        Path img = Fixtures.copy("garbage-ext4", spec, dir);
        long data = Inspect.run(img).partitionTable().partitions().get(5).start();
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            byte[] sb = new byte[1024];
            f.seek(data + 1024);
            f.readFully(sb);
            LittleEndian.put32(sb, 0x60, LittleEndian.u32(sb, 0x60) | 0x80); // 64-bit: the high words count too
            LittleEndian.put32(sb, 0x150, 0x7FFFFFF0L);
            LittleEndian.put64(sb, 0x178, 0x8000000000000000L);
            f.seek(data + 1024);
            f.write(sb);
        }
        InspectionReport r = Inspect.run(img);
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.EXT4_SUPERBLOCK_INVALID);
            assertThat(f.location()).isEqualTo("partition 6");
        });
        assertThat(r.verdict().word()).isNotEqualTo("pass");
        JsonNode j = new ObjectMapper().readTree(ReportJson.write(r, "test"));
        for (JsonNode p : j.at("/partitionTable/partitions")) {
            for (String field : new String[] {"sizeBytes", "freeBytes", "lifetimeWritesKiB"}) {
                assertThat(p.path("ext4").path(field).asLong(0)).as(field).isNotNegative();
            }
        }
        assertThat(j.at("/partitionTable/partitions/5/ext4").isMissingNode()).isTrue();
        assertThat(j.toString()).doesNotContain("lifetimeWrites:resin-data");
    }

    @Test
    void gzipCutShortAt97PercentIsImageTruncated() throws Exception {
        // a 300 MiB image: the cut lies far beyond what a quick inspection decompresses
        Path whole = Fixtures.compressed("pi300", ImageSpec.raspberryPi().totalMiB(300), Compression.GZIP, 0);
        assertCutIsTruncated(whole, Hostile.cut(whole, dir.resolve("cut.img.gz"), 0.97));
    }

    @Test
    void bzip2ZstdAndXzCutShortAt97PercentAreImageTruncated() throws Exception {
        ImageSpec spec = ImageSpec.raspberryPi().fat(32); // as CompressedSourcesTest builds it
        for (Compression c : new Compression[] {Compression.BZIP2, Compression.ZSTD, Compression.XZ}) {
            Path whole = Fixtures.compressed("pi32", spec, c, 0);
            assertCutIsTruncated(whole, Hostile.cut(whole, dir.resolve("cut." + c.word()), 0.97));
        }
    }

    private static void assertCutIsTruncated(Path whole, Path cut) {
        InspectionReport r = Inspect.run(cut);
        assertThat(r.findings()).as(cut.toString()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.IMAGE_TRUNCATED);
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains(cut.toString()).contains("cut short");
        });
        assertThat(r.verdict().word()).isEqualTo("fail");
        assertThat(r.source().size()).isNull();
        assertThat(Inspect.codes(Inspect.run(whole))).doesNotContain(FindingCode.IMAGE_TRUNCATED);
    }

    @Test
    void aReadPastTheEndOfAStreamNeverSetsItsSize() throws Exception {
        // the raw image was cut inside resin-data (and lost its backup GPT) before it was compressed
        Path full = Fixtures.built("gpt-short", ImageSpec.raspberryPi().table(ImageSpec.Table.GPT));
        long keep = Files.size(full) - (4L << 20);
        Path raw = dir.resolve("short.img");
        try (var in = Files.newInputStream(full); var out = Files.newOutputStream(raw)) {
            in.transferTo(new java.io.FilterOutputStream(out) {
                long left = keep;

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    int n = (int) Math.min(len, left);
                    out.write(b, off, n);
                    left -= n;
                }
            });
        }
        assertThat(Files.size(raw)).isEqualTo(keep);
        Path gz = dir.resolve("short.img.gz");
        dev.preflight.core.demo.Compressors.compress(raw, gz, Compression.GZIP, 0);
        // --deep reads the backup GPT header where the table says the disk ends, past the stream's end
        InspectionReport deep = Inspect.run(gz.toString(), true);
        assertThat(deep.source().size()).isEqualTo(keep);
        assertThat(deep.findings()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.PARTITION_OUT_OF_RANGE);
            assertThat(f.location()).isEqualTo("partition 5");
        });
        assertThat(Inspect.codes(deep)).doesNotContain(FindingCode.IMAGE_TRUNCATED);
        // zstd as its command-line tool writes it records each frame's content size: known without decompressing
        Path zst = dir.resolve("short.img.zst");
        try (var in = Files.newInputStream(raw); var out = Files.newOutputStream(zst)) {
            byte[] chunk;
            while ((chunk = in.readNBytes(1 << 20)).length > 0) {
                out.write(com.github.luben.zstd.Zstd.compress(chunk, 3));
            }
        }
        InspectionReport quick = Inspect.run(zst);
        assertThat(quick.source().size()).isEqualTo(keep);
        assertThat(quick.findings()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.PARTITION_OUT_OF_RANGE);
            assertThat(f.location()).isEqualTo("partition 5");
        });
    }

    @Test
    void jsonInNoUnicodeEncodingIsASyntaxFindingNotAFailingCard() {
        // three NULs make Jackson read UTF-32, whose next "character" is above U+10FFFF (found by ContainerFuzzTest)
        Path img = Fixtures.built("utf32-config", ImageSpec.raspberryPi().configJson("\0\0\0{\"deviceType\": 1}")
                .bootFileAfterFingerprint("device-type.json", new byte[] {0, 0, 0, '{', '"', 's', 'l', 'u', 'g'}));
        InspectionReport r = Inspect.run(img);
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.CONFIG_JSON_SYNTAX);
            assertThat(f.message()).contains("not text in a JSON encoding");
        });
        assertThat(r.os()).isNotNull(); // the device type then comes from os-release
    }
}
