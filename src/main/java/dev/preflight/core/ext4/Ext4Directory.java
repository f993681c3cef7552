package dev.preflight.core.ext4;

import static dev.preflight.core.bytes.LittleEndian.u16;
import static dev.preflight.core.bytes.LittleEndian.u32;
import static dev.preflight.core.bytes.LittleEndian.u8;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Linear directory entries (Linux Documentation/filesystems/ext4/directory.rst, "Linear (Classic)
 * Directories"). Hashed (htree) directories are read the same way: their index blocks look like
 * one empty entry spanning the block (inode 0), and the dx_root hides behind the ".." entry, so a
 * linear walk sees every name. Checksum tails (inode 0, rec_len 12) are skipped the same way.
 */
public final class Ext4Directory {

    /** One name in a directory; {@code type} is the dirent file type (1 file, 2 directory, 7 symlink; 0 unknown). */
    public record Entry(String name, long inode, int type) {
        public boolean isDirectory() {
            return type == 2;
        }

        public boolean isSymlink() {
            return type == 7;
        }
    }

    /** At most this many names in one directory: far above an engine's image store, a bound against loops. */
    public static final int MAX_ENTRIES = 200_000;

    private Ext4Directory() {
    }

    /**
     * Parses directory bytes made of {@code blockSize} blocks (or one inline area when
     * {@code blockSize} is the whole length). Entries never cross a block boundary.
     */
    static List<Entry> parse(byte[] data, int off, int len, int blockSize, boolean fileType)
            throws Ext4FormatException {
        List<Entry> out = new ArrayList<>();
        int end = off + len;
        int pos = off;
        while (pos + 8 <= end) {
            long inode = u32(data, pos);
            int recLen = u16(data, pos + 4);
            if (blockSize >= 65536 && (recLen == 0 || recLen == 65535)) {
                recLen = 65536;
            }
            int nameLen = fileType ? u8(data, pos + 6) : u16(data, pos + 6);
            int blockEnd = off + ((pos - off) / blockSize + 1) * blockSize;
            if (recLen < 8 || recLen % 4 != 0 || pos + recLen > Math.min(end, blockEnd) || 8 + nameLen > recLen) {
                throw new Ext4FormatException("a directory entry at byte " + (pos - off) + " has record length "
                        + recLen + " and name length " + nameLen);
            }
            if (inode != 0 && nameLen > 0) {
                String name = new String(data, pos + 8, nameLen, StandardCharsets.UTF_8);
                if (!name.equals(".") && !name.equals("..")) {
                    if (out.size() >= MAX_ENTRIES) {
                        throw new Ext4FormatException("a directory holds more than " + MAX_ENTRIES + " names");
                    }
                    out.add(new Entry(name, inode, fileType ? u8(data, pos + 7) : 0));
                }
            }
            pos += recLen;
        }
        return out;
    }
}
