package dev.preflight.core.demo;

import de.waldheinz.fs.FsDirectory;
import de.waldheinz.fs.FsDirectoryEntry;
import de.waldheinz.fs.fat.FatFileSystem;
import de.waldheinz.fs.fat.FatType;
import de.waldheinz.fs.fat.SuperFloppyFormatter;
import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.fat.FileRegionBlockDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds balenaOS-shaped disk images in pure Java: MBR with an extended partition or GPT, a FAT16
 * or FAT32 boot partition with the usual files and a balenaos.fingerprint, and ext4 superblocks
 * (superblock only: enough for Preflight's health reader, not mountable) on the other partitions.
 * Used for the bundled demo card and by the tests. The image file is sparse. This class lays the
 * partitions out and fills the boot partition; {@link PartitionTables} and {@link Ext4Skeleton} write
 * the rest.
 */
public final class BalenaImageBuilder {
    static final long MIB = 1L << 20;
    static final long SECTOR = 512;

    /** Where each partition went, for tests. */
    public record Layout(List<long[]> partitions, long totalBytes) {
    }

    private BalenaImageBuilder() {
    }

    public static Layout build(ImageSpec spec, Path out) throws IOException {
        long boot = spec.bootMiB * MIB;
        long root = spec.rootMiB * MIB;
        long rootB = spec.flasher ? 4 * MIB : root;
        long state = spec.flasher ? 4 * MIB : spec.stateMiB * MIB;
        long data = spec.flasher ? 4 * MIB : spec.dataMiB * MIB;
        List<long[]> parts = new ArrayList<>();
        long p1 = 4 * MIB;
        long p2 = p1 + boot;
        long p3 = p2 + root;
        long total;
        if (spec.table == ImageSpec.Table.MBR) {
            long ext = p3 + rootB;
            long p5 = ext + 4 * MIB;
            long p6 = p5 + state + 4 * MIB;
            total = p6 + data;
            parts.add(new long[] {p1, boot});
            parts.add(new long[] {p2, root});
            parts.add(new long[] {p3, rootB});
            parts.add(new long[] {ext, total - ext});
            parts.add(new long[] {p5, state});
            parts.add(new long[] {p6, data});
        } else {
            long p4 = p3 + rootB;
            long p5 = p4 + state;
            total = p5 + data + MIB;
            parts.add(new long[] {p1, boot});
            parts.add(new long[] {p2, root});
            parts.add(new long[] {p3, rootB});
            parts.add(new long[] {p4, state});
            parts.add(new long[] {p5, data});
        }
        Files.deleteIfExists(out);
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ, StandardOpenOption.SPARSE)) {
            write(ch, total - 1, new byte[1]);
            if (spec.table == ImageSpec.Table.MBR) {
                PartitionTables.writeMbr(ch, spec, parts, total);
            } else {
                PartitionTables.writeGpt(ch, spec, parts, total);
            }
            writeBoot(ch, spec, p1, boot);
            String px = spec.prefix();
            int n = spec.table == ImageSpec.Table.MBR ? 6 : 5;
            Ext4Skeleton.write(ch, parts.get(1), px + "-rootA", 900_000, 0, 75);
            Ext4Skeleton.write(ch, parts.get(2), px + "-rootB", 0, 0, 75);
            if (!spec.flasher) {
                Ext4Skeleton.write(ch, parts.get(n - 2), px + "-state", 120_000, 0, 75);
                Ext4Skeleton.write(ch, parts.get(n - 1), px + "-data", spec.dataKiBWritten, spec.dataErrors, spec.dataFreePercent);
            }
            ch.force(true);
        }
        return new Layout(parts, total);
    }

    /** Writes all of {@code b} at {@code pos}. */
    static void write(FileChannel ch, long pos, byte[] b) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
    }

    private static void writeBoot(FileChannel ch, ImageSpec spec, long start, long size) throws IOException {
        String label = spec.prefix() + "-boot";
        FileRegionBlockDevice dev = new FileRegionBlockDevice(ch, start, size);
        FatFileSystem fs = SuperFloppyFormatter.get(dev).setFatType(spec.fatBits == 32 ? FatType.FAT32 : FatType.FAT16)
                .setVolumeLabel(label).format();
        Map<String, byte[]> files = BootFiles.forSpec(spec);
        Map<String, byte[]> sorted = new TreeMap<>(files);
        StringBuilder fp = new StringBuilder();
        for (Map.Entry<String, byte[]> e : sorted.entrySet()) {
            if (!e.getKey().endsWith("config.json")) {
                fp.append(md5(e.getValue())).append("  ").append(e.getKey()).append('\n');
            }
        }
        files.put("balenaos.fingerprint", fp.toString().getBytes(StandardCharsets.US_ASCII));
        if (spec.includeConfig) {
            String cfg = spec.configJson != null ? spec.configJson : BootFiles.defaultConfigJson(spec);
            files.put("config.json", cfg.getBytes(StandardCharsets.UTF_8));
        }
        files.putAll(spec.afterFingerprint);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            addFile(fs.getRoot(), e.getKey(), e.getValue());
        }
        fs.close();
        byte[] bs = new byte[512];
        ByteBuffer buf = ByteBuffer.wrap(bs);
        dev.read(0, buf);
        int labelOff = spec.fatBits == 32 ? 0x47 : 0x2B;
        byte[] padded = String.format("%-11s", label).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(padded, 0, bs, labelOff, 11);
        if (spec.fatBits == 16) {
            // fat32-lib leaves the FAT16 volume serial at 0; give it a stable, non-zero one
            LittleEndian.put32(bs, 0x27, 0x5eed0000L | (spec.deviceType.hashCode() & 0xffff));
        }
        if (spec.fatDirty) {
            int stateOff = spec.fatBits == 32 ? 0x41 : 0x25;
            bs[stateOff] |= 0x01;
        }
        dev.write(0, ByteBuffer.wrap(bs));
    }

    private static void addFile(FsDirectory root, String path, byte[] content) throws IOException {
        String[] parts = path.split("/");
        FsDirectory dir = root;
        for (int i = 0; i < parts.length - 1; i++) {
            FsDirectoryEntry sub = dir.getEntry(parts[i]);
            dir = sub != null ? sub.getDirectory() : dir.addDirectory(parts[i]).getDirectory();
        }
        FsDirectoryEntry existing = dir.getEntry(parts[parts.length - 1]);
        FsDirectoryEntry entry = existing != null ? existing : dir.addFile(parts[parts.length - 1]);
        entry.getFile().setLength(content.length);
        entry.getFile().write(0, ByteBuffer.wrap(content));
        entry.getFile().flush();
    }

    static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
