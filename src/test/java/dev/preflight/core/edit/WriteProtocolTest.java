package dev.preflight.core.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.fat.FatVolume;
import dev.preflight.support.ByteArraySource;
import dev.preflight.support.Fixtures;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The FAT write protocol under a fault-injecting disk: for every k, the k-th write of an edit fails
 * (a pulled card). Afterwards config.json must read back as exactly the old or the new content, the
 * FAT must pass our chain check, and fsck.fat may only report reclaimable lost clusters.
 */
class WriteProtocolTest {
    static final long BOOT = 4L << 20;
    static final long BOOT_SIZE = 40L << 20;

    @TempDir
    Path dir;

    /** A disk that fails the k-th write (1-based) and every write after it, like a removed card. */
    static final class FaultyDisk implements Disk {
        final Disk inner;
        final int failAt;
        int writes;

        FaultyDisk(Disk inner, int failAt) {
            this.inner = inner;
            this.failAt = failAt;
        }

        @Override
        public void read(long position, byte[] buf) throws IOException {
            inner.read(position, buf);
        }

        @Override
        public void write(long position, byte[] buf) throws IOException {
            writes++;
            if (failAt > 0 && writes >= failAt) {
                throw new IOException("injected failure at write " + writes);
            }
            inner.write(position, buf);
        }

        @Override
        public void force() throws IOException {
            inner.force();
        }

        @Override
        public long size() throws IOException {
            return inner.size();
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }

    static byte[] content(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] readConfig(Path img) throws Exception {
        byte[] all = Files.readAllBytes(img);
        FatVolume v = FatVolume.open(new ByteArraySource("img", all), BOOT, BOOT_SIZE); // also runs FatTableCheck
        return v.read("config.json", 1 << 20);
    }

    static int writesOf(Path img, byte[] next) throws Exception {
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FaultyDisk d = new FaultyDisk(Disk.of(ch, ch.size()), 0);
            new FatFileReplacer(d, BOOT, BOOT_SIZE).replace("config.json", next);
            return d.writes;
        }
    }

