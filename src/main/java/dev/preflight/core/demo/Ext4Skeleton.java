package dev.preflight.core.demo;

import dev.preflight.core.bytes.LittleEndian;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The ext4 file systems of a built image: a superblock with the health fields Preflight reads and the
 * least structure its ext4 file reader needs (an empty root folder). Not mountable (decision 0004).
 */
final class Ext4Skeleton {
    private Ext4Skeleton() {
    }

    /** An ext4 superblock with the health fields Preflight reads (Linux ext4 super.rst offsets). */
    static void write(FileChannel ch, long[] part, String label, long kibWritten, int errors,
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
        byte[] uuid = HexFormat.of().parseHex(BalenaImageBuilder.md5(label.getBytes(StandardCharsets.US_ASCII)));
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
        BalenaImageBuilder.write(ch, part[0] + 1024, sb);
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
        BalenaImageBuilder.write(ch, start + 4096, gd);
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
        BalenaImageBuilder.write(ch, start + 2 * 4096 + 256, inode);
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
        BalenaImageBuilder.write(ch, start + rootBlock * 4096, dir);
    }
}
