package dev.preflight.cli;

import static dev.preflight.cli.CliTest.run;
import static dev.preflight.support.Fixtures.BOOT_SIZE;
import static dev.preflight.support.Fixtures.BOOT_START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.edit.EditException;
import dev.preflight.core.edit.FatWriter;
import dev.preflight.core.image.Disk;
import dev.preflight.core.image.MediumReader;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import dev.preflight.core.wear.CapacityProbe;
import dev.preflight.support.CliStation;
import dev.preflight.support.Fixtures;
import dev.preflight.support.ForwardingDisk;
import dev.preflight.support.LoopDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real block devices (Linux loop devices, as root; CI runs as root): a card has a page cache of its
 * own, which answers a read with what was just written even when the card dropped it. The probe and
 * the edit read-back must read the card, not that cache; backups of two cards flashed from one image
 * must never cross.
 */
class CardDeviceTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final CliStation station = CliStation.in(() -> dir.resolve("data"));

    @BeforeEach
    void setUp() {
        assumeTrue(LoopDevice.available(), "needs root and loop devices");
    }

    /** What a test does with two cards: the paths of their devices. */
    interface TwinCards {
        void test(String cardA, String cardB) throws Exception;
    }

    /** Two cards flashed from one image (one disk id, one volume serial), each behind its own loop device. */
    void onTwinCards(String key, TwinCards body) throws Exception {
        Path a = Fixtures.copy(key, ImageSpec.raspberryPi().fat(16), dir);
        Path b = Files.copy(a, dir.resolve(key + "-b.img"));
        try (LoopDevice la = LoopDevice.attach(a); LoopDevice lb = LoopDevice.attach(b)) {
            body.test(la.path().toString(), lb.path().toString());
        }
    }

    /** Overwrites the backing file behind the device, as a card that loses what it acknowledged. */
    static void zero(Path backing, long at, int len) throws IOException {
        try (FileChannel ch = FileChannel.open(backing, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(len), at);
            ch.force(true);
        }
    }

    /** Case 5: the contents are zeroed underneath the device between writing and reading back. */
    @Test
    void theProbeReadsTheCardNotItsCache() throws Exception {
        Path backing = dir.resolve("card.img");
        long size = 64L << 20;
        try (FileChannel f = FileChannel.open(backing, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            f.truncate(size);
            f.write(ByteBuffer.wrap(new byte[1]), size - 1);
        }
        try (LoopDevice loop = LoopDevice.attach(backing);
             FileChannel first = FileChannel.open(loop.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            CapacityProbe.Result cached = new CapacityProbe(7, 64, 0).run(Disk.of(first, size), () -> {
                zero(backing, 0, (int) size);
                return Disk.of(FileChannel.open(loop.path(), StandardOpenOption.READ), size);
            }, size, ProgressListener.NONE, new CancellationToken());
            assertThat(cached.fake()).as("control: a second buffered handle is answered by the page cache").isFalse();

            CapacityProbe.Result direct = new CapacityProbe(8, 64, 0).run(Disk.of(first, size), () -> {
                zero(backing, 0, (int) size);
                MediumReader m = MediumReader.open(loop.path(), size);
                assertThat(m.direct()).isTrue();
                return Disk.of(FileChannel.open(loop.path(), StandardOpenOption.READ, StandardOpenOption.WRITE), m);
            }, size, ProgressListener.NONE, new CancellationToken());
            assertThat(direct.fake()).isTrue();
            assertThat(direct.lost()).isEqualTo(direct.samples());
        }
    }

    /** Case 5 for edits: the card drops the new config.json's clusters; the write protocol must notice. */
    @Test
    void anEditsReadBackSeesACardThatDroppedTheWrite() throws Exception {
        Path img = Fixtures.copy("device-drop", ImageSpec.raspberryPi().fat(16), dir);
        byte[] next = new byte[6000];
        new Random(3).nextBytes(next);
        try (LoopDevice loop = LoopDevice.attach(img);
             FileChannel ch = FileChannel.open(loop.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            Disk card = Disk.of(ch, MediumReader.open(loop.path(), size));
            Disk dropping = new ForwardingDisk(card) {
                @Override
                public void write(long position, byte[] buf) throws IOException {
                    card.write(position, buf);
                    card.force();
                    if (buf.length > 4096) { // the data run of the new file: the card silently loses it
                        zero(img, position, buf.length);
                    }
                }
            };
            byte[] before = run("config", "get", img.toString(), "--show-secrets").out().getBytes();
            assertThatThrownBy(() -> new FatWriter(dropping, BOOT_START, BOOT_SIZE).replace("config.json", next))
                    .isInstanceOf(EditException.class).hasMessageContaining("did not return what was written");
            assertThat(run("config", "get", loop.path().toString(), "--show-secrets").out().getBytes()).isEqualTo(before);
        }
    }

    @Test
    void aCardIsEditedThroughItsDeviceAndRecorded() throws Exception {
        Path img = Fixtures.copy("device-edit", ImageSpec.raspberryPi().fat(32), dir);
        try (LoopDevice loop = LoopDevice.attach(img)) {
            String dev = loop.path().toString();
            CliTest.Result set = run("config", "set", dev, "hostname", "from-device");
            assertThat(set.code()).as(set.err()).isZero();
            assertThat(set.out()).contains("partition 1", dev);
            assertThat(run("config", "get", dev, "hostname").out().trim()).isEqualTo("from-device");
            assertThat(run("wifi", "set", dev, "--ssid", "Device Lab").code()).isZero();
            assertThat(run("wifi", "list", dev).out()).contains("Device Lab");
            assertThat(run("inspect", dev).code()).isZero();
            assertThat(Files.readString(dir.resolve("data").resolve("provisioning-log.jsonl")))
                    .contains("config.json: set hostname", "wifi: added");
        }
        dev.preflight.support.Fsck.check(img, BOOT_START, BOOT_SIZE, dir);
    }

    /** Case 6: two cards flashed from one image share the disk id and volume serial. */
    @Test
    void backupsOfTwoCardsFromOneImageNeverCross() throws Exception {
        onTwinCards("device-twin", (cardA, cardB) -> {
            assertThat(run("config", "set", cardA, "uuid", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").code()).isZero();
            assertThat(run("config", "set", cardA, "deviceApiKey", "KEY-OF-CARD-A").code()).isZero();
            assertThat(run("config", "set", cardB, "uuid", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb").code()).isZero();
            assertThat(run("config", "set", cardB, "deviceApiKey", "KEY-OF-CARD-B").code()).isZero();
            assertThat(run("config", "set", cardA, "hostname", "host-a").code()).isZero();
            assertThat(run("config", "set", cardB, "hostname", "host-b").code()).isZero();

            CliTest.Result undo = run("undo", cardA);
            assertThat(undo.code()).as("card B's newer backup is not card A's: %s", undo.err()).isZero();
            assertThat(run("config", "get", cardA, "hostname").code()).isEqualTo(1);
            for (int i = 0; i < 6; i++) {
                CliTest.Result forced = run("undo", "--force", cardA);
                String key = run("config", "get", cardA, "deviceApiKey", "--show-secrets").out();
                assertThat(key).doesNotContain("KEY-OF-CARD-B");
                if (forced.code() != 0) {
                    assertThat(forced.err()).contains("nothing to undo");
                    break;
                }
            }
            assertThat(run("config", "get", cardB, "deviceApiKey", "--show-secrets").out().trim())
                    .isEqualTo("KEY-OF-CARD-B");
            assertThat(run("config", "get", cardB, "hostname").out().trim()).isEqualTo("host-b");
        });
        Path backups = dir.resolve("data").resolve("backups");
        try (Stream<Path> all = Files.walk(backups)) {
            for (Path p : all.collect(Collectors.toList())) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString())
                        .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
    }

    /** Review: twin cards whose config.json has no uuid (a fleet card before its first boot, the demo card). */
    @Test
    void twinCardsWithoutAUuidNeverTradeKeys() throws Exception {
        onTwinCards("device-twin-nouuid", (cardA, cardB) -> {
            assertThat(run("config", "get", cardA, "uuid").code()).as("no uuid on the card").isEqualTo(1);
            assertThat(run("config", "set", cardA, "hostname", "card-a").code()).isZero();
            assertThat(run("config", "set", cardB, "deviceApiKey", "KEYB_SECRET_0123456789").code()).isZero();
            assertThat(run("config", "set", cardB, "hostname", "card-b").code()).isZero();
            CliTest.Result forced = run("undo", "--force", cardA);
            assertThat(forced.code()).isEqualTo(2);
            assertThat(forced.err()).contains("has no uuid", "cannot be told apart");
            CliTest.Result undo = run("undo", cardA);
            assertThat(undo.code()).as(undo.err()).isZero();
            assertThat(run("config", "get", cardA, "deviceApiKey", "--show-secrets").out())
                    .doesNotContain("KEYB_SECRET");
            assertThat(run("config", "get", cardA, "hostname").code()).isEqualTo(1);
            for (int i = 0; i < 3; i++) {
                run("undo", cardA);
                assertThat(run("config", "get", cardA, "deviceApiKey", "--show-secrets").out())
                        .doesNotContain("KEYB_SECRET");
            }
        });
    }

    /** Review: one medium reached as a loop device and as its image file takes one lock, not two. */
    @Test
    void aLoopDeviceAndItsImageShareOneLock() throws Exception {
        Path img = Fixtures.copy("device-twopaths", ImageSpec.raspberryPi().fat(16), dir);
        station.lockWaitMillis(300);
        try (LoopDevice loop = LoopDevice.attach(img);
             dev.preflight.core.edit.CardLock held = dev.preflight.core.edit.CardLock.acquire(loop.path(), "card")) {
            byte[] before = Files.readAllBytes(img);
            CliTest.Result r = run("wifi", "set", img.toString(), "--ssid", "Other path");
            assertThat(r.code()).isEqualTo(3);
            assertThat(r.err()).contains("being edited by another Preflight");
            assertThat(Files.readAllBytes(img)).isEqualTo(before);
        }
    }
}
