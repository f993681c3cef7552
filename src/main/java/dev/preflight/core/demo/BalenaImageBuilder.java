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
import java.util.zip.CRC32;

/**
 * Builds balenaOS-shaped disk images in pure Java: MBR with an extended partition or GPT, a FAT16
 * or FAT32 boot partition with the usual files and a balenaos.fingerprint, and ext4 superblocks
 * (superblock only: enough for Preflight's health reader, not mountable) on the other partitions.
 * Used for the bundled demo card and by the tests. The image file is sparse.
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
                writeMbr(ch, spec, parts, total);
            } else {
                writeGpt(ch, spec, parts, total);
            }
            writeBoot(ch, spec, p1, boot);
            String px = spec.prefix();
            int n = spec.table == ImageSpec.Table.MBR ? 6 : 5;
            writeExt4(ch, parts.get(1), px + "-rootA", 900_000, 0, 75);
            writeExt4(ch, parts.get(2), px + "-rootB", 0, 0, 75);
            if (!spec.flasher) {
                writeExt4(ch, parts.get(n - 2), px + "-state", 120_000, 0, 75);
                writeExt4(ch, parts.get(n - 1), px + "-data", spec.dataKiBWritten, spec.dataErrors, spec.dataFreePercent);
            }
            ch.force(true);
        }
        return new Layout(parts, total);
    }

    private static void write(FileChannel ch, long pos, byte[] b) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
    }

    private static void mbrEntry(byte[] s, int slot, boolean boot, int type, long lba, long count) {
        int e = 446 + slot * 16;
        s[e] = (byte) (boot ? 0x80 : 0);
        s[e + 1] = (byte) 0xFE;
        s[e + 2] = (byte) 0xFF;
        s[e + 3] = (byte) 0xFF;
        s[e + 4] = (byte) type;
        s[e + 5] = (byte) 0xFE;
        s[e + 6] = (byte) 0xFF;
        s[e + 7] = (byte) 0xFF;
        LittleEndian.put32(s, e + 8, lba);
        LittleEndian.put32(s, e + 12, count);
    }

    private static void writeMbr(FileChannel ch, ImageSpec spec, List<long[]> p, long total) throws IOException {
        byte[] mbr = new byte[512];
        LittleEndian.put32(mbr, 440, 0x5eed0000L | spec.deviceType.hashCode() & 0xffff);
        mbrEntry(mbr, 0, true, spec.fatBits == 32 ? 0x0c : 0x0e, p.get(0)[0] / SECTOR, p.get(0)[1] / SECTOR);
        mbrEntry(mbr, 1, false, 0x83, p.get(1)[0] / SECTOR, p.get(1)[1] / SECTOR);
        mbrEntry(mbr, 2, false, 0x83, p.get(2)[0] / SECTOR, p.get(2)[1] / SECTOR);
        mbrEntry(mbr, 3, false, 0x0f, p.get(3)[0] / SECTOR, p.get(3)[1] / SECTOR);
        LittleEndian.put16(mbr, 510, 0xAA55);
        write(ch, 0, mbr);
        long ext = p.get(3)[0] / SECTOR;
        long ebr1 = ext;
        long ebr2 = (p.get(4)[0] + p.get(4)[1]) / SECTOR;
        byte[] e1 = new byte[512];
        mbrEntry(e1, 0, false, 0x83, p.get(4)[0] / SECTOR - ebr1, p.get(4)[1] / SECTOR);
        mbrEntry(e1, 1, false, 0x05, ebr2 - ext, (p.get(5)[0] + p.get(5)[1]) / SECTOR - ebr2);
        LittleEndian.put16(e1, 510, 0xAA55);
        write(ch, ebr1 * SECTOR, e1);
        byte[] e2 = new byte[512];
        mbrEntry(e2, 0, false, 0x83, p.get(5)[0] / SECTOR - ebr2, p.get(5)[1] / SECTOR);
        LittleEndian.put16(e2, 510, 0xAA55);
        write(ch, ebr2 * SECTOR, e2);
    }

    private static final String ESP = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B";
    private static final String LINUX = "0FC63DAF-8483-4772-8E79-3D69D8477DE4";

    private static void writeGpt(FileChannel ch, ImageSpec spec, List<long[]> p, long total) throws IOException {
        long sectors = total / SECTOR;
        byte[] pmbr = new byte[512];
        mbrEntry(pmbr, 0, false, 0xEE, 1, Math.min(sectors - 1, 0xFFFFFFFFL));
        LittleEndian.put16(pmbr, 510, 0xAA55);
        write(ch, 0, pmbr);
        String px = spec.prefix();
        String[] names = {px + "-boot", px + "-rootA", px + "-rootB", px + "-state", px + "-data"};
        byte[] entries = new byte[128 * 128];
        for (int i = 0; i < p.size(); i++) {
            int off = i * 128;
            putGuid(entries, off, i == 0 ? ESP : LINUX);
            putGuid(entries, off + 16, String.format("%08X-0000-4000-8000-%012X", 0x5eed0000 + i, (long) i));
            LittleEndian.put64(entries, off + 32, p.get(i)[0] / SECTOR);
            LittleEndian.put64(entries, off + 40, (p.get(i)[0] + p.get(i)[1]) / SECTOR - 1);
            byte[] name = names[i].getBytes(StandardCharsets.UTF_16LE);
            System.arraycopy(name, 0, entries, off + 56, name.length);
        }
        CRC32 crc = new CRC32();
        crc.update(entries);
        long entriesCrc = crc.getValue();
        write(ch, 2 * SECTOR, entries);
        write(ch, (sectors - 33) * SECTOR, entries);
        write(ch, SECTOR, gptHeader(1, sectors - 1, 2, sectors, entriesCrc));
        write(ch, (sectors - 1) * SECTOR, gptHeader(sectors - 1, 1, sectors - 33, sectors, entriesCrc));
    }

    private static byte[] gptHeader(long my, long alt, long entriesLba, long sectors, long entriesCrc) {
        byte[] h = new byte[512];
        System.arraycopy("EFI PART".getBytes(StandardCharsets.US_ASCII), 0, h, 0, 8);
        LittleEndian.put32(h, 8, 0x00010000);
        LittleEndian.put32(h, 12, 92);
        LittleEndian.put64(h, 24, my);
        LittleEndian.put64(h, 32, alt);
        LittleEndian.put64(h, 40, 34);
        LittleEndian.put64(h, 48, sectors - 34);
        putGuid(h, 56, "5EED5EED-0000-4000-8000-000000000001");
        LittleEndian.put64(h, 72, entriesLba);
        LittleEndian.put32(h, 80, 128);
        LittleEndian.put32(h, 84, 128);
        LittleEndian.put32(h, 88, entriesCrc);
        CRC32 crc = new CRC32();
        crc.update(h, 0, 92);
        LittleEndian.put32(h, 16, crc.getValue());
        return h;
    }

    static void putGuid(byte[] b, int off, String guid) {
        String hex = guid.replace("-", "");
        byte[] raw = HexFormat.of().parseHex(hex);
        b[off] = raw[3];
        b[off + 1] = raw[2];
        b[off + 2] = raw[1];
        b[off + 3] = raw[0];
        b[off + 4] = raw[5];
        b[off + 5] = raw[4];
        b[off + 6] = raw[7];
        b[off + 7] = raw[6];
        System.arraycopy(raw, 8, b, off + 8, 8);
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

    /** An ext4 superblock with the health fields Preflight reads (Linux ext4 super.rst offsets). */
    private static void writeExt4(FileChannel ch, long[] part, String label, long kibWritten, int errors,
                                  int freePercent) throws IOException {
        byte[] sb = new byte[1024];
        long blocks = part[1] / 4096;
        LittleEndian.put32(sb, 0x00, blocks / 4);
        LittleEndian.put32(sb, 0x04, blocks);
        LittleEndian.put32(sb, 0x0C, blocks * freePercent / 100);
        LittleEndian.put32(sb, 0x10, blocks / 4 - 11);
        LittleEndian.put32(sb, 0x18, 2);
        LittleEndian.put32(sb, 0x2C, 1772000000L);
        LittleEndian.put32(sb, 0x30, 1772000000L);
        LittleEndian.put16(sb, 0x34, 7);
        LittleEndian.put16(sb, 0x36, 0xFFFF);
        LittleEndian.put16(sb, 0x38, 0xEF53);
        LittleEndian.put16(sb, 0x3A, errors > 0 ? 0x3 : 0x1);
        LittleEndian.put16(sb, 0x3C, 1);
        LittleEndian.put32(sb, 0x4C, 1);
        LittleEndian.put32(sb, 0x5C, 0x4);
        LittleEndian.put32(sb, 0x60, 0x2 | 0x40);
        byte[] uuid = HexFormat.of().parseHex(md5(label.getBytes(StandardCharsets.US_ASCII)));
        System.arraycopy(uuid, 0, sb, 0x68, 16);
        byte[] name = label.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, sb, 0x78, Math.min(16, name.length));
        LittleEndian.put32(sb, 0x108, 1772000000L);
        LittleEndian.put64(sb, 0x178, kibWritten);
        if (errors > 0) {
            LittleEndian.put32(sb, 0x194, errors);
            LittleEndian.put32(sb, 0x198, 1772100000L);
            LittleEndian.put32(sb, 0x1CC, 1772200000L);
            byte[] func = "ext4_find_entry".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(func, 0, sb, 0x1E0, func.length);
        }
        skeleton(ch, part[0], sb, blocks);
        write(ch, part[0] + 1024, sb);
    }

    /**
     * The least that makes the file system readable by Preflight's ext4 file reader: 32768 blocks and an
     * equal share of the inodes per group, 256-byte inodes, group 0's descriptor (block 1), its inode
     * table (from block 2) and an empty root folder (inode 2, one extent) after it. The other groups'
     * descriptors stay zero; nothing names their inodes.
     */
    private static void skeleton(FileChannel ch, long start, byte[] sb, long blocks) throws IOException {
        long groups = (blocks + 32767) / 32768;
        long perGroup = Math.max(16, (blocks / 4 + groups - 1) / groups);
        LittleEndian.put32(sb, 0x00, perGroup * groups);
        LittleEndian.put32(sb, 0x20, 32768);
        LittleEndian.put32(sb, 0x24, 32768);
        LittleEndian.put32(sb, 0x28, perGroup);
        LittleEndian.put16(sb, 0x58, 256);
        byte[] gd = new byte[32];
        LittleEndian.put32(gd, 0x8, 2);
        write(ch, start + 4096, gd);
        long rootBlock = 2 + (perGroup * 256 + 4095) / 4096;
        byte[] inode = new byte[256];
        LittleEndian.put16(inode, 0x0, 0x41ED);
        LittleEndian.put32(inode, 0x4, 4096);
        LittleEndian.put16(inode, 0x1A, 2);
        LittleEndian.put32(inode, 0x20, 0x80000);
        LittleEndian.put16(inode, 0x28, 0xF30A);
        LittleEndian.put16(inode, 0x2A, 1);
        LittleEndian.put16(inode, 0x2C, 4);
        LittleEndian.put16(inode, 0x38, 1);
        LittleEndian.put32(inode, 0x3C, rootBlock);
        write(ch, start + 2 * 4096 + 256, inode);
        byte[] dir = new byte[24];
        LittleEndian.put32(dir, 0, 2);
        LittleEndian.put16(dir, 4, 12);
        dir[6] = 1;
        dir[7] = 2;
        dir[8] = '.';
        LittleEndian.put32(dir, 12, 2);
        LittleEndian.put16(dir, 16, 4096 - 12);
        dir[18] = 2;
        dir[19] = 2;
        dir[20] = '.';
        dir[21] = '.';
        write(ch, start + rootBlock * 4096, dir);
    }
}
