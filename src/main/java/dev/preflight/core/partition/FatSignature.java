package dev.preflight.core.partition;

import static dev.preflight.core.bytes.LittleEndian.u16;
import static dev.preflight.core.bytes.LittleEndian.u8;

import java.nio.charset.StandardCharsets;

/**
 * Recognises a FAT boot sector where a partition table was expected (a card formatted without a table,
 * or a partition's first sector), without parsing the file system: that is the file system layer's job.
 */
public final class FatSignature {
    private FatSignature() {
    }

    /** Cheap recognition of sector 0 of a FAT volume (jump instruction, sane BPB, FS type text). */
    public static boolean looksLikeFat(byte[] s) {
        if (s.length < 512 || u16(s, 510) != 0xAA55) {
            return false;
        }
        boolean jump = (u8(s, 0) == 0xEB && u8(s, 2) == 0x90) || u8(s, 0) == 0xE9;
        int bps = u16(s, 11);
        int spc = u8(s, 13);
        String t16 = new String(s, 54, 3, StandardCharsets.US_ASCII);
        String t32 = new String(s, 82, 5, StandardCharsets.US_ASCII);
        return jump && (bps == 512 || bps == 1024 || bps == 2048 || bps == 4096) && spc > 0
                && Integer.bitCount(spc) == 1 && u16(s, 14) >= 1 && u8(s, 16) >= 1 && u8(s, 16) <= 2
                && (t16.equals("FAT") || t32.equals("FAT32"));
    }
}