    @ParameterizedTest(name = "{0} FAT{1}, {2} -> {3} bytes")
    @CsvSource({"MBR,16,300,9000", "MBR,32,9000,300", "GPT,16,5000,5000", "MBR,32,0,70000", "MBR,16,2000,0"})
    void everyFailurePointLeavesOldOrNew(String table, int fat, int oldSize, int newSize) throws Exception {
        byte[] old = content(oldSize, 1);
        byte[] next = content(newSize, 2);
        ImageSpec spec = ImageSpec.raspberryPi().table(ImageSpec.Table.valueOf(table)).fat(fat)
                .bootFileAfterFingerprint("config.json", old);
        Path base = Fixtures.built("wp-" + table + fat + "-" + oldSize, spec);
        Path clean = dir.resolve("clean.img");
        Files.copy(base, clean);
        assertThat(readConfig(clean)).isEqualTo(old);
        int total = writesOf(clean, next);
        assertThat(readConfig(clean)).isEqualTo(next);
        assertThat(total).isGreaterThanOrEqualTo(3);
        fsck(clean, true);
        for (int k = 1; k <= total; k++) {
            Path img = dir.resolve("k" + k + ".img");
            Files.copy(base, img);
            try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FaultyDisk d = new FaultyDisk(Disk.of(ch, ch.size()), k);
                int failAt = k;
                assertThatThrownBy(() -> new FatFileReplacer(d, BOOT, BOOT_SIZE).replace("config.json", next))
                        .as("failure at write %d", failAt).isInstanceOf(IOException.class);
            }
            byte[] after = readConfig(img);
            assertThat(Arrays.equals(after, old) || Arrays.equals(after, next))
                    .as("after a failure at write %d of %d, config.json is old or new", k, total).isTrue();
            fsck(img, false);
            Files.delete(img);
        }
    }

    @ParameterizedTest
    @CsvSource({"16", "32"})
    void everyFailurePointOfADeleteLeavesTheFileOrNothing(int fat) throws Exception {
        byte[] conn = content(3000, 3);
        Path base = Fixtures.built("wp-del" + fat, ImageSpec.raspberryPi().fat(fat)
                .bootFileAfterFingerprint("system-connections/balena-wifi-01", conn));
        Path clean = dir.resolve("clean.img");
        Files.copy(base, clean);
        int total;
        try (FileChannel ch = FileChannel.open(clean, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FaultyDisk d = new FaultyDisk(Disk.of(ch, ch.size()), 0);
            new FatFileReplacer(d, BOOT, BOOT_SIZE).delete("system-connections/balena-wifi-01");
            total = d.writes;
        }
        assertThat(read(clean, "system-connections/balena-wifi-01")).isNull();
        fsck(clean, true);
        for (int k = 1; k <= total; k++) {
            Path img = dir.resolve("d" + k + ".img");
            Files.copy(base, img);
            try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FaultyDisk d = new FaultyDisk(Disk.of(ch, ch.size()), k);
                assertThatThrownBy(() -> new FatFileReplacer(d, BOOT, BOOT_SIZE)
                        .delete("system-connections/balena-wifi-01")).isInstanceOf(IOException.class);
            }
            byte[] after = read(img, "system-connections/balena-wifi-01");
            boolean underShortName = after == null && FatVolume.open(new ByteArraySource("i", Files.readAllBytes(img)),
                    BOOT, BOOT_SIZE).files().stream().anyMatch(f -> f.path().toUpperCase().startsWith("SYSTEM")
                    && f.path().toUpperCase().contains("BALENA~"));
            assertThat(after == null || Arrays.equals(after, conn)).as("failure at write %d", k).isTrue();
            assertThat(after != null || underShortName || k > 1).isTrue();
            fsck(img, false);
            Files.delete(img);
        }
    }

    /** fat32-lib device that fails the k-th write, for the create path (new files). */
    static final class FaultyBlockDevice implements de.waldheinz.fs.BlockDevice {
        final de.waldheinz.fs.BlockDevice inner;
        final int failAt;
        int writes;

        FaultyBlockDevice(de.waldheinz.fs.BlockDevice inner, int failAt) {
            this.inner = inner;
            this.failAt = failAt;
        }

        @Override
        public long getSize() throws IOException {
            return inner.getSize();
        }

        @Override
        public void read(long off, java.nio.ByteBuffer dest) throws IOException {
            inner.read(off, dest);
        }

        @Override
        public void write(long off, java.nio.ByteBuffer src) throws IOException {
            writes++;
            if (failAt > 0 && writes >= failAt) {
                throw new IOException("injected failure at write " + writes);
            }
            inner.write(off, src);
        }

        @Override
        public void flush() throws IOException {
            inner.flush();
        }

        @Override
        public int getSectorSize() throws IOException {
            return inner.getSectorSize();
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }

        @Override
        public boolean isClosed() {
            return inner.isClosed();
        }

        @Override
        public boolean isReadOnly() {
            return false;
        }
    }

    @ParameterizedTest
    @CsvSource({"16", "32"})
    void everyFailurePointOfACreateLeavesNoFileOrTheWholeFile(int fat) throws Exception {
        byte[] conn = content(5000, 4);
        Path base = Fixtures.built("wp-new" + fat, ImageSpec.raspberryPi().fat(fat).noConfigJson());
        Path clean = dir.resolve("clean.img");
        Files.copy(base, clean);
        int total;
        try (FileChannel ch = FileChannel.open(clean, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FaultyBlockDevice d = new FaultyBlockDevice(new dev.preflight.core.fat.FileRegionBlockDevice(ch, BOOT,
                    BOOT_SIZE), 0);
            dev.preflight.core.fat.FatFileCreator.create(d, "config.json", conn);
            total = d.writes;
        }
        assertThat(readConfig(clean)).isEqualTo(conn);
        fsck(clean, true);
        for (int k = 1; k <= total; k++) {
            Path img = dir.resolve("c" + k + ".img");
            Files.copy(base, img);
            try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FaultyBlockDevice d = new FaultyBlockDevice(new dev.preflight.core.fat.FileRegionBlockDevice(ch, BOOT,
                        BOOT_SIZE), k);
                assertThatThrownBy(() -> dev.preflight.core.fat.FatFileCreator.create(d, "config.json", conn))
                        .isInstanceOf(IOException.class);
            }
            byte[] after = readConfig(img);
            assertThat(after == null || Arrays.equals(after, conn)).as("failure at write %d of %d", k, total).isTrue();
            fsck(img, false);
            Files.delete(img);
        }
    }

    static byte[] read(Path img, String file) throws Exception {
        return FatVolume.open(new ByteArraySource("img", Files.readAllBytes(img)), BOOT, BOOT_SIZE).read(file, 1 << 20);
    }

    @ParameterizedTest
    @CsvSource({"16", "32"})
    void aFullBootPartitionIsRefusedBeforeAnyWrite(int fat) throws Exception {
        Path img = dir.resolve("full.img");
        Files.copy(Fixtures.built("wp-full" + fat, ImageSpec.raspberryPi().fat(fat)), img);
        byte[] before = Files.readAllBytes(img);
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FatFileReplacer r = new FatFileReplacer(Disk.of(ch, ch.size()), BOOT, BOOT_SIZE);
            assertThatThrownBy(() -> r.replace("config.json", new byte[(int) r.freeBytes() + 100_000]))
                    .isInstanceOf(EditException.class).hasMessageContaining("full");
        }
        assertThat(Files.readAllBytes(img)).isEqualTo(before);
    }

    /**
     * fsck.fat -n on the boot partition. A clean edit must be spotless apart from the known label note;
     * an interrupted one may also show reclaimable clusters, differing FAT copies and a stale free count.
     */
    static void fsck(Path img, boolean clean) throws Exception {
        if (!Fixtures.onPath("fsck.fat")) {
            return;
        }
        Path part = img.resolveSibling(img.getFileName() + ".p1");
        try (FileChannel in = FileChannel.open(img); FileChannel out = FileChannel.open(part,
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            in.transferTo(BOOT, BOOT_SIZE, out);
        }
        Process p = new ProcessBuilder("fsck.fat", "-n", part.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Files.delete(part);
        List<String> unexpected = new ArrayList<>();
        for (String line : out.split("\n")) {
            String l = line.trim();
            boolean known = l.isEmpty() || l.startsWith("fsck.fat") || l.contains("Volume label")
                    || l.startsWith("Auto-removing label") || l.startsWith("Leaving filesystem unchanged")
                    || l.matches(".*\\d+ files, \\d+/\\d+ clusters") || l.startsWith("Checking we can access")
                    || l.startsWith("There are differences between boot sector and its backup");
            boolean leak = l.startsWith("Reclaimed") || l.contains("unused cluster") || l.startsWith("Free cluster summary")
                    || l.contains("FATs differ") || l.startsWith("Using first FAT") || l.startsWith("1) Use first FAT")
                    || l.startsWith("2) Use second FAT") || l.startsWith("Auto-setting free cluster summary")
                    || l.startsWith("Auto-correcting") || l.startsWith("Free cluster summary uninitialized")
                    || l.startsWith("Long filename fragment") || l.startsWith("(Maybe the start bit")
                    || l.startsWith("Not auto-correcting this")
                    || l.startsWith("* ") || l.startsWith("Differences: (offset:original/backup)") || l.matches("\\d+:.*");
            if (!known && !(leak && !clean)) {
                unexpected.add(l);
            }
        }
        assertThat(unexpected).as("fsck.fat -n on %s said:%n%s", img.getFileName(), out).isEmpty();
    }
}
