package dev.preflight.core.inspect;

import static dev.preflight.support.Fixtures.BOOT_START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.image.ByteSource;
import dev.preflight.core.image.Compression;
import dev.preflight.core.image.OpenedInput;
import dev.preflight.core.image.SourceKind;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import dev.preflight.support.ByteArraySource;
import dev.preflight.support.Fixtures;
import dev.preflight.support.Inspect;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and broken inputs end in findings or one clear error naming the input; never a crash. */
class BadInputTest {
    static final ImageSpec SPEC = ImageSpec.raspberryPi().fat(16);

    @TempDir
    Path dir;

    private static PreflightException failure(Path p) {
        try {
            Inspect.run(p);
        } catch (PreflightException e) {
            assertThat(e.getMessage()).contains(p.toString());
            assertThat(e.getMessage().lines().count()).isEqualTo(1);
            assertThat(e.hint()).isNotBlank();
            return e;
        }
        throw new AssertionError("expected a PreflightException for " + p);
    }

    @Test
    void missingFile() {
        assertThat(failure(dir.resolve("nope.img")).errorCode()).isEqualTo(ErrorCode.UNREADABLE_INPUT);
    }

    @Test
    void zeroLengthFile() throws Exception {
        Path p = Files.createFile(dir.resolve("empty.img"));
        PreflightException e = failure(p);
        assertThat(e.errorCode()).isEqualTo(ErrorCode.UNREADABLE_INPUT);
        assertThat(e.getMessage()).contains("empty");
    }

