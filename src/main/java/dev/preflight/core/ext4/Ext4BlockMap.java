package dev.preflight.core.ext4;

import static dev.preflight.core.bytes.LittleEndian.u16;
import static dev.preflight.core.bytes.LittleEndian.u32;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a file's blocks are: the extent tree (Linux Documentation/filesystems/ext4/ifork.rst,
 * "Extent Tree") or the classic direct/indirect block map ("Direct/Indirect Block Addressing").
 * Only the first {@code wanted} logical blocks are mapped; tree depth, nodes visited and every
 * physical pointer are bounded and checked against the file system.
 */
final class Ext4BlockMap {
    /** A run of {@code length} blocks at logical block {@code logical}; {@code physical} 0 with uninit = zeros. */
    record Run(long logical, long physical, long length, boolean zeros) {
    }

    static final int EXTENT_MAGIC = 0xF30A;
    /** The kernel allows depth 5 (EXT4_MAX_EXTENT_DEPTH). */
    static final int MAX_DEPTH = 5;
    /** Tree nodes read per file at most; a bound against cycles in a hostile tree. */
    static final int MAX_NODES = 4096;

    interface BlockReader {
        byte[] block(long number, String what) throws IOException, Ext4FormatException;
    }

    private final Ext4Geometry geo;
    private final BlockReader reader;
    private final long wanted;
    private final List<Run> runs = new ArrayList<>();
    private int nodes;

    private Ext4BlockMap(Ext4Geometry geo, BlockReader reader, long wanted) {
        this.geo = geo;
        this.reader = reader;
        this.wanted = wanted;
    }

    /** The runs covering logical blocks [0, wanted), in logical order; holes are simply absent. */
    static List<Run> map(Ext4Geometry geo, BlockReader reader, Ext4Inode inode, long wanted)
            throws IOException, Ext4FormatException {
        Ext4BlockMap m = new Ext4BlockMap(geo, reader, wanted);
        if (inode.has(Ext4Inode.FLAG_EXTENTS)) {
            m.extentNode(inode.iBlock(), 0, Ext4Inode.I_BLOCK_LEN, -1);
        } else {
            m.indirect(inode.iBlock());
        }
        return m.runs;
    }

    private void extentNode(byte[] b, int off, int len, int expectDepth) throws IOException, Ext4FormatException {
        if (++nodes > MAX_NODES) {
            throw new Ext4FormatException("a file's extent tree has more than " + MAX_NODES + " nodes");
        }
        if (u16(b, off) != EXTENT_MAGIC) {
            throw new Ext4FormatException("an extent tree node has no magic 0xF30A");
        }
        int entries = u16(b, off + 2);
        int max = u16(b, off + 4);
        int depth = u16(b, off + 6);
        if (entries > max || 12 + 12L * max > len || depth > MAX_DEPTH || expectDepth >= 0 && depth != expectDepth) {
            throw new Ext4FormatException("an extent tree node has " + entries + " of " + max + " entries at depth "
                    + depth);
        }
        for (int i = 0; i < entries; i++) {
            int e = off + 12 + 12 * i;
            long logical = u32(b, e);
            if (logical >= wanted) {
                return;
            }
            if (depth == 0) {
                int rawLen = u16(b, e + 4);
                boolean uninit = rawLen > 32768;
                long length = uninit ? rawLen - 32768 : rawLen;
                long start = u32(b, e + 8) | (long) u16(b, e + 6) << 32;
                if (length == 0) {
                    continue;
                }
                geo.checkBlocks(start, length, "an extent");
                add(new Run(logical, start, Math.min(length, wanted - logical), uninit));
            } else {
                long leaf = u32(b, e + 4) | (long) u16(b, e + 8) << 32;
                geo.checkBlocks(leaf, 1, "an extent index");
                extentNode(reader.block(leaf, "an extent tree node"), 0, geo.blockSize(), depth - 1);
            }
        }
    }

    private void add(Run r) throws Ext4FormatException {
        if (!runs.isEmpty()) {
            Run last = runs.get(runs.size() - 1);
            if (r.logical() < last.logical() + last.length()) {
                throw new Ext4FormatException("a file's extents overlap or are out of order");
            }
        }
        runs.add(r);
    }

    private void indirect(byte[] iBlock) throws IOException, Ext4FormatException {
        for (int i = 0; i < 12 && i < wanted; i++) {
            direct(i, u32(iBlock, 4 * i));
        }
        long perBlock = geo.blockSize() / 4;
        long base = 12;
        for (int level = 1; level <= 3 && base < wanted; level++) {
            walk(u32(iBlock, 4 * (11 + level)), level, base);
            base += pow(perBlock, level);
        }
    }

    private void walk(long block, int level, long base) throws IOException, Ext4FormatException {
        if (block == 0) {
            return;
        }
        if (++nodes > MAX_NODES) {
            throw new Ext4FormatException("a file's block map has more than " + MAX_NODES + " indirect blocks");
        }
        geo.checkBlocks(block, 1, "an indirect block");
        byte[] b = reader.block(block, "an indirect block");
        long perBlock = geo.blockSize() / 4;
        long span = pow(perBlock, level - 1);
        for (int i = 0; i < perBlock; i++) {
            long logical = base + i * span;
            if (logical >= wanted) {
                return;
            }
            long p = u32(b, 4 * i);
            if (level == 1) {
                direct(logical, p);
            } else {
                walk(p, level - 1, logical);
            }
        }
    }

    private void direct(long logical, long physical) throws Ext4FormatException {
        if (physical == 0) {
            return;
        }
        geo.checkBlocks(physical, 1, "a block pointer");
        Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
        if (last != null && last.logical() + last.length() == logical && last.physical() + last.length() == physical) {
            runs.set(runs.size() - 1, new Run(last.logical(), last.physical(), last.length() + 1, false));
        } else {
            add(new Run(logical, physical, 1, false));
        }
    }

    private static long pow(long b, int e) {
        long r = 1;
        for (int i = 0; i < e; i++) {
            r = Math.multiplyExact(r, b);
        }
        return r;
    }
}
