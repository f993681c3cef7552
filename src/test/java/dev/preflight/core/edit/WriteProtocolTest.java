package dev.preflight.core.edit;

import static dev.preflight.support.Fixtures.BOOT_SIZE;
import static dev.preflight.support.Fixtures.BOOT_START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.fat.FatBootSector;
import dev.preflight.core.fat.FatScan;
import dev.preflight.core.fat.FatVolume;
import dev.preflight.core.image.Disk;
import dev.preflight.support.ByteArraySource;
import dev.preflight.support.Fixtures;
import dev.preflight.support.ForwardingDisk;
import dev.preflight.support.Fsck;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The FAT write protocol under a fault-injecting disk. For every k, the k-th write of an edit fails
 * (a pulled card), either before anything of it lands or torn after its first or all but its last
 * sector (sectors themselves are the card's atomic unit). Afterwards the volume must open with our
 * checks (no loop, no cross-link), the edited file must be exactly old or new (absent or whole for a
 * creation), every other file and every existing directory entry must be untouched, and
 * {@code fsck.fat -n} may only report what a crash legitimately leaves: reclaimable clusters, differing
 * FAT copies, a stale free count, an orphaned long-name fragment.
 */
class WriteProtocolTest {
    static final int SECTOR = 512;

    @TempDir
    Path dir;

    /** An in-memory boot partition. */
    static final class MemDisk implements Disk {
        final byte[] b;

        MemDisk(byte[] b) {
            this.b = b;
        }

        @Override
        public void read(long position, byte[] buf) {
            System.arraycopy(b, (int) position, buf, 0, buf.length);
        }

        @Override
        public void write(long position, byte[] buf) {
            System.arraycopy(buf, 0, b, (int) position, buf.length);
        }

        @Override
        public void force() {
        }

        @Override
        public long size() {
            return b.length;
        }

        @Override
        public void close() {
        }
    }

    /**
     * A disk that fails the k-th write (1-based) and every write after it, like a removed card; with
     * {@code tornSectors} >= 0 the k-th write first lands that many whole sectors.
     */
    static final class FaultyDisk extends ForwardingDisk {
        final int failAt;
        final int tornSectors;
        int writes;
        int sectorsOfFailing = -1;

        FaultyDisk(Disk inner, int failAt, int tornSectors) {
            super(inner);
            this.failAt = failAt;
            this.tornSectors = tornSectors;
        }

        @Override
        public void write(long position, byte[] buf) throws IOException {
            writes++;
            if (failAt > 0 && writes == failAt) {
                sectorsOfFailing = buf.length / SECTOR;
                if (tornSectors > 0) {
                    inner.write(position, Arrays.copyOf(buf, Math.min(buf.length, tornSectors * SECTOR)));
                }
            }
            if (failAt > 0 && writes >= failAt) {
                throw new IOException("injected failure at write " + writes);
            }
            inner.write(position, buf);
        }
    }

    interface Edit {
        void apply(FatWriter w) throws Exception;
    }

    static byte[] content(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] bootOf(Path img) throws IOException {
        byte[] b = new byte[(int) BOOT_SIZE];
        try (FileChannel ch = FileChannel.open(img)) {
            ch.read(java.nio.ByteBuffer.wrap(b), BOOT_START);
        }
        return b;
    }

    static FatVolume open(byte[] boot) throws Exception {
        return FatVolume.open(new ByteArraySource("boot", boot), 0, boot.length);
    }

    static FatScan scan(byte[] boot) throws Exception {
        FatBootSector bs = FatBootSector.parse(Arrays.copyOf(boot, 512), boot.length);
        byte[] fat = Arrays.copyOfRange(boot, (int) bs.fatOffsetBytes(),
                (int) (bs.fatOffsetBytes() + bs.fatSectors() * bs.bytesPerSector()));
        return FatScan.scan(bs, fat, 0, (pos, len) -> Arrays.copyOfRange(boot, (int) pos, (int) pos + len));
    }

    /** Every file's content, by path. */
    static Map<String, byte[]> files(byte[] boot) throws Exception {
        FatVolume v = open(boot);
        Map<String, byte[]> out = new HashMap<>();
        for (var f : v.files()) {
            out.put(f.path().toLowerCase(), v.read(f.path(), 1 << 24));
        }
        return out;
    }

    /** Each live entry's position and 32 bytes, by path. */
    static Map<String, String> entries(byte[] boot) throws Exception {
        Map<String, String> out = new HashMap<>();
        for (FatScan.Entry e : scan(boot).entries()) {
            int o = (int) e.entryOffset();
            out.put(e.path().toLowerCase(), o + ":" + Arrays.toString(Arrays.copyOfRange(boot, o, o + 32)));
        }
        return out;
    }

    /**
     * Runs {@code edit} once cleanly, then again from {@code base} for every failure point, plain and
     * torn, and checks each outcome: {@code file} is {@code old} or {@code next} (null: absent).
     */
    void everyFailurePoint(byte[] base, Edit edit, String file, byte[] old, byte[] next) throws Exception {
        byte[] clean = base.clone();
        FaultyDisk counting = new FaultyDisk(new MemDisk(clean), 0, 0);
        edit.apply(new FatWriter(counting, 0, clean.length));
        int total = counting.writes;
        assertThat(total).isGreaterThanOrEqualTo(2);
        check(clean, file, old, next, base, "clean run", true);
        assertThat(files(clean).get(file.toLowerCase())).isEqualTo(next);
        int runs = 0;
        for (int k = 1; k <= total; k++) {
            for (int torn : new int[] {0, 1, -1}) {
                byte[] img = base.clone();
                FaultyDisk d = new FaultyDisk(new MemDisk(img), k, torn < 0 ? Integer.MAX_VALUE : torn);
                if (torn != 0) {
                    // probe how many sectors the k-th write has, to tear it before its last sector
                    FaultyDisk probe = new FaultyDisk(new MemDisk(base.clone()), k, 0);
                    try {
                        edit.apply(new FatWriter(probe, 0, base.length));
                    } catch (IOException expected) {
                        // the probe only measures
                    }
                    int sectors = probe.sectorsOfFailing;
                    if (sectors < 2 || torn == 1 && sectors < 2) {
                        continue;
                    }
                    d = new FaultyDisk(new MemDisk(img), k, torn < 0 ? sectors - 1 : 1);
                }
                FaultyDisk faulty = d;
                assertThatThrownBy(() -> edit.apply(new FatWriter(faulty, 0, img.length)))
                        .as("failure at write %d of %d", k, total).isInstanceOf(IOException.class);
                check(img, file, old, next, base, "failure at write " + k + " of " + total
                        + (torn == 0 ? "" : torn < 0 ? " (torn before its last sector)" : " (torn after one sector)"), false);
                runs++;
            }
        }
        assertThat(runs).isGreaterThanOrEqualTo(total);
    }

    void check(byte[] img, String file, byte[] old, byte[] next, byte[] base, String when, boolean clean)
            throws Exception {
        FatVolume v = open(img); // FatTableCheck and FatScan: no loop, nothing outside the volume
        assertThat(v.crossLinks()).as(when).isEmpty();
        assertThat(v.problems()).as(when).isEmpty();
        Map<String, byte[]> now = files(img);
        byte[] f = now.get(file.toLowerCase());
        assertThat(Arrays.equals(f, old) || Arrays.equals(f, next)).as("%s: %s is old or new", when, file).isTrue();
        Map<String, byte[]> before = files(base);
        for (Map.Entry<String, byte[]> e : before.entrySet()) {
            if (!e.getKey().equals(file.toLowerCase())) {
                assertThat(now.get(e.getKey())).as("%s: %s untouched", when, e.getKey()).isEqualTo(e.getValue());
            }
        }
        Map<String, String> entriesNow = entries(img);
        for (Map.Entry<String, String> e : entries(base).entrySet()) {
            if (!e.getKey().equals(file.toLowerCase())) {
                assertThat(entriesNow.get(e.getKey())).as("%s: entry of %s not moved or rewritten", when, e.getKey())
                        .isEqualTo(e.getValue());
            }
        }
        fsck(img, clean, when);
    }

    @ParameterizedTest(name = "{0} FAT{1}, {2} -> {3} bytes")
    @CsvSource({"MBR,16,300,9000", "MBR,32,9000,300", "GPT,16,5000,5000", "MBR,32,0,70000", "MBR,16,2000,0"})
    void replaceLeavesOldOrNewAtEveryFailurePoint(String table, int fat, int oldSize, int newSize) throws Exception {
        byte[] old = content(oldSize, 1);
        byte[] next = content(newSize, 2);
        ImageSpec spec = ImageSpec.raspberryPi().table(ImageSpec.Table.valueOf(table)).fat(fat)
                .bootFileAfterFingerprint("config.json", old);
        byte[] base = bootOf(Fixtures.built("wp-" + table + fat + "-" + oldSize, spec));
        everyFailurePoint(base, w -> w.replace("config.json", next), "config.json", old, next);
    }

    @ParameterizedTest
    @CsvSource({"16", "32"})
    void deleteLeavesTheFileOrNothingAtEveryFailurePoint(int fat) throws Exception {
        byte[] conn = content(3000, 3);
        byte[] base = bootOf(Fixtures.built("wp-del" + fat, ImageSpec.raspberryPi().fat(fat)
                .bootFileAfterFingerprint("system-connections/balena-wifi-01", conn)));
        everyFailurePoint(base, w -> w.delete("system-connections/balena-wifi-01"),
                "system-connections/balena-wifi-01", conn, null);
    }

    @ParameterizedTest
    @CsvSource({"16", "32"})
    void createLeavesNoFileOrTheWholeFileAtEveryFailurePoint(int fat) throws Exception {
        byte[] cfg = content(5000, 4);
        byte[] base = bootOf(Fixtures.built("wp-new" + fat, ImageSpec.raspberryPi().fat(fat).noConfigJson()));
        everyFailurePoint(base, w -> w.create("config.json", cfg), "config.json", null, cfg);
        byte[] img = base.clone();
        new FatWriter(new MemDisk(img), 0, img.length).create("config.json", cfg);
        FatScan.Entry e = scan(img).find("config.json");
        assertThat(new String(e.shortName(), StandardCharsets.US_ASCII)).isEqualTo("CONFIG~1JSO");
        assertThat(e.lfnOffsets()).hasSize(1);
        new FatWriter(new MemDisk(img), 0, img.length).create("ssh.txt", new byte[0]);
        FatScan.Entry ssh = scan(img).find("ssh.txt");
        assertThat(ssh.lfnOffsets()).as("an 8.3 lower-case name is a short entry with case flags, as Linux writes it")
                .isEmpty();
        assertThat(new String(ssh.shortName(), StandardCharsets.US_ASCII)).isEqualTo("SSH     TXT");
        assertThat(img[(int) ssh.entryOffset() + 12] & 0x18).isEqualTo(0x18);
        assertThat(ssh.startCluster()).isZero();
        fsck(img, true, "two creations");
        assertThat(open(img).files()).extracting(f -> f.path()).contains("config.json");
    }

    @ParameterizedTest
    @CsvSource({"16", "32"})
    void createWithALongNameInANewFolderAtEveryFailurePoint(int fat) throws Exception {
        byte[] conn = content(700, 5);
        byte[] base = bootOf(Fixtures.built("wp-new" + fat, ImageSpec.raspberryPi().fat(fat).noConfigJson()));
        everyFailurePoint(base, w -> w.create("new-connections/balena-wifi-01", conn),
                "new-connections/balena-wifi-01", null, conn);
        byte[] img = base.clone();
        new FatWriter(new MemDisk(img), 0, img.length).create("new-connections/balena-wifi-01", conn);
        assertThat(open(img).read("new-connections/balena-wifi-01", 4096)).isEqualTo(conn);
        assertThat(scan(img).find("new-connections/balena-wifi-01").lfnOffsets()).hasSize(2);
        fsck(img, true, "mkdir and create");
    }

    /** A folder with long names and deleted entries: the new entry reuses free slots, nothing else moves. */
    @ParameterizedTest
    @CsvSource({"16", "32"})
    void createAmongDeletedEntriesAndLongNamesAtEveryFailurePoint(int fat) throws Exception {
        ImageSpec spec = ImageSpec.raspberryPi().fat(fat);
        for (int i = 1; i <= 6; i++) {
            spec.bootFileAfterFingerprint("system-connections/a-rather-long-connection-name-" + i, content(100 + i, i));
        }
        byte[] base = bootOf(Fixtures.built("wp-holes" + fat, spec));
        MemDisk d = new MemDisk(base);
        new FatWriter(d, 0, base.length).delete("system-connections/a-rather-long-connection-name-2");
        new FatWriter(d, 0, base.length).delete("system-connections/a-rather-long-connection-name-5");
        fsck(base, true, "after two deletions");
        byte[] conn = content(1200, 9);
        everyFailurePoint(base, w -> w.create("system-connections/balena-wifi-07", conn),
                "system-connections/balena-wifi-07", null, conn);
    }

    /**
     * A folder with no free slot left: the new entry goes into a new cluster, written before it is linked.
     * Names of 13 characters take two slots (one long-name part and the short entry): a new folder holds
     * "." and "..", then 7 such entries in its first sector and 8 in each further one.
     */
    @ParameterizedTest
    @CsvSource({"16", "32"})
    void createThatGrowsAFullFolderAtEveryFailurePoint(int fat) throws Exception {
        byte[] base = bootOf(Fixtures.built("wp-new" + fat, ImageSpec.raspberryPi().fat(fat).noConfigJson())).clone();
        FatBootSector bs = FatBootSector.parse(Arrays.copyOf(base, 512), base.length);
        int fill = 7 + 8 * (bs.sectorsPerCluster() - 1);
        MemDisk d = new MemDisk(base);
        for (int i = 0; i < fill; i++) {
            new FatWriter(d, 0, base.length).create(String.format("full/conn-file-%03d", i), content(10, i));
        }
        assertThat(scan(base).directory("full").regions()).hasSize(1);
        byte[] conn = content(64, 77);
        everyFailurePoint(base, w -> w.create("full/conn-file-999", conn), "full/conn-file-999", null, conn);
        byte[] img = base.clone();
        new FatWriter(new MemDisk(img), 0, img.length).create("full/conn-file-999", conn);
        assertThat(scan(img).directory("full").regions()).hasSize(2);
    }

    @ParameterizedTest
    @CsvSource({"16", "32"})
    void aFullBootPartitionIsRefusedBeforeAnyWrite(int fat) throws Exception {
        byte[] base = bootOf(Fixtures.built("wp-full" + fat, ImageSpec.raspberryPi().fat(fat)));
        byte[] img = base.clone();
        FatWriter w = new FatWriter(new MemDisk(img), 0, img.length);
        assertThatThrownBy(() -> w.replace("config.json", new byte[(int) w.freeBytes() + 100_000]))
                .isInstanceOf(EditException.class).hasMessageContaining("full");
        assertThat(img).isEqualTo(base);
    }

    /** Case 1 of the review: a root file whose chain runs into config.json's clusters. */
    @ParameterizedTest
    @CsvSource({"16", "32"})
    void crossLinkedChainsAreRefusedBeforeAnyWrite(int fat) throws Exception {
        byte[] base = bootOf(Fixtures.built("wp-cross" + fat, ImageSpec.raspberryPi().fat(fat)
                .bootFileAfterFingerprint("config.json", content(9000, 1))
                .bootFileAfterFingerprint("other.bin", content(3000, 2))));
        byte[] img = crossLink(base, "other.bin", "config.json");
        assertThat(open(img).crossLinks()).singleElement().asString().contains("config.json").contains("other.bin");
        byte[] before = img.clone();
        assertThatThrownBy(() -> new FatWriter(new MemDisk(img), 0, img.length).replace("config.json", new byte[10]))
                .isInstanceOf(EditException.class).hasMessageContaining("cross-linked").hasMessageContaining("fsck.fat");
        assertThat(img).isEqualTo(before);
    }

    /** Points the last cluster of {@code from}'s chain at the second cluster of {@code into} in both FATs. */
    static byte[] crossLink(byte[] base, String from, String into) throws Exception {
        byte[] img = base.clone();
        FatBootSector bs = FatBootSector.parse(Arrays.copyOf(img, 512), img.length);
        FatScan s = scan(img);
        long a = s.find(from).startCluster();
        long b = s.find(into).startCluster();
        int width = bs.kind() == FatBootSector.FatKind.FAT32 ? 4 : 2;
        long fatBytes = bs.fatSectors() * bs.bytesPerSector();
        for (int copy = 0; copy < bs.fatCount(); copy++) {
            int base0 = (int) (bs.fatOffsetBytes() + copy * fatBytes);
            long last = a;
            while (true) {
                long next = width == 4 ? dev.preflight.core.bytes.LittleEndian.u32(img, base0 + (int) last * 4) & 0x0FFFFFFFL
                        : dev.preflight.core.bytes.LittleEndian.u16(img, base0 + (int) last * 2);
                if (next >= (width == 4 ? 0x0FFFFFF8L : 0xFFF8)) {
                    break;
                }
                last = next;
            }
            long target = width == 4 ? dev.preflight.core.bytes.LittleEndian.u32(img, base0 + (int) b * 4) & 0x0FFFFFFFL
                    : dev.preflight.core.bytes.LittleEndian.u16(img, base0 + (int) b * 2);
            if (width == 4) {
                dev.preflight.core.bytes.LittleEndian.put32(img, base0 + (int) last * 4, target);
            } else {
                dev.preflight.core.bytes.LittleEndian.put16(img, base0 + (int) last * 2, (int) target);
            }
        }
        return img;
    }

    void fsck(byte[] boot, boolean clean, String when) throws Exception {
        Fsck.check(boot, clean, when, dir);
    }

    @Test
    void fsckRecognisesACrossLinkSoTheCheckAboveCanFail() throws Exception {
        if (!Fixtures.onPath("fsck.fat")) {
            return;
        }
        byte[] base = bootOf(Fixtures.built("wp-cross16", ImageSpec.raspberryPi().fat(16)
                .bootFileAfterFingerprint("config.json", content(9000, 1))
                .bootFileAfterFingerprint("other.bin", content(3000, 2))));
        byte[] img = crossLink(base, "other.bin", "config.json");
        assertThatThrownBy(() -> fsck(img, false, "planted cross-link")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("other.bin");
    }
}
