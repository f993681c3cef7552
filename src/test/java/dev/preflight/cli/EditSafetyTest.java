package dev.preflight.cli;

import static dev.preflight.cli.CliTest.run;
import static dev.preflight.support.Fixtures.BOOT_SIZE;
import static dev.preflight.support.Fixtures.BOOT_START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.edit.CardLock;
import dev.preflight.core.fat.FatBootSector;
import dev.preflight.core.fat.FatFormatException;
import dev.preflight.core.fat.FatScan;
import dev.preflight.support.CliStation;
import dev.preflight.support.Fixtures;
import dev.preflight.support.Fsck;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review's write-safety cases through the command line, on real image bytes: a card that is not
 * sound is refused with exit 2 and not one byte changes; a second editor waits, then gets exit 3;
 * creating a file leaves every other directory entry where it was; folder writes never follow links.
 */
class EditSafetyTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final CliStation station = CliStation.in(() -> dir.resolve("data"));

    /** Runs {@code args}, which name {@code img}: it must exit with {@code code} and not change one byte of it. */
    static CliTest.Result refused(Path img, int code, String... args) throws IOException {
        byte[] before = Files.readAllBytes(img);
        CliTest.Result r = run(args);
        assertThat(r.code()).as(r.err()).isEqualTo(code);
        assertThat(Files.readAllBytes(img)).isEqualTo(before);
        return r;
    }

    static byte[] content(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static FatBootSector bootSector(byte[] image) throws FatFormatException {
        return FatBootSector.parse(Arrays.copyOfRange(image, (int) BOOT_START, (int) BOOT_START + 512), BOOT_SIZE);
    }

    static FatScan scan(Path img) throws Exception {
        byte[] all = Files.readAllBytes(img);
        byte[] boot = Arrays.copyOfRange(all, (int) BOOT_START, (int) (BOOT_START + BOOT_SIZE));
        FatBootSector bs = bootSector(all);
        byte[] fat = Arrays.copyOfRange(boot, (int) bs.fatOffsetBytes(),
                (int) (bs.fatOffsetBytes() + bs.fatSectors() * bs.bytesPerSector()));
        return FatScan.scan(bs, fat, 0, (pos, len) -> Arrays.copyOfRange(boot, (int) pos, (int) pos + len));
    }

    /** Case 1: a root file's chain runs into config.json's clusters. */
    @Test
    void aCrossLinkedCardIsReportedAndNeverWritten() throws Exception {
        Path img = Fixtures.copy("safety-cross", ImageSpec.raspberryPi().fat(32)
                .bootFileAfterFingerprint("notes.bin", content(3000, 2)), dir);
        FatScan s = scan(img);
        long from = s.find("notes.bin").startCluster();
        long into = s.find("config.json").startCluster();
        FatBootSector bs = bootSector(Files.readAllBytes(img));
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            for (int copy = 0; copy < bs.fatCount(); copy++) {
                long fatAt = BOOT_START + bs.fatOffsetBytes() + copy * bs.fatSectors() * bs.bytesPerSector();
                long last = from;
                while (true) { // walk notes.bin's chain to its end
                    byte[] e = new byte[4];
                    f.seek(fatAt + last * 4);
                    f.readFully(e);
                    long next = LittleEndian.u32(e, 0) & 0x0FFFFFFFL;
                    if (next >= 0x0FFFFFF8L) {
                        break;
                    }
                    last = next;
                }
                byte[] link = new byte[4];
                LittleEndian.put32(link, 0, into);
                f.seek(fatAt + last * 4);
                f.write(link);
            }
        }
        CliTest.Result inspect = run("inspect", "--json", img.toString());
        assertThat(inspect.out()).contains("FAT_CROSS_LINKED").contains("notes.bin").contains("config.json");
        assertThat(inspect.code()).isEqualTo(1);
        assertThat(refused(img, 2, "config", "set", img.toString(), "hostname", "spread").err())
                .contains("not sound", "FAT_CROSS_LINKED", "fsck.fat", "Nothing was written");
        refused(img, 2, "configtxt", "set", img.toString(), "enable_uart", "1");
        refused(img, 2, "wifi", "remove", img.toString(), "balena-wifi-01");
    }

    /** Case 3: partition 2 moved inside partition 1. */
    @Test
    void aCardWithOverlappingPartitionsIsNeverWritten() throws Exception {
        Path img = Fixtures.copy("safety-overlap", ImageSpec.raspberryPi(), dir);
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            byte[] lba = new byte[4];
            LittleEndian.put32(lba, 0, BOOT_START / 512 + 4096);
            f.seek(446 + 16 + 8);
            f.write(lba);
        }
        assertThat(run("inspect", img.toString()).out()).contains("PARTITION_OVERLAP");
        assertThat(refused(img, 2, "config", "set", img.toString(), "hostname", "x").err())
                .contains("PARTITION_OVERLAP", "Nothing was written");
    }

    @Test
    void differingFatCopiesAreMadeEqualToTheFirstBeforeTheEditAndTheUserIsTold() throws Exception {
        Path img = Fixtures.copy("safety-copies", ImageSpec.raspberryPi().fat(16), dir);
        byte[] all = Files.readAllBytes(img);
        FatBootSector bs = bootSector(all);
        long fatBytes = bs.fatSectors() * bs.bytesPerSector();
        long fat1 = BOOT_START + bs.fatOffsetBytes();
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(fat1 + fatBytes + 2 * 400); // a free cluster marked used in the second copy only
            f.write(new byte[] {(byte) 0xFF, (byte) 0xFF});
        }
        assertThat(run("inspect", img.toString()).out()).contains("FAT_COPIES_DIFFER");
        // into a new copy: the copy is repaired, the original is not written, and the note says so
        byte[] original = Files.readAllBytes(img);
        Path copy = dir.resolve("safety-copies-new.img");
        CliTest.Result c = run("config", "set", img.toString(), "hostname", "x", "--output", copy.toString());
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.err()).contains("FAT copies differed", "in the new copy " + copy, "the original was not written");
        assertThat(Files.readAllBytes(img)).isEqualTo(original);
        assertThat(run("inspect", copy.toString()).out()).doesNotContain("FAT_COPIES_DIFFER");
        CliTest.Result r = run("config", "set", img.toString(), "hostname", "x");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("FAT copies differed", "interrupted", "made equal to the first", "fsck.fat -a");
        all = Files.readAllBytes(img);
        assertThat(Arrays.copyOfRange(all, (int) (fat1 + fatBytes), (int) (fat1 + 2 * fatBytes)))
                .isEqualTo(Arrays.copyOfRange(all, (int) fat1, (int) (fat1 + fatBytes)));
        assertThat(run("inspect", img.toString()).out()).doesNotContain("FAT_COPIES_DIFFER").contains("hostname x");
        // said once, for the edit that repaired them
        assertThat(run("config", "set", img.toString(), "hostname", "y").err()).doesNotContain("FAT copies");
    }

    @Test
    void aRecordedHardErrorIsRefused() throws Exception {
        FatBootSector bs = bootSector(Files.readAllBytes(Fixtures.copy("safety-hard-bs", ImageSpec.raspberryPi()
                .fat(16), dir)));
        Path hard = Fixtures.copy("safety-hard", ImageSpec.raspberryPi().fat(16), dir);
        try (RandomAccessFile f = new RandomAccessFile(hard.toFile(), "rw")) {
            for (int copy = 0; copy < bs.fatCount(); copy++) {
                f.seek(BOOT_START + bs.fatOffsetBytes() + copy * bs.fatSectors() * bs.bytesPerSector() + 2);
                f.write(new byte[] {(byte) 0xFF, (byte) 0xBF}); // FAT[1]: the hard-error bit cleared
            }
        }
        assertThat(refused(hard, 2, "config", "set", hard.toString(), "hostname", "x").err()).contains("I/O error");

        Path second = Fixtures.copy("safety-hard-2", ImageSpec.raspberryPi().fat(16), dir);
        try (RandomAccessFile f = new RandomAccessFile(second.toFile(), "rw")) {
            f.seek(BOOT_START + bs.fatOffsetBytes() + bs.fatSectors() * bs.bytesPerSector() + 2);
            f.write(new byte[] {(byte) 0xFF, (byte) 0xBF}); // in the second copy only: not erased by a repair
        }
        assertThat(refused(second, 2, "config", "set", second.toString(), "hostname", "x").err())
                .contains("I/O error");
    }

    @Test
    void differingFatCopiesWhoseFirstCopyHasADamagedReservedEntryAreRefused() throws Exception {
        Path img = Fixtures.copy("safety-media", ImageSpec.raspberryPi().fat(16), dir);
        FatBootSector bs = bootSector(Files.readAllBytes(img));
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(BOOT_START + bs.fatOffsetBytes()); // FAT[0] of the first copy only: fsck.fat -a keeps the second
            f.write(new byte[] {(byte) 0xF8, 0});
        }
        assertThat(refused(img, 2, "config", "set", img.toString(), "hostname", "x").err())
                .contains("FAT[0]", "fsck.fat -a", "Nothing was written");
    }

    /** Case 2: a new connection file after two deletions; nothing else in the directory tree moves. */
    @Test
    void creatingAFileLeavesEveryOtherEntryInPlace() throws Exception {
        ImageSpec spec = ImageSpec.raspberryPi().fat(16);
        for (int i = 1; i <= 4; i++) {
            spec.bootFileAfterFingerprint("system-connections/balena-wifi-0" + i, ("[connection]\nid=w" + i
                    + "\ntype=wifi\n[wifi]\nssid=net" + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Path img = Fixtures.copy("safety-create", spec, dir);
        assertThat(run("wifi", "remove", img.toString(), "balena-wifi-01").code()).isZero();
        assertThat(run("wifi", "remove", img.toString(), "balena-wifi-03").code()).isZero();
        Map<String, String> before = entries(img);
        Map<String, byte[]> files = files(img);
        CliTest.Result add = run("wifi", "set", img.toString(), "--ssid", "Open Lab");
        assertThat(add.code()).as(add.err()).isZero();
        Map<String, String> after = entries(img);
        assertThat(after).containsAllEntriesOf(before);
        assertThat(after.size()).isEqualTo(before.size() + 1);
        Map<String, byte[]> filesAfter = files(img);
        files.forEach((k, v) -> assertThat(filesAfter.get(k)).as(k).isEqualTo(v));
        Fsck.check(img, BOOT_START, BOOT_SIZE, dir);
    }

    static Map<String, String> entries(Path img) throws Exception {
        byte[] all = Files.readAllBytes(img);
        Map<String, String> out = new HashMap<>();
        for (FatScan.Entry e : scan(img).entries()) {
            int o = (int) (BOOT_START + e.entryOffset());
            out.put(e.path(), e.entryOffset() + ":" + Arrays.toString(Arrays.copyOfRange(all, o, o + 32)));
        }
        return out;
    }

    static Map<String, byte[]> files(Path img) throws Exception {
        var v = dev.preflight.core.fat.FatVolume.open(new dev.preflight.support.ByteArraySource("i",
                Files.readAllBytes(img)), BOOT_START, BOOT_SIZE);
        Map<String, byte[]> out = new HashMap<>();
        for (var f : v.files()) {
            out.put(f.path(), v.read(f.path(), 1 << 24));
        }
        return out;
    }

    @Test
    void aSecondEditorWaitsThenGetsExit3AndWritesNothing() throws Exception {
        Path img = Fixtures.copy("safety-lock", ImageSpec.raspberryPi(), dir);
        station.lockWaitMillis(300);
        try (CardLock held = CardLock.acquire(img, img.toString())) {
            assertThat(refused(img, 3, "config", "set", img.toString(), "hostname", "second").err())
                    .contains("is being edited by another Preflight (pid " + ProcessHandle.current().pid() + ")",
                            "nothing was written");
        }
        assertThat(run("config", "set", img.toString(), "hostname", "second").code()).isZero();
    }

    /** Case 7: a planted link where the temporary file would go, and links on the card itself. */
    @Test
    void folderWritesNeverFollowLinks() throws Exception {
        Path boot = Files.createDirectories(dir.resolve("resin-boot"));
        Files.writeString(boot.resolve("config.json"), "{\"deviceType\":\"raspberrypi4-64\"}\n");
        Files.writeString(boot.resolve("device-type.json"), "{\"slug\":\"raspberrypi4-64\"}");
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
        Files.createSymbolicLink(boot.resolve("config.json.preflight-new"), victim);
        CliTest.Result r = run("config", "set", boot.toString(), "hostname", "kiosk");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.isSymbolicLink(boot.resolve("config.json"))).isFalse();
        assertThat(Files.readString(boot.resolve("config.json"))).contains("kiosk");
        try (Stream<Path> s = Files.list(boot)) {
            assertThat(s.map(p -> p.getFileName().toString()).collect(Collectors.toList()))
                    .containsExactlyInAnyOrder("config.json", "device-type.json", "config.json.preflight-new");
        }

        Files.delete(boot.resolve("config.json"));
        Files.createSymbolicLink(boot.resolve("config.json"), victim);
        CliTest.Result link = run("config", "set", boot.toString(), "hostname", "again");
        assertThat(link.code()).isEqualTo(2);
        assertThat(link.err()).contains("symbolic link", "nothing was read or written");
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.isSymbolicLink(boot.resolve("config.json"))).isTrue();

        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(boot.resolve("system-connections"), elsewhere);
        CliTest.Result wifi = run("wifi", "set", boot.toString(), "--ssid", "Lab");
        assertThat(wifi.code()).isEqualTo(2);
        try (Stream<Path> s = Files.list(elsewhere)) {
            assertThat(s.count()).isZero();
        }
        assertThat(Files.exists(boot.resolve("system-connections"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    /** A file whose first cluster the FAT marks free: the next file written would take it. */
    @Test
    void aFileOnAFreeClusterIsReportedAndNeverWritten() throws Exception {
        Path img = Fixtures.copy("safety-free", ImageSpec.raspberryPi().fat(16), dir);
        FatScan s = scan(img);
        FatBootSector bs = bootSector(Files.readAllBytes(img));
        long free = 0;
        byte[] all = Files.readAllBytes(img);
        for (long c = 2; c < bs.clusterCount(); c++) {
            if (LittleEndian.u16(all, (int) (BOOT_START + bs.fatOffsetBytes() + c * 2)) == 0) {
                free = c;
                break;
            }
        }
        FatScan.Entry cmdline = s.find("cmdline.txt");
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            byte[] c = new byte[2];
            LittleEndian.put16(c, 0, (int) free);
            f.seek(BOOT_START + cmdline.entryOffset() + 26);
            f.write(c);
        }
        assertThat(run("inspect", img.toString()).out()).contains("FAT_CHAIN_INVALID", "marks free");
        assertThat(refused(img, 2, "wifi", "set", img.toString(), "--ssid", "Lab").err())
                .contains("FAT_CHAIN_INVALID", "Nothing was written");
    }

    /**
     * Two entries named balena-wifi-01 in one folder, each with its own chain. Before the fix the card was
     * edited: 'wifi remove' deleted the first, the second (another network) took its place, and the command
     * ended with "the card may be failing".
     */
    @Test
    void twoEntriesOfOneNameAreReportedAndNeverWritten() throws Exception {
        Path img = Fixtures.copy("safety-twice", ImageSpec.raspberryPi().fat(32)
                .bootFileAfterFingerprint("system-connections/balena-wifi-01",
                        "[connection]\nid=first\ntype=wifi\n[wifi]\nssid=First\n".getBytes(StandardCharsets.UTF_8)),
                dir);
        FatScan s = scan(img);
        FatScan.Entry wifi = s.find("system-connections/balena-wifi-01");
        FatBootSector bs = bootSector(Files.readAllBytes(img));
        byte[] all = Files.readAllBytes(img);
        long free = 0;
        for (long c = 2; c < bs.clusterCount(); c++) { // a free cluster for the second entry's content
            if ((LittleEndian.u32(all, (int) (BOOT_START + bs.fatOffsetBytes() + c * 4)) & 0x0FFFFFFFL) == 0) {
                free = c;
                break;
            }
        }
        long slot = -1; // the first unused slot after the entry in its folder
        for (long at = wifi.entryOffset() + 32; slot < 0; at += 32) {
            if (all[(int) (BOOT_START + at)] == 0) {
                slot = at;
            }
        }
        long from = wifi.lfnOffsets().isEmpty() ? wifi.entryOffset() : wifi.lfnOffsets().get(0);
        byte[] entries = Arrays.copyOfRange(all, (int) (BOOT_START + from),
                (int) (BOOT_START + wifi.entryOffset() + 32));
        int shortAt = entries.length - 32;
        byte[] second = "[connection]\nid=second\ntype=wifi\n[wifi]\nssid=Second\n".getBytes(StandardCharsets.UTF_8);
        LittleEndian.put16(entries, shortAt + 26, (int) (free & 0xFFFF));
        LittleEndian.put16(entries, shortAt + 20, (int) (free >>> 16));
        LittleEndian.put32(entries, shortAt + 28, second.length);
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(BOOT_START + s.clusterOffset(free));
            f.write(second);
            for (int copy = 0; copy < bs.fatCount(); copy++) {
                byte[] end = new byte[4];
                LittleEndian.put32(end, 0, 0x0FFFFFFFL);
                f.seek(BOOT_START + bs.fatOffsetBytes() + copy * bs.fatSectors() * bs.bytesPerSector() + free * 4);
                f.write(end);
            }
            f.seek(BOOT_START + slot);
            f.write(entries);
        }
        if (Fixtures.onPath("fsck.fat")) { // the damage is real: fsck.fat sees the same
            Path part = dir.resolve("twice-boot.img");
            Files.write(part, Arrays.copyOfRange(Files.readAllBytes(img), (int) BOOT_START,
                    (int) (BOOT_START + BOOT_SIZE)));
            Process p = new ProcessBuilder("fsck.fat", "-n", part.toString()).redirectErrorStream(true).start();
            assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("Duplicate directory entry");
            p.waitFor();
        }
        assertThat(run("inspect", img.toString()).out())
                .contains("FAT_CHAIN_INVALID", "two entries named balena-wifi-01");
        assertThat(refused(img, 2, "wifi", "remove", img.toString(), "balena-wifi-01").err())
                .contains("FAT_CHAIN_INVALID", "Nothing was written");
        refused(img, 2, "config", "set", img.toString(), "hostname", "twice");
    }

    /** Entries after a directory's end marker: Linux and fsck.fat see them, so do the checks. */
    @Test
    void entriesAfterTheEndMarkerAreSeenAndRefused() throws Exception {
        Path img = Fixtures.copy("safety-ghost", ImageSpec.raspberryPi().fat(16), dir);
        FatScan s = scan(img);
        FatScan.Entry cfg = s.find("config.json");
        long[] root = s.directory("").regions().get(0);
        byte[] all = Files.readAllBytes(img);
        int end = -1;
        for (int o = 0; o < root[1]; o += 32) {
            if (all[(int) (BOOT_START + root[0] + o)] == 0) {
                end = o;
                break;
            }
        }
        byte[] ghost = new byte[32];
        System.arraycopy("GHOST   TXT".getBytes(StandardCharsets.US_ASCII), 0, ghost, 0, 11);
        ghost[11] = 0x20;
        LittleEndian.put16(ghost, 26, (int) cfg.startCluster());
        LittleEndian.put32(ghost, 28, 100);
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(BOOT_START + root[0] + end + 64); // two free slots after the end marker
            f.write(ghost);
        }
        CliTest.Result inspect = run("inspect", img.toString());
        assertThat(inspect.out()).contains("FAT_CROSS_LINKED", "GHOST.TXT");
        refused(img, 2, "config", "set", img.toString(), "hostname", "x");
    }

    /** A full FAT16 root folder: the new file is refused before a single byte is written. */
    @Test
    void aFullRootFolderIsRefusedBeforeAnyWrite() throws Exception {
        Path img = fullRoot("safety-fullroot");
        Path cfg = Files.writeString(dir.resolve("config.json"), "{\"deviceType\":\"raspberrypi4-64\"}");
        assertThat(refused(img, 3, "config", "inject", img.toString(), cfg.toString()).err())
                .contains("root folder is full").doesNotContain("undo");
    }

    /** The same, with FAT copies an interrupted write left differing: the failed edit says it made them equal. */
    @Test
    void aRefusedEditSaysItMadeDifferingFatCopiesEqualFirst() throws Exception {
        Path img = fullRoot("safety-fullroot-copies");
        byte[] all = Files.readAllBytes(img);
        FatBootSector bs = bootSector(all);
        int fatBytes = (int) (bs.fatSectors() * bs.bytesPerSector());
        int fat1 = (int) (BOOT_START + bs.fatOffsetBytes());
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(fat1 + fatBytes + 2 * 400); // a free cluster marked used in the second copy only
            f.write(new byte[] {(byte) 0xFF, (byte) 0xFF});
        }
        Path cfg = Files.writeString(dir.resolve("config.json"), "{\"deviceType\":\"raspberrypi4-64\"}");
        CliTest.Result r = run("config", "inject", img.toString(), cfg.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).contains("root folder is full", "FAT copies differed", "made equal to the first");
        byte[] after = Files.readAllBytes(img);
        assertThat(Arrays.copyOfRange(after, fat1 + fatBytes, fat1 + 2 * fatBytes))
                .isEqualTo(Arrays.copyOfRange(after, fat1, fat1 + fatBytes));
        System.arraycopy(after, fat1, all, fat1 + fatBytes, fatBytes);
        assertThat(after).as("nothing else written").isEqualTo(all);
    }

    /** A FAT16 image whose root folder has no free entry left. */
    private Path fullRoot(String key) throws Exception {
        Path img = Fixtures.copy(key, ImageSpec.raspberryPi().fat(16).noConfigJson(), dir);
        FatScan s = scan(img);
        long[] root = s.directory("").regions().get(0);
        byte[] all = Files.readAllBytes(img);
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            int n = 0;
            for (int o = 0; o < root[1]; o += 32) {
                int first = all[(int) (BOOT_START + root[0] + o)] & 0xff;
                if (first == 0 || first == 0xE5) {
                    byte[] e = new byte[32];
                    System.arraycopy(String.format("FILL%04dTXT", n++).getBytes(StandardCharsets.US_ASCII), 0, e, 0, 11);
                    e[11] = 0x20;
                    f.seek(BOOT_START + root[0] + o);
                    f.write(e);
                }
            }
        }
        return img;
    }

    /** A planted link where the lock file goes, and a lock folder others may clean out. */
    @Test
    void aPlantedLockFileLinkIsNeverFollowed() throws Exception {
        Path locks = Files.createDirectories(dir.resolve("locks"));
        station.lockDir(locks);
        Path img = Fixtures.copy("safety-locklink", ImageSpec.raspberryPi(), dir);
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
        Files.setAttribute(locks, "unix:mode", 01777);
        Path lockFile = locks.resolve(dev.preflight.core.edit.CardLockAccess.lockName(img));
        Files.createSymbolicLink(lockFile, victim);
        CliTest.Result r = run("config", "set", img.toString(), "hostname", "x");
        assertThat(r.code()).isNotZero();
        assertThat(Files.readString(victim)).isEqualTo("precious");
        Files.delete(lockFile);
        Files.setAttribute(locks, "unix:mode", 0777);
        Files.setAttribute(locks, "unix:uid", 65534);
        CliTest.Result open = run("config", "set", img.toString(), "hostname", "x");
        assertThat(open.code()).isEqualTo(2);
        assertThat(open.err()).contains("not safe to use", "belongs to another user");
    }

    @Test
    void badConnectionNamesAreUsageErrors() throws Exception {
        Path img = Fixtures.copy("safety-names", ImageSpec.raspberryPi(), dir);
        assertThat(run("wifi", "set", img.toString(), "--ssid", "Lab", "--name", ".").code()).isEqualTo(2);
        assertThat(run("wifi", "set", img.toString(), "--ssid", "Lab", "--name", "..").code()).isEqualTo(2);
        assertThat(run("wifi", "set", img.toString(), "--ssid", "Lab", "--name", "lab-network").code()).isZero();
        FatScan.Entry e = scan(img).find("system-connections/lab-network");
        assertThat(new String(e.shortName(), StandardCharsets.US_ASCII)).isEqualTo("LAB-NE~1   ");
    }
}
