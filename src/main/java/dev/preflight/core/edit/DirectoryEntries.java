package dev.preflight.core.edit;

import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.fat.FatBootSector.FatKind;
import dev.preflight.core.fat.FatNames;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * The bytes of the directory entries {@link FatWriter} writes (Microsoft FAT spec §6, §7): the names a
 * new file or folder gets, its long-name parts and short entry, and the fields changed when an existing
 * entry is pointed at new content. Only encoding: where and in which order they are written is the
 * writer's.
 */
final class DirectoryEntries {
    private DirectoryEntries() {
    }

    /** The 32-byte entries for a new name: long-name parts (last part first) then the short entry. */
    static byte[] encode(Names names, int attr, long cluster, long size, FatKind kind) {
        int n = names.slots() - 1;
        byte[] out = new byte[(n + 1) * 32];
        int sum = FatNames.checksum(names.short11());
        for (int k = 0; k < n; k++) {
            int part = n - k; // 1-based ordinal, stored last part first
            int at = k * 32;
            out[at] = (byte) (part | (k == 0 ? 0x40 : 0));
            out[at + 11] = 0x0F;
            out[at + 13] = (byte) sum;
            int[] pos = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
            String ln = names.longName();
            for (int i = 0; i < 13; i++) {
                int ci = (part - 1) * 13 + i;
                int ch = ci < ln.length() ? ln.charAt(ci) : ci == ln.length() ? 0 : 0xFFFF;
                LittleEndian.put16(out, at + pos[i], ch);
            }
        }
        putShort(out, n * 32, names.short11(), names.caseFlags(), attr, cluster, size, kind);
        return out;
    }

    /** A short entry at {@code at} of {@code b}: name, attributes, NT case flags, first cluster, size, times now. */
    static void putShort(byte[] b, int at, byte[] name11, int caseFlags, int attr, long cluster, long size,
                         FatKind kind) {
        Arrays.fill(b, at, at + 32, (byte) 0);
        System.arraycopy(name11, 0, b, at, 11);
        b[at + 11] = (byte) attr;
        b[at + 12] = (byte) caseFlags;
        setCluster(b, at, cluster, kind);
        LittleEndian.put32(b, at + 28, size);
        stamp(b, at, true);
    }

    /** Points an existing short entry at new content: first cluster, size, modified now, archive bit set. */
    static void repoint(byte[] b, int at, long cluster, long size, FatKind kind) {
        setCluster(b, at, cluster, kind);
        LittleEndian.put32(b, at + 28, size);
        stamp(b, at, false);
        b[at + 11] |= 0x20;
    }

    /** The first cluster: low half at byte 26, high half at byte 20 (FAT32 only; zero on FAT12/16). */
    private static void setCluster(byte[] b, int at, long cluster, FatKind kind) {
        LittleEndian.put16(b, at + 26, (int) (cluster & 0xFFFF));
        LittleEndian.put16(b, at + 20, kind == FatKind.FAT32 ? (int) (cluster >>> 16) : 0);
    }

    /** Modification (and, for a new entry, creation) time and date in FAT's packed local time (spec §6.1). */
    private static void stamp(byte[] b, int at, boolean created) {
        LocalDateTime now = LocalDateTime.now();
        int time = now.getHour() << 11 | now.getMinute() << 5 | now.getSecond() / 2;
        int date = Math.max(0, now.getYear() - 1980) << 9 | now.getMonthValue() << 5 | now.getDayOfMonth();
        if (created) {
            LittleEndian.put16(b, at + 14, time);
            LittleEndian.put16(b, at + 16, date);
        }
        LittleEndian.put16(b, at + 18, date);
        LittleEndian.put16(b, at + 22, time);
        LittleEndian.put16(b, at + 24, date);
    }

    /**
     * The names of a new entry: a name that fits 8.3 in one case per part is stored as a short entry with
     * the NT case flags (as Linux and Windows store "config.txt"), else a long name plus a unique short one.
     */
    record Names(String display, byte[] short11, int caseFlags, String longName) {
        /** Directory slots the entry takes: its long-name parts and the short entry. */
        int slots() {
            return longName == null ? 1 : (longName.length() + 12) / 13 + 1;
        }

        private static final String SHORT_CHARS = "!#$%&'()-@^_`{}~";

        static Names of(String name, Set<String> taken) throws EditException {
            if (name.isEmpty() || name.equals(".") || name.equals("..") || name.length() > 255
                    || name.chars().anyMatch(c -> c < 0x20 || "\"*/:<>?\\|".indexOf(c) >= 0)) {
                throw new EditException("'" + name + "' is not a valid FAT file name");
            }
            int dot = name.lastIndexOf('.');
            String base = dot > 0 ? name.substring(0, dot) : name;
            String ext = dot > 0 ? name.substring(dot + 1) : "";
            if (fits(base, 8) && fits(ext, 3) && oneCase(base) && oneCase(ext) && (dot < 0 || dot == name.indexOf('.'))) {
                byte[] s = pad(base.toUpperCase(Locale.ROOT), ext.toUpperCase(Locale.ROOT));
                int flags = (hasLower(base) ? 0x08 : 0) | (hasLower(ext) ? 0x10 : 0);
                if (taken.contains(new String(s, StandardCharsets.ISO_8859_1))) {
                    throw new EditException(name + " clashes with an existing short name");
                }
                return new Names(name, s, flags, null);
            }
            String b = clean(base);
            String e = ext.isEmpty() ? "" : clean(ext);
            if (e.length() > 3) {
                e = e.substring(0, 3);
            }
            for (int n = 1; n < 1_000_000; n++) {
                String tail = "~" + n;
                String head = b.length() > 8 - tail.length() ? b.substring(0, 8 - tail.length()) : b;
                byte[] s = pad(head + tail, e);
                if (!taken.contains(new String(s, StandardCharsets.ISO_8859_1))) {
                    return new Names(name, s, 0, name);
                }
            }
            throw new EditException("no free short name for " + name);
        }

        private static boolean fits(String part, int max) {
            return part.length() <= max && (max == 3 || !part.isEmpty())
                    && part.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || SHORT_CHARS.indexOf(c) >= 0));
        }

        private static boolean oneCase(String s) {
            return s.equals(s.toUpperCase(Locale.ROOT)) || s.equals(s.toLowerCase(Locale.ROOT));
        }

        private static boolean hasLower(String s) {
            return !s.equals(s.toUpperCase(Locale.ROOT));
        }

        private static String clean(String s) {
            StringBuilder out = new StringBuilder();
            for (char c : s.toUpperCase(Locale.ROOT).toCharArray()) {
                if (c == ' ' || c == '.') {
                    continue;
                }
                out.append(c < 128 && (Character.isLetterOrDigit(c) || SHORT_CHARS.indexOf(c) >= 0) ? c : '_');
            }
            return out.length() == 0 ? "_" : out.toString();
        }

        private static byte[] pad(String base, String ext) {
            byte[] s = new byte[11];
            Arrays.fill(s, (byte) ' ');
            byte[] b = base.getBytes(StandardCharsets.US_ASCII);
            byte[] x = ext.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(b, 0, s, 0, Math.min(8, b.length));
            System.arraycopy(x, 0, s, 8, Math.min(3, x.length));
            return s;
        }
    }
}
