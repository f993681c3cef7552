package dev.preflight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.support.CliStation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FAT volumes built to exhaust memory (review issue, case 3): a FAT32 whose FAT is 63 MB, and a root
 * directory whose chain is 1.6 GB long. Both are small sparse files. Run as the launcher runs the CLI
 * (512 MiB heap), they must end in one clear line and exit 2, never an OutOfMemoryError.
 */
class HostileFatTest {
    static final long START = 1L << 20;

    @TempDir
    Path dir;

    /**
     * A sparse disk with one FAT32 partition at 1 MiB: {@code fatSectors} per FAT, {@code clusters} data
     * clusters of {@code spc} sectors, and a root directory chain of {@code rootClusters} clusters.
     */
    static Path fat32(Path file, long fatSectors, long clusters, int spc, long rootClusters) throws IOException {
        long total = 32 + 2 * fatSectors + clusters * spc;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE)) {
            byte[] mbr = new byte[512];
            mbr[446 + 4] = 0x0C;
            LittleEndian.put32(mbr, 446 + 8, START / 512);
            LittleEndian.put32(mbr, 446 + 12, total);
            LittleEndian.put32(mbr, 440, 0x12345678L);
            mbr[510] = 0x55;
            mbr[511] = (byte) 0xAA;
            ch.write(ByteBuffer.wrap(mbr), 0);
            byte[] bs = new byte[512];
            bs[0] = (byte) 0xEB;
            bs[1] = 0x58;
            bs[2] = (byte) 0x90;
            System.arraycopy("MSWIN4.1".getBytes(StandardCharsets.US_ASCII), 0, bs, 3, 8);
            LittleEndian.put16(bs, 11, 512);
            bs[13] = (byte) spc;
            LittleEndian.put16(bs, 14, 32);
            bs[16] = 2;
            bs[21] = (byte) 0xF8;
            LittleEndian.put32(bs, 32, total);
            LittleEndian.put32(bs, 36, fatSectors);
            LittleEndian.put32(bs, 44, 2);
            LittleEndian.put16(bs, 48, 1);
            LittleEndian.put16(bs, 50, 6);
            bs[66] = 0x29;
            LittleEndian.put32(bs, 67, 0xCAFEF00DL);
            System.arraycopy("HOSTILE    FAT32   ".getBytes(StandardCharsets.US_ASCII), 0, bs, 71, 19);
            bs[510] = 0x55;
            bs[511] = (byte) 0xAA;
            ch.write(ByteBuffer.wrap(bs), START);
            for (int copy = 0; copy < 2; copy++) {
                long fatAt = START + (32 + copy * fatSectors) * 512;
                ByteBuffer fat = ByteBuffer.allocate((int) Math.min(fatSectors * 512, (rootClusters + 3) * 4 + 512));
                fat.order(java.nio.ByteOrder.LITTLE_ENDIAN);
                fat.putInt(0, 0x0FFFFFF8);
                fat.putInt(4, 0x0FFFFFFF);
                for (long c = 2; c < 2 + rootClusters; c++) {
                    fat.putInt((int) c * 4, (int) (c + 1 < 2 + rootClusters ? c + 1 : 0x0FFFFFFF));
                }
                ch.write(fat, fatAt);
            }
            ch.write(ByteBuffer.wrap(new byte[1]), START + total * 512 - 1);
        }
        return file;
    }

    record Run(int code, String output) {
    }

    /** The CLI in its own JVM with the launcher's 512 MiB heap. */
    Run cli(String... args) throws Exception {
        List<String> cmd = CliStation.inItsOwnJvm(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dpreflight.dataDir=" + dir.resolve("data"), "-Dpreflight.noLog=true"), args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    static void oneClearLine(Run r) {
        assertThat(r.output()).doesNotContain("OutOfMemoryError", "Exception", "\tat ");
        assertThat(r.output().lines().filter(l -> l.startsWith("preflight:")).count()).isEqualTo(1);
    }

    @Test
    void aSixtyThreeMegabyteFatEndsInOneLineUnderConfigInject() throws Exception {
        Path img = fat32(dir.resolve("hugefat.img"), 63L * 1024 * 1024 / 512, 20_000, 1, 1);
        Path cfg = Files.writeString(dir.resolve("config.json"), "{\"deviceType\":\"raspberrypi4-64\"}");
        byte[] before = Files.readAllBytes(img);
        Run inject = cli("config", "inject", img.toString(), cfg.toString());
        assertThat(inject.code()).as(inject.output()).isEqualTo(2);
        oneClearLine(inject);
        assertThat(Files.readAllBytes(img)).isEqualTo(before);
        Run inspect = cli("inspect", img.toString());
        assertThat(inspect.code()).as(inspect.output()).isEqualTo(1);
        assertThat(inspect.output()).contains("BOOT_FILESYSTEM_UNREADABLE").doesNotContain("Exception");
    }

    @Test
    void aRootDirectoryOfGigabytesEndsInOneLineUnderConfigGet() throws Exception {
        long clusters = 420_000; // 4 KiB clusters: 1.7 GB
        long rootClusters = 400_000; // 1.6 GB of root directory
        long fatSectors = (clusters + 2) * 4 / 512 + 1;
        Path img = fat32(dir.resolve("hugeroot.img"), fatSectors, clusters, 8, rootClusters);
        Run get = cli("config", "get", img.toString());
        assertThat(get.code()).as(get.output()).isEqualTo(2);
        oneClearLine(get);
        Run inspect = cli("inspect", img.toString());
        assertThat(inspect.code()).as(inspect.output()).isEqualTo(1);
        assertThat(inspect.output()).contains("larger than FAT allows").doesNotContain("Exception");
    }
}
