package dev.preflight.core.fat;

import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.fat.FatBootSector.FatKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates the first FAT before the FAT library walks it: every allocated entry must point to a
 * cluster inside the volume or end its chain, and no chain may loop. The FAT is seen as a
 * functional graph (each cluster has at most one successor), so loops are found in one pass.
 * Also reads the clean-shutdown and hard-error flags of FAT[1] (Microsoft FAT spec §4.1) and whether
 * FAT[0] holds the media byte.
 */
public final class FatTableCheck {
    /**
     * A boot partition FAT larger than this is refused rather than loaded: 16 MiB is 4 million FAT32
     * clusters (a 16 GiB volume at 4 KiB clusters), far beyond any boot partition (40-256 MiB), and keeps
     * the FAT, its checks and the library's copy well inside the heap.
     */
    public static final long MAX_FAT_BYTES = 16L << 20;

    /**
     * @param mediaEntryDamaged FAT[0] does not repeat the media byte ({@link #mediaEntryIntact}): fsck.fat
     *                          then distrusts this copy
     */
    public record Result(List<String> problems, boolean cleanShutdownBitCleared, boolean hardErrorBitCleared,
                         long freeClusters, boolean mediaEntryDamaged) {
    }

    private FatTableCheck() {
    }

    public static Result check(FatBootSector bs, byte[] fat) {
        long clusters = bs.clusterCount();
        int n = (int) (clusters + 2);
        List<String> problems = new ArrayList<>();
        int[] table = entries(bs.kind(), fat, n);
        int end = endMarker(bs.kind());
        byte[] state = new byte[n];
        int[] path = new int[n];
        long free = free(table);
        for (int start = 2; start < n && problems.size() < 5; start++) {
            if (state[start] != 0 || table[start] == 0) { // done, or free: a chain of its own that ends at once
                continue;
            }
            int len = 0;
            int c = start;
            while (true) {
                if (state[c] == 1) {
                    problems.add("the cluster chain through cluster " + c + " loops back on itself");
                    break;
                }
                if (state[c] == 2) {
                    break;
                }
                state[c] = 1;
                path[len++] = c;
                int next = table[c];
                if (next == 0 || next >= end) {
                    break;
                }
                if (next < 2 || next > clusters + 1) {
                    problems.add("cluster " + c + " points to cluster " + next + ", outside the volume");
                    break;
                }
                c = next;
            }
            for (int i = 0; i < len; i++) {
                state[path[i]] = 2;
            }
        }
        long fat1 = entry(bs.kind(), fat, 1);
        boolean clean = true;
        if (bs.kind() == FatKind.FAT16) {
            clean = (fat1 & 0x8000) != 0;
        } else if (bs.kind() == FatKind.FAT32) {
            clean = (fat1 & 0x08000000L) != 0;
        }
        return new Result(problems, !clean, hardErrorRecorded(bs.kind(), fat), free, !mediaEntryIntact(bs.kind(), fat));
    }

    /** Whether FAT[1] of {@code fat} records a hard error: its no-I/O-error bit cleared (FAT16 and FAT32 only). */
    public static boolean hardErrorRecorded(FatKind kind, byte[] fat) {
        long fat1 = entry(kind, fat, 1);
        if (kind == FatKind.FAT16) {
            return (fat1 & 0x4000) == 0;
        }
        return kind == FatKind.FAT32 && (fat1 & 0x04000000L) == 0;
    }

    /**
     * Whether FAT[0] holds the media byte with every higher bit set ({@code 0xFF8}, {@code 0xFFF8},
     * {@code 0x0FFFFFF8} for a fixed disk; Microsoft FAT spec §4.2). When the FAT copies differ,
     * {@code fsck.fat -a} keeps the first copy only if its FAT[0] passes this (only the low four bits may
     * vary), and otherwise the second.
     */
    public static boolean mediaEntryIntact(FatKind kind, byte[] fat) {
        long high = (kind == FatKind.FAT12 ? 0xFFFL : kind == FatKind.FAT16 ? 0xFFFFL : 0x0FFFFFFFL) & ~0xFL;
        return (entry(kind, fat, 0) & high) == high;
    }

    /** FAT entry {@code cluster} (12, 16 or 28 bits, Microsoft FAT spec §4). */
    public static long entry(FatKind kind, byte[] fat, long cluster) {
        switch (kind) {
            case FAT12: {
                int off = (int) (cluster + cluster / 2);
                int v = LittleEndian.u16(fat, off);
                return (cluster & 1) == 0 ? v & 0xFFF : v >>> 4;
            }
            case FAT16:
                return LittleEndian.u16(fat, (int) (cluster * 2));
            default:
                return LittleEndian.u32(fat, (int) (cluster * 4)) & 0x0FFFFFFFL;
        }
    }

    /** How many clusters the FAT marks free. */
    public static long freeClusters(FatBootSector bs, byte[] fat) {
        return free(entries(bs.kind(), fat, (int) (bs.clusterCount() + 2)));
    }

    private static long free(int[] table) {
        long free = 0;
        for (int c = 2; c < table.length; c++) {
            if (table[c] == 0) {
                free++;
            }
        }
        return free;
    }

    /**
     * Entries 0 to {@code n - 1} at once: for FAT16 and FAT32 one bulk copy instead of a call per entry
     * (the per-entry loop was most of the FAT check, run before the JIT compiles it, on every start).
     */
    static int[] entries(FatKind kind, byte[] fat, int n) {
        int[] table = new int[n];
        ByteBuffer b = ByteBuffer.wrap(fat).order(ByteOrder.LITTLE_ENDIAN);
        if (kind == FatKind.FAT32) {
            b.asIntBuffer().get(table, 0, n);
            for (int i = 0; i < n; i++) {
                table[i] &= 0x0FFFFFFF;
            }
        } else if (kind == FatKind.FAT16) {
            short[] raw = new short[n];
            b.asShortBuffer().get(raw, 0, n);
            for (int i = 0; i < n; i++) {
                table[i] = raw[i] & 0xFFFF;
            }
        } else {
            for (int i = 0; i < n; i++) {
                table[i] = (int) entry(kind, fat, i);
            }
        }
        return table;
    }

    /** The smallest value that ends a chain (end of chain or bad cluster). */
    private static int endMarker(FatKind kind) {
        return kind == FatKind.FAT12 ? 0xFF7 : kind == FatKind.FAT16 ? 0xFFF7 : 0x0FFFFFF7;
    }

    /** End of chain or bad cluster marker: both stop a chain. */
    public static boolean isEnd(FatKind kind, long v) {
        return v >= endMarker(kind);
    }
}
