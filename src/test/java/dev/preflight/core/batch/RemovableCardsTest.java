package dev.preflight.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live card list from a sysfs tree laid out as Linux lays it out for a USB reader and an SD host. */
class RemovableCardsTest {
    @TempDir
    Path root;

    @Test
    void listsCardsWithSizeReaderSerialLabelsAndMounts() throws Exception {
        Path sys = root.resolve("sys/block");
        Path usb = root.resolve("sys/devices/pci0000:00/usb1/1-2");
        Path scsi = usb.resolve("1-2:1.0/host3/target3:0:0/3:0:0:0");
        Files.createDirectories(scsi);
        Files.writeString(usb.resolve("idVendor"), "0bda\n");
        Files.writeString(usb.resolve("serial"), "20120501030900000\n");
        Files.writeString(scsi.resolve("vendor"), "Generic \n");
        Files.writeString(scsi.resolve("model"), "STORAGE DEVICE  \n");
        disk(sys.resolve("sdb"), "1", 62_333_952);
        Files.createSymbolicLink(sys.resolve("sdb/device"), scsi);
        Path mmc = root.resolve("sys/devices/platform/mmc0/mmc0:aaaa");
        Files.createDirectories(mmc);
        Files.writeString(mmc.resolve("name"), "SC32G\n");
        disk(sys.resolve("mmcblk0"), "0", 62_333_952);
        Files.createSymbolicLink(sys.resolve("mmcblk0/device"), mmc);
        disk(sys.resolve("sda"), "0", 1_000_000_000);
        disk(sys.resolve("sdc"), "1", 0);

        Path dev = Files.createDirectories(root.resolve("dev"));
        Files.createFile(dev.resolve("sdb1"));
        Files.createFile(dev.resolve("sdb6"));
        Path byLabel = Files.createDirectories(root.resolve("dev/disk/by-label"));
        Files.createSymbolicLink(byLabel.resolve("resin-boot"), dev.resolve("sdb1"));
        Files.createSymbolicLink(byLabel.resolve("resin\\x20data"), dev.resolve("sdb6"));
        Files.createSymbolicLink(byLabel.resolve("gone"), dev.resolve("sdz1"));
        Path mounts = root.resolve("mounts");
        Files.writeString(mounts, "/dev/sda2 / ext4 rw 0 0\n/dev/sdb1 /media/tech/resin-boot vfat rw 0 0\n");

        List<RemovableCards.Card> cards = new RemovableCards(sys, byLabel, mounts).list();
        assertThat(cards).extracting(RemovableCards.Card::device).containsExactly("/dev/mmcblk0", "/dev/sdb");
        RemovableCards.Card sd = cards.get(0);
        assertThat(sd.reader()).isEqualTo("SD/MMC host, card SC32G");
        assertThat(sd.readerSerial()).isNull();
        assertThat(sd.sizeBytes()).isEqualTo(62_333_952L * 512);
        RemovableCards.Card usbCard = cards.get(1);
        assertThat(usbCard.reader()).isEqualTo("Generic STORAGE DEVICE");
        assertThat(usbCard.readerSerial()).isEqualTo("20120501030900000");
        assertThat(usbCard.mountPoints()).containsExactly("/media/tech/resin-boot");
        assertThat(usbCard.labels()).containsExactly("resin data", "resin-boot");
        assertThat(usbCard.describe()).isEqualTo("/dev/sdb — 31.9 GB, Generic STORAGE DEVICE, resin data / resin-boot"
                + " (mounted)");
        assertThat(sd.labels()).isEmpty();
    }

    @Test
    void udevLabelEscapesAreDecoded() {
        assertThat(RemovableCards.unescape("resin\\x20data")).isEqualTo("resin data");
        assertThat(RemovableCards.unescape("caf\\xc3\\xa9")).isEqualTo("café");
        assertThat(RemovableCards.unescape("plain")).isEqualTo("plain");
    }

    @Test
    void bootVolumesAreFoundByTheirFiles() throws Exception {
        Path volumes = Files.createDirectories(root.resolve("Volumes"));
        Path boot = Files.createDirectories(volumes.resolve("resin-boot"));
        Files.writeString(boot.resolve("config.json"), "{}");
        Files.writeString(boot.resolve("balenaos.fingerprint"), "");
        Path usbStick = Files.createDirectories(volumes.resolve("USB"));
        Files.writeString(usbStick.resolve("config.json"), "{}");
        assertThat(RemovableCards.bootVolumes(List.of(volumes, root.resolve("missing")))).containsExactly(boot);
    }

    private static void disk(Path d, String removable, long sectors) throws Exception {
        Files.createDirectories(d);
        Files.writeString(d.resolve("removable"), removable + "\n");
        Files.writeString(d.resolve("size"), sectors + "\n");
    }
}
