package dev.preflight.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.partition.Le;
import dev.preflight.core.report.FindingCode;
import dev.preflight.support.Fixtures;
import dev.preflight.support.Inspect;
import java.io.RandomAccessFile;
import java.nio.file.Path;
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
