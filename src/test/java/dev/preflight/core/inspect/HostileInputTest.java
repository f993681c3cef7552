package dev.preflight.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.image.ByteSource;
import dev.preflight.core.image.ImageOpener;
import dev.preflight.core.image.OpenedInput;
import dev.preflight.core.integrity.IntegrityChecker;
import dev.preflight.core.partition.Le;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Severity;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import dev.preflight.support.Fixtures;
import dev.preflight.support.Hostile;
import dev.preflight.support.Inspect;
import java.io.IOException;
import java.io.RandomAccessFile;
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
        // before: 300 x 64 MiB = 18.8 GiB read and hashed; now at most the 100 MiB volume (and its walk)
        assertThat(disk.bytes).isLessThan(400L << 20);
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.BOOT_FILE_UNCHECKED);
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains("cross-linked");
        });
        assertThat(r.integrity().counts().get(IntegrityChecker.Status.UNCHECKED)).isGreaterThanOrEqualTo(299);
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
            Le.put32(sb, 0x60, Le.u32(sb, 0x60) | 0x80); // 64-bit: the high words count too
            Le.put32(sb, 0x150, 0x7FFFFFF0L);
            Le.put64(sb, 0x178, 0x8000000000000000L);
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
    void jsonInNoUnicodeEncodingIsASyntaxFindingNotAFailingCard() {
        // three NULs make Jackson read UTF-32, whose next "character" is above U+10FFFF (found by ContainerFuzzTest)
        Path img = Fixtures.built("utf32-config", ImageSpec.raspberryPi().configJson("\0\0\0{\"deviceType\": 1}")
                .bootFileAfterFingerprint("device-type.json", new byte[] {0, 0, 0, '{', '"', 's', 'l', 'u', 'g'}));
        InspectionReport r = Inspect.run(img);
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.CONFIG_JSON_SYNTAX);
            assertThat(f.message()).contains("UTF-32");
        });
        assertThat(r.os()).isNotNull(); // the device type then comes from os-release
    }

}
