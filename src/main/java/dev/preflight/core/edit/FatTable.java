package dev.preflight.core.edit;

import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.fat.FatBootSector.FatKind;
import dev.preflight.core.fat.FatBootSector;
import dev.preflight.core.fat.FatTableCheck;
import dev.preflight.core.image.Disk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The first FAT in memory, with change tracking so only changed sectors are written, FAT 1 first
 * and then each copy (Microsoft FAT spec §4).
 */
final class FatTable {
    private final FatBootSector bs;
    private final long fatStart;
    private final byte[] fat;
    private final TreeSet<Integer> dirtySectors = new TreeSet<>();

    FatTable(Disk disk, long volumeStart, FatBootSector bs) throws IOException {
        this.bs = bs;
        this.fatStart = volumeStart + bs.fatOffsetBytes();
        this.fat = new byte[(int) (bs.fatSectors() * bs.bytesPerSector())];
        disk.read(fatStart, fat);
    }

    /** The first FAT as it is in memory (with changes not yet flushed). */
    byte[] bytes() {
        return fat;
    }

    long get(long cluster) {
        return FatTableCheck.entry(bs.kind(), fat, cluster);
    }

    void set(long cluster, long value) {
        int off;
        switch (bs.kind()) {
            case FAT12: {
                off = (int) (cluster + cluster / 2);
                int v = LittleEndian.u16(fat, off);
                v = (cluster & 1) == 0 ? (v & 0xF000) | (int) (value & 0xFFF) : (v & 0x000F) | (int) ((value & 0xFFF) << 4);
                LittleEndian.put16(fat, off, v);
                mark(off, 2);
                return;
            }
            case FAT16:
                off = (int) (cluster * 2);
                LittleEndian.put16(fat, off, (int) value);
                mark(off, 2);
                return;
            default:
                off = (int) (cluster * 4);
                long keep = LittleEndian.u32(fat, off) & 0xF0000000L;
                LittleEndian.put32(fat, off, keep | (value & 0x0FFFFFFFL));
                mark(off, 4);
        }
    }

    private void mark(int off, int len) {
        dirtySectors.add(off / bs.bytesPerSector());
        dirtySectors.add((off + len - 1) / bs.bytesPerSector());
    }

    long endOfChain() {
        return bs.kind() == FatKind.FAT12 ? 0xFFF : bs.kind() == FatKind.FAT16 ? 0xFFFF : 0x0FFFFFFF;
    }

    boolean isEnd(long v) {
        return FatTableCheck.isEnd(bs.kind(), v);
    }

    /** The clusters of a chain (already validated loop-free by FatTableCheck when the volume was opened). */
    List<Long> chain(long first) {
        List<Long> out = new ArrayList<>();
        long c = first;
        long max = bs.clusterCount() + 1;
        while (c >= 2 && c <= max && out.size() <= max) {
            out.add(c);
            long next = get(c);
            if (next == 0 || isEnd(next)) {
                break;
            }
            c = next;
        }
        return out;
    }

    /** {@code n} free clusters, lowest first; null when the volume has fewer free. */
    List<Long> allocate(int n) {
        List<Long> out = new ArrayList<>();
        for (long c = 2; c <= bs.clusterCount() + 1 && out.size() < n; c++) {
            if (get(c) == 0) {
                out.add(c);
            }
        }
        return out.size() == n ? out : null;
    }

    long freeCount() {
        return FatTableCheck.freeClusters(bs, fat);
    }

    /** Reads FAT copy {@code n} (1 for the second) as it is on the medium into {@code into}. */
    void readCopy(Disk disk, int n, byte[] into) throws IOException {
        disk.read(fatStart + n * (long) fat.length, into);
    }

    /**
     * Makes every further copy equal to the first, sector by sector, and reads each back: what an edit
     * interrupted between writing FAT 1 and its copies leaves (the first copy is written first, so it is
     * the one that agrees with the directories; {@code fsck.fat -a} keeps it too). Call only after the first
     * copy passed every check and {@link SoundVolume#requireRepairableCopies}. The first copy is never
     * written, so an interruption here leaves copies that still differ and are repaired the next time.
     * Returns how many sectors were rewritten.
     */
    int repairCopies(Disk disk) throws IOException, EditException {
        int bps = bs.bytesPerSector();
        int rewritten = 0;
        byte[] other = new byte[fat.length];
        for (int copy = 1; copy < bs.fatCount(); copy++) {
            long base = fatStart + copy * (long) fat.length;
            readCopy(disk, copy, other);
            int before = rewritten;
            for (int at = 0; at < fat.length; at += bps) {
                if (!Arrays.equals(fat, at, at + bps, other, at, at + bps)) {
                    disk.write(base + at, Arrays.copyOfRange(fat, at, at + bps));
                    rewritten++;
                }
            }
            if (rewritten > before) {
                disk.force();
                readCopy(disk, copy, other);
                if (!Arrays.equals(fat, other)) {
                    throw new EditException("FAT copy " + (copy + 1) + " reads back differently after it was made equal"
                            + " to the first; nothing else was written. The card may be failing or read-only: check"
                            + " its write-protect switch, then 'preflight inspect' it, or replace it.");
                }
            }
        }
        return rewritten;
    }

    /** Writes the changed sectors to FAT 1, then to each further copy; clears the change set. */
    void flush(Disk disk) throws IOException {
        int bps = bs.bytesPerSector();
        for (int copy = 0; copy < bs.fatCount(); copy++) {
            long base = fatStart + copy * bs.fatSectors() * bps;
            for (int sector : dirtySectors) {
                byte[] s = Arrays.copyOfRange(fat, sector * bps, (sector + 1) * bps);
                disk.write(base + (long) sector * bps, s);
            }
        }
        dirtySectors.clear();
    }
}