    @Test
    void permissionDenied() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads everything");
        Path p = Fixtures.copy("bad16", SPEC, dir);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
        PreflightException e = failure(p);
        assertThat(e.errorCode()).isEqualTo(ErrorCode.UNREADABLE_INPUT);
        assertThat(e.getMessage()).contains("permission denied");
    }

    @Test
    void randomBytesHaveNoPartitionTable() throws Exception {
        byte[] junk = new byte[3 << 20];
        new Random(1).nextBytes(junk);
        Path p = dir.resolve("random.img");
        Files.write(p, junk);
        InspectionReport r = Inspect.run(p);
        assertThat(Inspect.codes(r)).containsExactly(FindingCode.PARTITION_TABLE_INVALID);
        assertThat(r.verdict().word()).isEqualTo("fail");
        assertThat(r.partitionTable()).isNull();
    }

    @Test
    void folderThatIsNotABootPartition() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        InspectionReport r = Inspect.run(dir);
        assertThat(r.source().kind()).isEqualTo("folder");
        assertThat(Inspect.codes(r)).contains(FindingCode.BOOT_PARTITION_NOT_FOUND, FindingCode.CONFIG_JSON_MISSING);
    }

    @Test
    void mountedBootFolderIsInspected() throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"deviceType\":\"raspberrypi4-64\"}");
        Files.writeString(dir.resolve("device-type.json"), "{\"slug\":\"raspberrypi4-64\"}");
        Files.writeString(dir.resolve("os-release"), "VERSION_ID=\"2.103.1+rev1\"\nVARIANT_ID=\"dev\"\n");
        Files.writeString(dir.resolve("config.txt"), "disable_splash=1\n");
        InspectionReport r = Inspect.run(dir);
        assertThat(Inspect.codes(r)).containsExactlyInAnyOrder(FindingCode.CONFIG_JSON_STATE,
                FindingCode.FINGERPRINT_MISSING);
        assertThat(r.os().version()).isEqualTo("2.103.1+rev1");
        assertThat(r.os().variant()).isEqualTo("development");
        assertThat(r.boot().fileCount()).isEqualTo(4);
    }

    @Test
    void truncatedImageReportsPartitionsOutOfRange() throws Exception {
        Path p = Fixtures.copy("bad16", SPEC, dir);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(30L << 20);
        }
        InspectionReport r = Inspect.run(p);
        assertThat(Inspect.codes(r)).contains(FindingCode.PARTITION_OUT_OF_RANGE);
        assertThat(r.verdict().word()).isEqualTo("fail");
    }

    @Test
    void fatChainLoopIsFoundWithoutHanging() throws Exception {
        Path p = Fixtures.copy("bad16", SPEC, dir);
        patchFat16Entry(p, 5, 5);
        InspectionReport r = Inspect.run(p);
        assertThat(Inspect.codes(r)).contains(FindingCode.FAT_CHAIN_INVALID);
        assertThat(r.findings()).anySatisfy(f -> assertThat(f.message()).contains("loops"));
    }

    @Test
    void fatPointerOutsideTheVolumeIsFound() throws Exception {
        Path p = Fixtures.copy("bad16", SPEC, dir);
        patchFat16Entry(p, 5, 0xFFF0);
        InspectionReport r = Inspect.run(p);
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.FAT_CHAIN_INVALID);
            assertThat(f.message()).contains("outside the volume");
        });
    }

    @Test
    void absurdSectorCountInBootSectorIsRefusedBeforeAllocation() throws Exception {
        Path p = Fixtures.copy("bad16", SPEC, dir);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            byte[] s = new byte[512];
            f.seek(BOOT_START);
            f.readFully(s);
            LittleEndian.put16(s, 19, 0);
            LittleEndian.put32(s, 32, 0xFFFFFFFFL);
            LittleEndian.put16(s, 22, 0xFFFF);
            f.seek(BOOT_START);
            f.write(s);
        }
        InspectionReport r = Inspect.run(p);
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.BOOT_FILESYSTEM_UNREADABLE);
            assertThat(f.message()).contains("claims");
        });
    }

    @Test
    void invalidConfigJsonNamesLineAndColumn() {
        Path p = Fixtures.built("badjson", ImageSpec.raspberryPi().configJson("{\n  \"deviceType\": \"x\",\n  oops\n}"));
        InspectionReport r = Inspect.run(p);
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.CONFIG_JSON_SYNTAX);
            assertThat(f.message()).contains("line 3");
            assertThat(f.location()).endsWith("config.json:3:3");
        });
        assertThat(r.config().valid()).isFalse();
    }

    @Test
    void trailingGarbageAfterConfigJsonIsASyntaxError() {
        Path p = Fixtures.built("trailing", ImageSpec.raspberryPi().configJson("{\"deviceType\":\"x\"} }"));
        assertThat(Inspect.codes(Inspect.run(p))).contains(FindingCode.CONFIG_JSON_SYNTAX);
    }

    @Test
    void missingConfigJson() {
        Path p = Fixtures.built("noconfig", ImageSpec.raspberryPi().noConfigJson());
        InspectionReport r = Inspect.run(p);
        assertThat(Inspect.codes(r)).containsExactlyInAnyOrder(FindingCode.CONFIG_JSON_MISSING,
                FindingCode.CONFIG_TXT_SECTION_OPEN);
        assertThat(r.config().present()).isFalse();
    }

    /** A card whose reads start failing with EIO after {@code okReads} reads (-1: never). */
    static final class DyingCard implements ByteSource {
        final ByteArraySource data;
        final int okReads;
        int reads;

        DyingCard(byte[] image, int okReads) {
            this.data = new ByteArraySource("/dev/sdz", image);
            this.okReads = okReads;
        }

        @Override
        public String name() {
            return "/dev/sdz";
        }

        @Override
        public long size() {
            return data.size();
        }

        @Override
        public int read(long position, byte[] buf, int off, int len) throws IOException {
            reads++;
            if (okReads >= 0 && reads > okReads) {
                throw new IOException("Input/output error");
            }
            return data.read(position, buf, off, len);
        }

        @Override
        public void close() {
        }
    }

    private static InspectionReport inspect(ByteSource card) {
        OpenedInput in = new OpenedInput("/dev/sdz", SourceKind.BLOCK_DEVICE, Compression.NONE, null, card, null);
        return new InspectionService().inspect(in, InspectOptions.defaults(), ProgressListener.NONE,
                CancellationToken.none());
    }

    @Test
    void cardUnpluggedAtAnyReadIsIncompleteNeverAFinding() throws Exception {
        byte[] image = Files.readAllBytes(Fixtures.built("bad16", SPEC));
        DyingCard healthy = new DyingCard(image, -1);
        InspectionReport clean = inspect(healthy);
        assertThat(clean.verdict().word()).isEqualTo("pass");
        int total = healthy.reads;
        assertThat(total).isGreaterThan(10);
        for (int k = 0; k < total; k++) {
            DyingCard card = new DyingCard(image, k);
            assertThatThrownBy(() -> inspect(card)).as("failing after %d reads", k)
                    .isInstanceOfSatisfying(PreflightException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.INCOMPLETE);
                        assertThat(e.getMessage()).contains("/dev/sdz").contains("Input/output error");
                    });
        }
    }

    @Test
    void cancelledInspectionStops() {
        CancellationToken t = new CancellationToken();
        t.cancel();
        assertThatThrownBy(() -> new InspectionService().inspect(Fixtures.built("bad16", SPEC).toString(),
                InspectOptions.defaults(), ProgressListener.NONE, t))
                .isInstanceOfSatisfying(PreflightException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CANCELLED));
    }

    /** Sets FAT16 entry {@code cluster} to {@code value} in both FAT copies. */
    static void patchFat16Entry(Path p, int cluster, int value) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            byte[] s = new byte[512];
            f.seek(BOOT_START);
            f.readFully(s);
            int bps = LittleEndian.u16(s, 11);
            long fatStart = BOOT_START + (long) LittleEndian.u16(s, 14) * bps;
            long fatBytes = (long) LittleEndian.u16(s, 22) * bps;
            byte[] v = new byte[2];
            LittleEndian.put16(v, 0, value);
            for (int copy = 0; copy < s[16]; copy++) {
                f.seek(fatStart + copy * fatBytes + cluster * 2L);
                f.write(v);
            }
        }
    }
}
