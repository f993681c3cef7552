package dev.preflight.core.ext4;

import static dev.preflight.core.bytes.LittleEndian.u16;
import static dev.preflight.core.bytes.LittleEndian.u32;

import java.util.Arrays;

/**
 * One inode as read from the inode table (Linux Documentation/filesystems/ext4/inodes.rst). Only
 * what a read-only file reader needs: type, size, flags, the 60-byte i_block area (extent tree
 * root, block map or inline data) and the in-inode extended attributes that hold the rest of
 * inline data.
 */
public final class Ext4Inode {
    static final int FLAG_INDEX = 0x1000;
    static final int FLAG_EXTENTS = 0x80000;
    static final int FLAG_INLINE_DATA = 0x10000000;
    static final int FLAG_ENCRYPT = 0x800;
    static final int I_BLOCK = 0x28;
    static final int I_BLOCK_LEN = 60;

    private final long number;
    private final byte[] raw;

    Ext4Inode(long number, byte[] raw) {
        this.number = number;
        this.raw = raw;
    }

    public long number() {
        return number;
    }

    public int mode() {
        return u16(raw, 0);
    }

    public boolean isDirectory() {
        return (mode() & 0xF000) == 0x4000;
    }

    public boolean isRegularFile() {
        return (mode() & 0xF000) == 0x8000;
    }

    public boolean isSymlink() {
        return (mode() & 0xF000) == 0xA000;
    }

    /** File size in bytes (i_size_lo | i_size_high << 32). */
    public long size() {
        return u32(raw, 0x4) | u32(raw, 0x6C) << 32;
    }

    public int linksCount() {
        return u16(raw, 0x1A);
    }

    public long flags() {
        return u32(raw, 0x20);
    }

    boolean has(int flag) {
        return (flags() & flag) != 0;
    }

    /** A copy of the 60-byte i_block area. */
    byte[] iBlock() {
        return Arrays.copyOfRange(raw, I_BLOCK, I_BLOCK + I_BLOCK_LEN);
    }

    /** The whole on-disk inode (for the in-inode extended attributes). */
    byte[] raw() {
        return raw;
    }

    @Override
    public String toString() {
        return "inode " + number + " (mode " + Integer.toOctalString(mode()) + ", " + size() + " bytes)";
    }
}
