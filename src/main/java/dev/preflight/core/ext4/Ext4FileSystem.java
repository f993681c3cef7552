package dev.preflight.core.ext4;

import static dev.preflight.core.bytes.LittleEndian.u16;
import static dev.preflight.core.bytes.LittleEndian.u32;
import static dev.preflight.core.bytes.LittleEndian.u8;

import dev.preflight.core.image.ByteSource;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A read-only ext2/3/4 file reader over a partition of a {@link ByteSource}: path lookup,
 * directory listing and whole-file reads of small files (apps.json, an engine's repositories.json).
 * No Java ext4 library exists; see docs/decisions/0017-own-ext4-reader.md for what is and is not
 * supported. Every count and pointer is bounded and every read is charged to a byte budget, so a
 * hostile file system ends in an {@link Ext4FormatException}, never a hang or an out-of-memory.
 * Symbolic links are reported, never followed. Not thread-safe.
 */
public final class Ext4FileSystem {
    /** Bytes one file system object may read from the medium in total unless told otherwise. */
    public static final long DEFAULT_READ_BUDGET = 64L << 20;
    /** A directory larger than this is refused (an engine's biggest folders are far smaller). */
    public static final int MAX_DIRECTORY_BYTES = 16 << 20;
    static final int ROOT_INODE = 2;
    static final int MAX_PATH_DEPTH = 64;
    private static final int XATTR_MAGIC = 0xEA020000;
    private static final int XATTR_INDEX_SYSTEM = 7;

    private final ByteSource disk;
    private final long start;
    private final Ext4Geometry geo;
    private final long budget;
    private long spent;
    private final Map<Long, List<Ext4Directory.Entry>> dirs = new HashMap<>();

    private Ext4FileSystem(ByteSource disk, long start, Ext4Geometry geo, long budget) {
        this.disk = disk;
        this.start = start;
        this.geo = geo;
        this.budget = budget;
    }

    /** Opens the file system of the partition at byte {@code start}, {@code length} bytes long (≤ 0: unknown). */
    public static Ext4FileSystem open(ByteSource disk, long start, long length) throws IOException, Ext4FormatException {
        return open(disk, start, length, DEFAULT_READ_BUDGET);
    }

    /** As {@link #open(ByteSource, long, long)}, reading at most {@code readBudget} bytes over its life. */
    public static Ext4FileSystem open(ByteSource disk, long start, long length, long readBudget)
            throws IOException, Ext4FormatException {
        byte[] sb;
        try {
            sb = disk.readFully(start + 1024, 1024);
        } catch (EOFException e) {
            throw new Ext4FormatException("it ends before its superblock");
        }
        return new Ext4FileSystem(disk, start, Ext4Geometry.parse(sb, length), readBudget);
    }

    public int blockSize() {
        return geo.blockSize();
    }

    /** Bytes read from the medium so far (charged against the budget). */
    public long bytesRead() {
        return spent;
    }

    /** The names in the directory at {@code path} ("/" for the root), or null when there is no such directory. */
    public List<Ext4Directory.Entry> list(String path) throws IOException, Ext4FormatException {
        Ext4Inode dir = resolve(path);
        return dir == null || !dir.isDirectory() ? null : entries(dir);
    }

    /** The inode at {@code path}, or null when a component is missing, not a directory or a symbolic link. */
    public Ext4Inode resolve(String path) throws IOException, Ext4FormatException {
        Ext4Inode cur = inode(ROOT_INODE);
        int depth = 0;
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (++depth > MAX_PATH_DEPTH || !cur.isDirectory()) {
                return null;
            }
            Ext4Directory.Entry hit = null;
            for (Ext4Directory.Entry e : entries(cur)) {
                if (e.name().equals(part)) {
                    hit = e;
                    break;
                }
            }
            if (hit == null) {
                return null;
            }
            cur = inode(hit.inode());
            if (cur.isSymlink()) {
                return null; // never followed: a link on a card points into the device's tree, not this partition
            }
        }
        return cur;
    }

    /**
     * The content of the regular file at {@code path}, or null when it does not exist.
     *
     * @throws Ext4FormatException when it is larger than {@code maxBytes} or cannot be read
     */
    public byte[] read(String path, int maxBytes) throws IOException, Ext4FormatException {
        Ext4Inode f = resolve(path);
        if (f == null || !f.isRegularFile()) {
            return null;
        }
        return content(f, maxBytes, path);
    }

    /** Reads inode {@code number} (1-based). */
    public Ext4Inode inode(long number) throws IOException, Ext4FormatException {
        if (number < 1 || number > geo.inodesCount()) {
            throw new Ext4FormatException("a directory names inode " + number + " of " + geo.inodesCount());
        }
        long group = (number - 1) / geo.inodesPerGroup();
        long index = (number - 1) % geo.inodesPerGroup();
        long gdtBlock = geo.firstDataBlock() + 1;
        long descPos = gdtBlock * geo.blockSize() + group * geo.descSize();
        geo.checkBlocks(descPos / geo.blockSize(), 1, "the group descriptor table");
        byte[] d = bytes(descPos, Math.min(geo.descSize(), 64));
        long table = u32(d, 0x8) | (geo.descSize() >= 64 ? u32(d, 0x28) << 32 : 0);
        long pos = index * geo.inodeSize();
        geo.checkBlocks(table, pos / geo.blockSize() + 1, "group " + group + "'s inode table");
        return new Ext4Inode(number, bytes(table * geo.blockSize() + pos, geo.inodeSize()));
    }

    private List<Ext4Directory.Entry> entries(Ext4Inode dir) throws IOException, Ext4FormatException {
        List<Ext4Directory.Entry> known = dirs.get(dir.number());
        if (known != null) {
            return known;
        }
        boolean ft = geo.has(Ext4Geometry.INCOMPAT_FILETYPE);
        List<Ext4Directory.Entry> out;
        if (dir.has(Ext4Inode.FLAG_INLINE_DATA)) {
            // i_block: 4-byte parent inode, then entries; the rest continue in the system.data attribute
            byte[] ib = dir.iBlock();
            out = new ArrayList<>(Ext4Directory.parse(ib, 4, ib.length - 4, ib.length - 4, ft));
            byte[] more = inlineAttribute(dir);
            if (more != null && more.length > 0) {
                out.addAll(Ext4Directory.parse(more, 0, more.length, more.length, ft));
            }
        } else {
            byte[] data = content(dir, MAX_DIRECTORY_BYTES, "a directory");
            out = Ext4Directory.parse(data, 0, data.length - data.length % geo.blockSize(), geo.blockSize(), ft);
        }
        dirs.put(dir.number(), out);
        return out;
    }

    private byte[] content(Ext4Inode f, int maxBytes, String what) throws IOException, Ext4FormatException {
        long size = f.size();
        if (size < 0 || size > maxBytes) {
            throw new Ext4FormatException(what + " is " + size + " bytes, more than the " + maxBytes + " read at most");
        }
        if (f.has(Ext4Inode.FLAG_ENCRYPT)) {
            throw new Ext4FormatException(what + " is encrypted");
        }
        byte[] out = new byte[(int) size];
        if (f.has(Ext4Inode.FLAG_INLINE_DATA)) {
            byte[] ib = f.iBlock();
            int n = (int) Math.min(size, ib.length);
            System.arraycopy(ib, 0, out, 0, n);
            if (size > n) {
                byte[] more = inlineAttribute(f);
                if (more == null || more.length < size - n) {
                    throw new Ext4FormatException(what + " has less inline data than its size");
                }
                System.arraycopy(more, 0, out, n, (int) (size - n));
            }
            return out;
        }
        int bs = geo.blockSize();
        long wanted = (size + bs - 1) / bs;
        for (Ext4BlockMap.Run r : Ext4BlockMap.map(geo, this::block, f, wanted)) {
            if (r.zeros()) {
                continue;
            }
            long at = r.logical() * bs;
            int n = (int) Math.min(r.length() * bs, size - at);
            byte[] b = bytes(r.physical() * bs, n);
            System.arraycopy(b, 0, out, (int) at, n);
        }
        return out;
    }

    /** The value of the in-inode extended attribute "system.data" (the rest of inline data), or null. */
    private byte[] inlineAttribute(Ext4Inode f) throws Ext4FormatException {
        byte[] raw = f.raw();
        if (raw.length <= 128 + 4) {
            return null;
        }
        int extra = u16(raw, 0x80);
        int base = 128 + extra;
        if (extra % 4 != 0 || base + 4 > raw.length || (int) u32(raw, base) != XATTR_MAGIC) {
            return null;
        }
        int first = base + 4;
        int e = first;
        while (e + 16 <= raw.length && u32(raw, e) != 0) {
            int nameLen = u8(raw, e);
            int valueOff = u16(raw, e + 2);
            long valueSize = u32(raw, e + 8);
            if (e + 16 + nameLen > raw.length) {
                throw new Ext4FormatException("an inode's extended attributes run past the inode");
            }
            String name = new String(raw, e + 16, nameLen, StandardCharsets.ISO_8859_1);
            if (u8(raw, e + 1) == XATTR_INDEX_SYSTEM && name.equals("data")) {
                if (u32(raw, e + 4) != 0 || first + valueOff + valueSize > raw.length) {
                    throw new Ext4FormatException("an inode's inline data attribute lies outside the inode");
                }
                byte[] v = new byte[(int) valueSize];
                System.arraycopy(raw, first + valueOff, v, 0, v.length);
                return v;
            }
            e += (16 + nameLen + 3) & ~3;
        }
        return null;
    }

    private byte[] block(long number, String what) throws IOException, Ext4FormatException {
        geo.checkBlocks(number, 1, what);
        return bytes(number * geo.blockSize(), geo.blockSize());
    }

    private byte[] bytes(long fsOffset, int len) throws IOException, Ext4FormatException {
        if (spent + len > budget) {
            throw new Ext4FormatException("reading it would take more than " + (budget >> 20)
                    + " MiB (a loop or a hostile layout)");
        }
        spent += len;
        try {
            return disk.readFully(start + fsOffset, len);
        } catch (EOFException e) {
            throw new Ext4FormatException("it points past the end of " + disk.name() + " at byte " + fsOffset);
        }
    }
}
