package dev.preflight.core.ext4;

import static dev.preflight.core.bytes.LittleEndian.u16;
import static dev.preflight.core.bytes.LittleEndian.u32;


/**
 * The layout fields of a superblock that a file reader needs (Linux
 * Documentation/filesystems/ext4/super.rst, e2fsprogs lib/ext2fs/ext2_fs.h), each checked so that
 * every later computation stays inside the partition: a hostile superblock ends here, in an
 * {@link Ext4FormatException}, not in a huge allocation or an endless loop.
 */
record Ext4Geometry(int blockSize, long blocksCount, long firstDataBlock, long blocksPerGroup, long inodesPerGroup,
                    long inodesCount, int inodeSize, int descSize, long groupCount, long incompat) {

    static final long INCOMPAT_FILETYPE = 0x2;
    static final long INCOMPAT_JOURNAL_DEV = 0x8;
    static final long INCOMPAT_META_BG = 0x10;
    static final long INCOMPAT_EXTENTS = 0x40;
    static final long INCOMPAT_64BIT = 0x80;
    static final long INCOMPAT_DIRDATA = 0x1000;
    static final long INCOMPAT_ENCRYPT = 0x10000;
    static final long INCOMPAT_INLINE_DATA = 0x8000;
    /** More groups than a 64 TiB file system with 4 KiB blocks has; a bound, not a limit of ext4. */
    static final long MAX_GROUPS = 1L << 22;

    static Ext4Geometry parse(byte[] sb, long partitionLength) throws Ext4FormatException {
        if (u16(sb, 0x38) != Ext4Superblock.MAGIC) {
            throw new Ext4FormatException("it has no ext2/3/4 superblock (magic 0xEF53 missing)");
        }
        long logBlock = u32(sb, 0x18);
        if (logBlock > 6) {
            throw new Ext4FormatException("its superblock gives a block size above 64 KiB");
        }
        int blockSize = 1024 << logBlock;
        long incompat = u32(sb, 0x60);
        boolean is64 = (incompat & INCOMPAT_64BIT) != 0;
        long blocks = u32(sb, 0x04) | (is64 ? u32(sb, 0x150) << 32 : 0);
        long firstData = u32(sb, 0x14);
        long blocksPerGroup = u32(sb, 0x20);
        long inodesPerGroup = u32(sb, 0x28);
        long inodes = u32(sb, 0x00);
        int rev = (int) u32(sb, 0x4C);
        int inodeSize = rev == 0 ? 128 : u16(sb, 0x58);
        int descSize = is64 ? u16(sb, 0xFE) : 32;
        if ((incompat & (INCOMPAT_JOURNAL_DEV | INCOMPAT_META_BG | INCOMPAT_DIRDATA)) != 0) {
            throw new Ext4FormatException("it uses a feature this reader does not support (journal device, "
                    + "meta_bg or dirdata, incompat flags 0x" + Long.toHexString(incompat) + ")");
        }
        if (blocks == 0 || partitionLength > 0 && blocks > partitionLength / blockSize + 1) {
            throw new Ext4FormatException("its superblock claims " + blocks + " blocks of " + blockSize
                    + " bytes, more than the partition holds");
        }
        if (firstData > 1 || blockSize == 1024 && firstData != 1) {
            throw new Ext4FormatException("its superblock gives first data block " + firstData);
        }
        if (blocksPerGroup == 0 || blocksPerGroup > 8L * blockSize || inodesPerGroup == 0
                || inodesPerGroup > 8L * blockSize) {
            throw new Ext4FormatException("its superblock gives " + blocksPerGroup + " blocks and " + inodesPerGroup
                    + " inodes per group (at most " + 8L * blockSize + ")");
        }
        if (inodeSize < 128 || inodeSize > blockSize || Integer.bitCount(inodeSize) != 1) {
            throw new Ext4FormatException("its superblock gives an inode size of " + inodeSize + " bytes");
        }
        if (descSize < 32 || descSize > 1024 || Integer.bitCount(descSize) != 1) {
            throw new Ext4FormatException("its superblock gives a group descriptor size of " + descSize + " bytes");
        }
        long groups = (blocks - firstData + blocksPerGroup - 1) / blocksPerGroup;
        if (groups <= 0 || groups > MAX_GROUPS || inodes > groups * inodesPerGroup) {
            throw new Ext4FormatException("its superblock gives " + groups + " block groups for " + inodes + " inodes");
        }
        return new Ext4Geometry(blockSize, blocks, firstData, blocksPerGroup, inodesPerGroup, inodes, inodeSize,
                descSize, groups, incompat);
    }

    boolean has(long incompatFlag) {
        return (incompat & incompatFlag) != 0;
    }

    /** Throws unless {@code count} blocks from {@code block} lie inside the file system. */
    void checkBlocks(long block, long count, String what) throws Ext4FormatException {
        if (block < 0 || count < 0 || block >= blocksCount || count > blocksCount - block) {
            throw new Ext4FormatException(what + " points at block " + block + (count > 1 ? " (+" + count + ")" : "")
                    + ", outside the file system's " + blocksCount + " blocks");
        }
    }
}
