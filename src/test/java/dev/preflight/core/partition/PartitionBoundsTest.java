package dev.preflight.core.partition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.support.ByteArraySource;
import dev.preflight.support.Fixtures;
import dev.preflight.support.Inspect;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overlaps between any two partitions, and images shorter than their tables. */
class PartitionBoundsTest {
    static final long MIB = 1L << 20;

    /** An MBR disk of {@code size} bytes with primary entries {start, size} in bytes. */
    static ByteArraySource mbrDisk(int size, long[]... parts) {
        byte[] d = new byte[size];
        for (int i = 0; i < parts.length; i++) {
            int e = 446 + i * 16;
            d[e + 4] = (byte) 0x83;
            LittleEndian.put32(d, e + 8, parts[i][0] / 512);
            LittleEndian.put32(d, e + 12, parts[i][1] / 512);
        }
        LittleEndian.put16(d, 510, 0xAA55);
        return new ByteArraySource("overlap.img", d);
    }

    private static List<String> overlaps(ByteArraySource disk) throws Exception {
        List<Finding> findings = new ArrayList<>();
        new PartitionTableReader(disk, findings, true).read();
        List<String> out = new ArrayList<>();
        for (Finding f : findings) {
            if (f.code() == FindingCode.PARTITION_OVERLAP) {
                out.add(f.message().replaceAll(".*Partitions (\\d+) and (\\d+) .*", "$1/$2"));
            }
        }
        return out;
    }

    @Test
    void aPartitionInsideAnotherAndOneOverlappingTheOuterAreBothFound() throws Exception {
        // p1 1-9 MiB; p3 2-3 MiB lies inside p1; p2 4-12 MiB overlaps p1 but not p3, its neighbour in start order
        ByteArraySource disk = mbrDisk(16 << 20, new long[] {MIB, 8 * MIB}, new long[] {4 * MIB, 8 * MIB},
                new long[] {2 * MIB, MIB});
        assertThat(overlaps(disk)).containsExactlyInAnyOrder("1/3", "1/2");
    }

    @Test
    void separatePartitionsDoNotOverlap() throws Exception {
        ByteArraySource disk = mbrDisk(16 << 20, new long[] {MIB, 2 * MIB}, new long[] {3 * MIB, 2 * MIB},
                new long[] {5 * MIB, 2 * MIB});
        assertThat(overlaps(disk)).isEmpty();
    }

    /** A GPT disk of 4 MiB whose first {@code n} of 128 entries all cover LBA 2048-4095. */
    static ByteArraySource gptDisk(int n) {
        byte[] d = new byte[4 << 20];
        d[446 + 4] = (byte) 0xEE; // protective MBR
        LittleEndian.put32(d, 446 + 8, 1);
        LittleEndian.put32(d, 446 + 12, (4 << 20) / 512 - 1);
        LittleEndian.put16(d, 510, 0xAA55);
        for (int i = 0; i < n; i++) {
            int e = 1024 + i * 128;
            d[e] = 1; // any non-zero type GUID
            LittleEndian.put64(d, e + 32, 2048);
            LittleEndian.put64(d, e + 40, 4095);
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(d, 1024, 128 * 128);
        byte[] h = new byte[92];
        System.arraycopy("EFI PART".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, h, 0, 8);
        LittleEndian.put32(h, 8, 0x00010000L);
        LittleEndian.put32(h, 12, 92);
        LittleEndian.put64(h, 24, 1);
        LittleEndian.put64(h, 32, (4 << 20) / 512 - 1);
        LittleEndian.put64(h, 40, 34);
        LittleEndian.put64(h, 48, (4 << 20) / 512 - 34);
        LittleEndian.put64(h, 72, 2);
        LittleEndian.put32(h, 80, 128);
        LittleEndian.put32(h, 84, 128);
        LittleEndian.put32(h, 88, crc.getValue());
        crc.reset();
        crc.update(h);
        LittleEndian.put32(h, 16, crc.getValue());
        System.arraycopy(h, 0, d, 512, 92);
        return new ByteArraySource("many.img", d);
    }

    @Test
    void manyIdenticalEntriesAreCountedNotListedOneByOne() throws Exception {
        List<Finding> findings = new ArrayList<>();
        PartitionTable t = new PartitionTableReader(gptDisk(100), findings, false).read();
        assertThat(t.partitions()).hasSize(100);
        List<Finding> overlaps = findings.stream().filter(f -> f.code() == FindingCode.PARTITION_OVERLAP).toList();
        assertThat(overlaps).hasSize(PartitionTableReader.MAX_OVERLAPS + 1);
        assertThat(overlaps.get(overlaps.size() - 1).message()).startsWith((100 * 99 / 2 - 32) + " more pairs");
    }

    @Test
    void rawGptImageShorterThanItsTableIsReported(@TempDir Path dir) throws Exception {
        Path img = Fixtures.copy("bounds-gpt", ImageSpec.raspberryPi().table(ImageSpec.Table.GPT), dir);
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(f.length() - 4 * MIB);
        }
        InspectionReport r = Inspect.run(img);
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.PARTITION_OUT_OF_RANGE);
            assertThat(f.location()).isEqualTo("partition 5");
        });
        assertThat(Inspect.codes(r)).contains(FindingCode.GPT_BACKUP_DAMAGED);
        assertThat(r.verdict().word()).isEqualTo("fail");
    }
}
