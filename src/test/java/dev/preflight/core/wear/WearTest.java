package dev.preflight.core.wear;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.ext4.Ext4Superblock;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wear signals from sysfs (a fake tree via --sysfs-root) and from ext4 superblocks. */
class WearTest {
    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** MID 0x03, OID "SD", PNM "SC16G", PRV 8.0, PSN 0x12345678, made 2019-06. */
    static final String SANDISK_CID = "03534453433136478012345678013601";

    @Test
    void decodesAnSdCid() {
        SdRegisters.Cid c = SdRegisters.sdCid(SANDISK_CID);
        assertThat(c.manufacturerId()).isEqualTo(3);
        assertThat(c.vendor()).isEqualTo("SanDisk");
        assertThat(c.oem()).isEqualTo("SD");
        assertThat(c.product()).isEqualTo("SC16G");
        assertThat(c.revision()).isEqualTo("8.0");
        assertThat(c.serial()).isEqualTo(0x12345678L);
        assertThat(c.manufactured()).isEqualTo(YearMonth.of(2019, 6));
    }

    @Test
    void decodesCsdCapacity() {
        // CSD v2 (SDHC): C_SIZE = 0x7669 -> (0x7669 + 1) * 512 KiB = 15.9 GB (a typical 16 GB card)
        String csdV2 = "400e00325b590000" + "7669" + "7f800a400000";
        assertThat(csdV2).hasSize(32);
        assertThat(SdRegisters.sdCapacity(csdV2)).isEqualTo((0x7669 + 1L) * 512 * 1024);
    }

    Path sysfs(String dev, String type, String cid, String lifeTime, String preEol) throws Exception {
        Path d = Files.createDirectories(dir.resolve("sys/class/block").resolve(dev).resolve("device"));
        Files.writeString(d.resolve("type"), type + "\n");
        Files.writeString(d.resolve("cid"), cid + "\n");
        if (lifeTime != null) {
            Files.writeString(d.resolve("life_time"), lifeTime + "\n");
            Files.writeString(d.resolve("pre_eol_info"), preEol + "\n");
        }
        return dir.resolve("sys");
    }

    @Test
    void nativeSdCardShowsIdentityAndAge() throws Exception {
        Path root = sysfs("mmcblk0", "SD", SANDISK_CID, null, null);
        List<Finding> f = new ArrayList<>();
        WearReport r = new WearAnalyzer(WearThresholds.DEFAULTS, root, NOW).analyse("/dev/mmcblk0", 16L << 30,
                List.of(), f);
        assertThat(r.registers()).isEqualTo("available");
        assertThat(r.cid().product()).isEqualTo("SC16G");
        assertThat(r.signals()).anySatisfy(s -> assertThat(s.source()).endsWith("mmcblk0/device/cid"));
        assertThat(f).extracting(Finding::code).containsExactly(FindingCode.WEAR_CARD_AGE);
    }

    @Test
    void emmcLifeThresholds() throws Exception {
        Path root = sysfs("mmcblk1", "MMC", "15010038474e443352010a1b2c3d8c00", "0x0a 0x0b", "03");
        List<Finding> f = new ArrayList<>();
        WearReport r = new WearAnalyzer(WearThresholds.DEFAULTS, root, NOW).analyse("/dev/mmcblk1", null, List.of(), f);
        assertThat(r.cid().vendor()).isEqualTo("Samsung/SanDisk/LG");
        assertThat(f).filteredOn(x -> x.code() == FindingCode.WEAR_EMMC_LIFE).extracting(Finding::severity)
                .containsExactly(Severity.ERROR, Severity.ERROR);
        assertThat(r.signals()).anySatisfy(s -> assertThat(s.value()).isEqualTo("A 90-100%, B more than 100%"));
    }

    @Test
    void usbReadersHideRegisters() {
        List<Finding> f = new ArrayList<>();
        WearReport r = new WearAnalyzer(WearThresholds.DEFAULTS, dir, NOW).analyse("/dev/sdb", 32L << 30, List.of(), f);
        assertThat(r.registers()).isEqualTo("hidden-by-reader");
        assertThat(r.cid()).isNull();
        assertThat(f).extracting(Finding::code).containsExactly(FindingCode.WEAR_REGISTERS_HIDDEN);
    }

    static Ext4Superblock sb(String label, long kib, long blocks, long free) {
        byte[] s = new byte[1024];
        LittleEndian.put16(s, 0x38, 0xEF53);
        LittleEndian.put32(s, 0x04, blocks);
        LittleEndian.put32(s, 0x0C, free);
        LittleEndian.put32(s, 0x18, 2);
        LittleEndian.put16(s, 0x3A, 1);
        LittleEndian.put64(s, 0x178, kib);
        byte[] l = label.getBytes();
        System.arraycopy(l, 0, s, 0x78, l.length);
        return Ext4Superblock.parse(s);
    }

    @Test
    void lifetimeWritesAndFreeSpaceFromSuperblocks() {
        long capacity = 8L << 30;
        List<Finding> f = new ArrayList<>();
        WearReport r = new WearAnalyzer(WearThresholds.DEFAULTS, dir, NOW).analyse(null, capacity, List.of(
                new WearAnalyzer.Fs(5, "resin-state", sb("resin-state", 200L << 20, 5000, 4000)),
                new WearAnalyzer.Fs(6, "resin-data", sb("resin-data", 1100L << 20, 1_000_000, 20_000))), f);
        assertThat(r.registers()).isEqualTo("not-a-card");
        assertThat(r.signals()).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("fullCardWrites");
            assertThat(s.value()).isEqualTo("162.5");
        });
        assertThat(f).filteredOn(x -> x.code() == FindingCode.WEAR_LIFETIME_WRITES).singleElement()
                .satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.WARNING));
        assertThat(f).filteredOn(x -> x.code() == FindingCode.DATA_PARTITION_NEARLY_FULL).singleElement()
                .satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.ERROR));
    }
}
