package dev.preflight.core.fat;

import dev.preflight.core.bytes.LittleEndian;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The names a FAT directory entry holds (Microsoft FAT spec §6, §7): the 8.3 short name with the NT
 * case flags, the 13-character parts of a long name, and the checksum that ties the parts to their
 * short entry.
 */
public final class FatNames {
    private FatNames() {
    }

    /** The short-name checksum that long-name entries carry (spec §7.2). */
    public static int checksum(byte[] shortName11) {
        int sum = 0;
        for (int i = 0; i < 11; i++) {
            sum = (((sum & 1) << 7) | ((sum & 0xff) >>> 1)) + (shortName11[i] & 0xff);
            sum &= 0xff;
        }
        return sum;
    }

    /** The characters of the long-name entry at {@code off}, up to its terminator. */
    static String lfnPart(byte[] b, int off) {
        StringBuilder s = new StringBuilder();
        int[][] ranges = {{1, 10}, {14, 12}, {28, 4}};
        for (int[] r : ranges) {
            for (int i = 0; i < r[1]; i += 2) {
                char c = (char) LittleEndian.u16(b, off + r[0] + i);
                if (c == 0 || c == 0xFFFF) {
                    return s.toString();
                }
                s.append(c);
            }
        }
        return s.toString();
    }

    /** The 8.3 name as Windows and Linux show it: the case flags of byte 12 applied (NT extension). */
    public static String shortName(byte[] b, int off) {
        byte[] name = Arrays.copyOfRange(b, off, off + 11);
        if ((name[0] & 0xff) == 0x05) {
            name[0] = (byte) 0xE5; // a real leading 0xE5 is stored as 0x05
        }
        String base = new String(name, 0, 8, StandardCharsets.ISO_8859_1).stripTrailing();
        String ext = new String(name, 8, 3, StandardCharsets.ISO_8859_1).stripTrailing();
        int caseFlags = b[off + 12];
        if ((caseFlags & 0x08) != 0) {
            base = base.toLowerCase(Locale.ROOT);
        }
        if ((caseFlags & 0x10) != 0) {
            ext = ext.toLowerCase(Locale.ROOT);
        }
        return ext.isEmpty() ? base : base + "." + ext;
    }
}
