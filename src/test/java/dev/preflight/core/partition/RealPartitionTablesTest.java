package dev.preflight.core.partition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.boot.PartitionInfo;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.support.ByteArraySource;
import dev.preflight.support.Fixtures;
import dev.preflight.support.Inspect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Partition tables of real third-party images, checked against what their sources document. */
class RealPartitionTablesTest {

    private static PartitionTable read(Path p, List<Finding> findings) throws Exception {
        return new PartitionTableReader(new ByteArraySource(p.toString(), Files.readAllBytes(p)), findings, true).read();
    }

    /**
     * The report's partitions are those etcher-sdk's sidecar {@code sidecar} lists, one for one: number,
     * start and size; {@code more} checks the rest of each against its entry.
     */
    private static void matchesSidecar(InspectionReport r, String sidecar, BiConsumer<PartitionInfo, JsonNode> more) {
        JsonNode expected = Fixtures.json(Fixtures.real(sidecar));
        List<PartitionInfo> parts = r.partitionTable().partitions();
        assertThat(parts).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode e = expected.get(i);
            PartitionInfo p = parts.get(i);
            assertThat(p.number()).isEqualTo(e.get("index").asInt());
            assertThat(p.start()).isEqualTo(e.get("offset").asLong());
            assertThat(p.size()).isEqualTo(e.get("size").asLong());
            more.accept(p, e);
        }
    }

    @Test
    void resinRaspberryPiMbrHasTheClassicLayoutAndAMissingEbr() throws Exception {
        List<Finding> findings = new ArrayList<>();
        PartitionTable t = read(Fixtures.real("mbr/rpi.data"), findings);
        assertThat(t.scheme()).isEqualTo(PartitionTable.Scheme.MBR);
        assertThat(t.diskId()).isEqualTo("0x8b7477b9");
        Partition p1 = t.byNumber(1);
        assertThat(p1.start()).isEqualTo(4194304L);
        assertThat(p1.size()).isEqualTo(20971520L);
        assertThat(p1.typeId()).isEqualTo("0x0c");
        assertThat(p1.bootable()).isTrue();
        assertThat(t.byNumber(2).start()).isEqualTo(49152L * 512);
        assertThat(t.byNumber(2).size()).isEqualTo(360448L * 512);
        assertThat(t.byNumber(3).start()).isEqualTo(409600L * 512);
        assertThat(t.byNumber(4).kind()).isEqualTo(Partition.Kind.EXTENDED);
        assertThat(t.byNumber(4).start()).isEqualTo(770048L * 512);
        assertThat(t.byNumber(4).size()).isEqualTo(2121728L * 512);
        assertThat(findings).extracting(Finding::code)
                .contains(FindingCode.EXTENDED_CHAIN_INVALID, FindingCode.PARTITION_OUT_OF_RANGE);
    }

    @Test
    void rpi2DiffersOnlyInDiskSignature() throws Exception {
        PartitionTable a = read(Fixtures.real("mbr/rpi.data"), new ArrayList<>());
        PartitionTable b = read(Fixtures.real("mbr/rpi2.data"), new ArrayList<>());
        assertThat(b.diskId()).isEqualTo("0xca80518f");
        assertThat(b.partitions()).isEqualTo(a.partitions());
    }

    @Test
    void beagleBoneMbrHasAFat16Boot() throws Exception {
        PartitionTable t = read(Fixtures.real("mbr/bbb.data"), new ArrayList<>());
        assertThat(t.diskId()).isEqualTo("0x0003b5e3");
        assertThat(t.partitions()).hasSize(3);
        assertThat(t.byNumber(1).typeId()).isEqualTo("0x0e");
        assertThat(t.byNumber(1).size()).isEqualTo(24576L * 512);
        assertThat(t.byNumber(2).start()).isEqualTo(32768L * 512);
        assertThat(t.byNumber(3).start()).isEqualTo(860160L * 512);
        assertThat(t.byNumber(3).size()).isEqualTo(8192L * 512);
    }

    @ParameterizedTest
    @ValueSource(strings = {"etcher-sdk/etcher-test.img.gz", "etcher-sdk/etcher-test.img.xz",
            "etcher-sdk/etcher-test.img.bz2", "etcher-sdk/zip-deflate.zip"})
    void etcherTestImageMatchesItsSidecarInEveryContainer(String file) {
        InspectionReport r = Inspect.run(Fixtures.real(file));
        assertThat(r.partitionTable().scheme()).isEqualTo("mbr");
        assertThat(r.partitionTable().diskId()).isEqualTo("0x416e1470");
        matchesSidecar(r, "etcher-sdk/etcher-test-partitions.json", (p, e) -> {
            assertThat(Integer.decode(p.typeId())).isEqualTo(e.get("type").asInt());
            assertThat(p.filesystem()).isEqualTo("vfat");
        });
        assertThat(r.boot().filesystem()).isEqualTo("FAT12");
        assertThat(r.boot().foundBy()).isEqualTo("first-partition");
        assertThat(Inspect.codes(r)).contains(FindingCode.BOOT_PARTITION_NOT_FOUND, FindingCode.CONFIG_JSON_MISSING);
        assertThat(r.verdict().word()).isEqualTo("fail");
    }

    @Test
    void etcherGptImageMatchesItsSidecar() {
        InspectionReport r = Inspect.run(Fixtures.real("etcher-sdk/etcher-gpt-test.img.gz"));
        assertThat(r.partitionTable().scheme()).isEqualTo("gpt");
        matchesSidecar(r, "etcher-sdk/etcher-gpt-test-partitions.json", (p, e) -> {
            assertThat(p.typeId()).isEqualTo(e.get("type").asText());
            assertThat(p.gptName()).isEqualTo(e.get("name").asText());
        });
        assertThat(r.partitionTable().partitions().get(1).filesystem()).isEqualTo("vfat");
        assertThat(Inspect.codes(r)).doesNotContain(FindingCode.GPT_PRIMARY_DAMAGED, FindingCode.GPT_BACKUP_DAMAGED);
    }

    /**
     * balena-cli's test "dummy" image: a FAT32-shaped volume with only 2,009 clusters in a 0x0E partition.
     * fsck.fat and Linux read it as an empty FAT32 volume (mtools refuses it); so does Preflight, and it is
     * not a balenaOS boot partition.
     */
    @Test
    void balenaCliDummyImageIsAnEmptyVolumeNotABalenaBoot() {
        InspectionReport r = Inspect.run(Fixtures.real("balena-cli/dummy.img"));
        assertThat(r.partitionTable().partitions()).hasSize(1);
        assertThat(r.partitionTable().partitions().get(0).start()).isEqualTo(512);
        assertThat(Inspect.codes(r)).contains(FindingCode.BOOT_PARTITION_NOT_FOUND, FindingCode.CONFIG_JSON_MISSING)
                .doesNotContain(FindingCode.FAT_CHAIN_INVALID, FindingCode.FAT_CROSS_LINKED);
        assertThat(r.boot().filesystem()).isEqualTo("FAT32");
        assertThat(r.boot().fileCount()).isZero();
        assertThat(r.verdict().word()).isEqualTo("fail");
    }
}
