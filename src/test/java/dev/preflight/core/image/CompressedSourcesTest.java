package dev.preflight.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.support.Fixtures;
import dev.preflight.support.Inspect;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every container gives the same answer as the raw image, without a temporary copy. */
class CompressedSourcesTest {
    static final ImageSpec SPEC = ImageSpec.raspberryPi().fat(32);

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "XZ", "BZIP2", "ZSTD", "ZIP"})
    void compressedReportEqualsRawReport(Compression c) {
        InspectionReport raw = Inspect.run(Fixtures.built("pi32", SPEC));
        InspectionReport packed = Inspect.run(Fixtures.compressed("pi32", SPEC, c, 0));
        assertThat(packed.source().kind()).isEqualTo("compressed-image");
        assertThat(packed.source().compression()).isEqualTo(c.word());
        assertThat(packed.partitionTable().partitions()).extracting(p -> p.start() + "/" + p.size() + "/" + p.typeId())
                .isEqualTo(raw.partitionTable().partitions().stream().map(p -> p.start() + "/" + p.size() + "/"
                        + p.typeId()).toList());
        assertThat(packed.boot()).isEqualTo(raw.boot());
        assertThat(packed.os()).isEqualTo(raw.os());
        assertThat(packed.config()).isEqualTo(raw.config());
        assertThat(packed.verdict()).isEqualTo(raw.verdict());
    }

    @Test
    void multiBlockXzSeeksAndReadsEveryPartition() {
        Path xz = Fixtures.compressed("pi32", SPEC, Compression.XZ, 4L << 20);
        InspectionReport r = Inspect.run(xz);
        assertThat(r.source().size()).isEqualTo(Fixtures.built("pi32", SPEC).toFile().length());
        assertThat(r.partitionTable().partitions()).filteredOn(p -> "ext4".equals(p.filesystem())).hasSize(4);
        assertThat(Inspect.codes(r)).doesNotContain(FindingCode.PARTITIONS_NOT_READ);
    }

    @Test
    void streamedGzipLeavesFarPartitionsUnlessDeep() throws Exception {
        // a layout whose state/data partitions start beyond the streaming probe limit
        ImageSpec big = ImageSpec.raspberryPi().fat(32).sizesMiB(40, 64, 8, 16);
        Path gz = Fixtures.compressed("pi-big", big, Compression.GZIP, 0);
        InspectionReport quick = Inspect.run(gz);
        assertThat(Inspect.codes(quick)).contains(FindingCode.PARTITIONS_NOT_READ);
        // the EBR of the extended partition lies beyond the limit: logical partitions are not listed
        assertThat(quick.partitionTable().partitions()).extracting(p -> p.number()).containsExactly(1, 2, 3, 4);
        ImageSpec far = ImageSpec.raspberryPi().fat(32).sizesMiB(40, 100, 8, 16);
        InspectionReport farRoot = Inspect.run(Fixtures.compressed("pi-far", far, Compression.GZIP, 0));
        assertThat(farRoot.partitionTable().partitions().get(2).filesystem()).isEqualTo("not-read");
        InspectionReport deep = Inspect.run(gz.toString(), true);
        assertThat(Inspect.codes(deep)).doesNotContain(FindingCode.PARTITIONS_NOT_READ);
        assertThat(deep.partitionTable().partitions()).hasSize(6)
                .filteredOn(p -> "ext4".equals(p.filesystem())).hasSize(4);
    }

    @Test
    void backwardReadsRestartTheStreamAndReturnTheSameBytes() throws Exception {
        Path raw = Fixtures.built("pi32", SPEC);
        byte[] expected = Files.readAllBytes(raw);
        try (OpenedInput in = ImageOpener.open(Fixtures.compressed("pi32", SPEC, Compression.GZIP, 0).toString(),
                CancellationToken.none())) {
            ByteSource s = in.bytes();
            long[] positions = {50L << 20, 4L << 20, 0, 90L << 20, 1024, (50L << 20) + 77};
            for (long pos : positions) {
                byte[] got = s.readFully(pos, 5000);
                assertThat(got).isEqualTo(Arrays.copyOfRange(expected, (int) pos, (int) pos + 5000));
            }
            assertThat(s.read(expected.length, new byte[10], 0, 10)).isEqualTo(-1);
            assertThat(s.size()).isEqualTo(expected.length);
        }
    }

    @Test
    void corruptGzipIsUnreadableInput(@TempDir Path dir) throws Exception {
        byte[] gz = Files.readAllBytes(Fixtures.compressed("pi32", SPEC, Compression.GZIP, 0));
        byte[] bad = gz.clone();
        bad[10] = 0x07; // first deflate block: BFINAL=1, BTYPE=11 (reserved, RFC 1951 §3.2.3)
        Path p = dir.resolve("bad.img.gz");
        Files.write(p, bad);
        assertThatThrownBy(() -> Inspect.run(p)).isInstanceOfSatisfying(PreflightException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(ErrorCode.UNREADABLE_INPUT);
            assertThat(e.getMessage()).contains("bad.img.gz").contains("corrupt");
        });
    }

    @Test
    void truncatedGzipIsAnImageTruncatedFinding(@TempDir Path dir) throws Exception {
        byte[] gz = Files.readAllBytes(Fixtures.compressed("pi32", SPEC, Compression.GZIP, 0));
        Path p = dir.resolve("cut.img.gz");
        Files.write(p, Arrays.copyOf(gz, gz.length / 3));
        InspectionReport r = Inspect.run(p);
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.IMAGE_TRUNCATED);
            assertThat(f.message()).contains("cut.img.gz").contains("cut short");
        });
        assertThat(r.verdict().word()).isEqualTo("fail");
    }

    @Test
    void truncatedXzIsAnImageTruncatedFinding(@TempDir Path dir) throws Exception {
        byte[] xz = Files.readAllBytes(Fixtures.compressed("pi32", SPEC, Compression.XZ, 0));
        Path p = dir.resolve("cut.img.xz");
        Files.write(p, Arrays.copyOf(xz, xz.length - 100));
        InspectionReport r = Inspect.run(p);
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.IMAGE_TRUNCATED);
            assertThat(f.message()).contains("cut.img.xz");
        });
    }

    @Test
    void zipWithoutAnImageOrWithSeveralIsRefusedByName(@TempDir Path dir) throws Exception {
        Path none = dir.resolve("none.zip");
        zip(none, "README.txt", "notes.txt");
        assertThatThrownBy(() -> Inspect.run(none)).isInstanceOfSatisfying(PreflightException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(ErrorCode.UNREADABLE_INPUT);
            assertThat(e.getMessage()).contains("holds no disk image");
        });
        Path two = dir.resolve("two.zip");
        zip(two, "a.img", "b.img");
        assertThatThrownBy(() -> Inspect.run(two)).isInstanceOfSatisfying(PreflightException.class,
                e -> assertThat(e.getMessage()).contains("holds 2 disk images").contains("a.img").contains("b.img"));
    }

    private static void zip(Path p, String... names) throws Exception {
        try (OutputStream o = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(o)) {
            for (String n : names) {
                z.putNextEntry(new ZipEntry(n));
                z.write(new byte[1024]);
                z.closeEntry();
            }
        }
    }
}
