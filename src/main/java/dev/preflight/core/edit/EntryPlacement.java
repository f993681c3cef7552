package dev.preflight.core.edit;

import dev.preflight.core.fat.FatBootSector;
import dev.preflight.core.fat.FatScan;
import dev.preflight.core.image.Disk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a new entry of {@code need} slots will go in a directory, worked out before anything is written:
 * the slot of a free run, and the end-marker sectors to mark deleted first (still free slots) so the run
 * or a new cluster is not hidden behind the end marker; {@code slot} -1 means the directory must grow.
 * {@link FatWriter} then writes it in its order (decision 0007).
 *
 * @param slots       the absolute offset of every 32-byte slot of the directory, in order
 * @param slot        the index in {@code slots} of the first slot of the run, or -1
 * @param markDeleted the sectors whose free slots are marked deleted before the entry is written
 */
record EntryPlacement(List<Long> slots, int slot, List<Long> markDeleted) {

    /** Reads {@code dir}'s entries and plans where {@code need} slots go; a full FAT12/16 root is refused. */
    static EntryPlacement plan(Disk disk, FatBootSector bs, long volumeStart, FatScan.Directory dir, int need)
            throws IOException, EditException {
        int perSector = bs.bytesPerSector() / 32;
        if (need > perSector) {
            throw new EditException("the name is too long for one directory sector");
        }
        List<Long> slots = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        for (long[] r : dir.regions()) {
            byte[] buf = new byte[(int) r[1]];
            disk.read(r[0], buf);
            data.add(buf);
            for (long o = r[0]; o + 32 <= r[0] + r[1]; o += 32) {
                slots.add(o);
            }
        }
        byte[] firsts = new byte[slots.size()];
        byte[] attrs = new byte[slots.size()];
        int endMarker = -1;
        int base = 0;
        for (byte[] buf : data) {
            for (int i = 0; i * 32 + 32 <= buf.length; i++) {
                firsts[base + i] = buf[i * 32];
                attrs[base + i] = buf[i * 32 + 11];
                if (endMarker < 0 && buf[i * 32] == 0) {
                    endMarker = base + i;
                }
            }
            base += buf.length / 32;
        }
        List<Long> markDeleted = new ArrayList<>();
        while (true) {
            int at = findRun(bs, volumeStart, slots, firsts, attrs, endMarker, need);
            if (at >= 0) {
                return new EntryPlacement(slots, at, markDeleted);
            }
            if (endMarker < 0) {
                break;
            }
            // too few free slots left in the end marker's sector: mark them deleted (still free, one sector
            // write), so the end marker moves to the next sector, or the directory has none and can grow
            long sectorStart = sectorOf(bs, volumeStart, slots.get(endMarker));
            markDeleted.add(sectorStart);
            int i = endMarker;
            for (; i < slots.size() && sectorOf(bs, volumeStart, slots.get(i)) == sectorStart; i++) {
                firsts[i] = (byte) 0xE5;
            }
            endMarker = i < slots.size() ? i : -1;
        }
        if (dir.firstCluster() == 0) {
            throw new EditException("the boot partition's root folder is full; remove unneeded files from it first");
        }
        return new EntryPlacement(slots, -1, markDeleted);
    }

    /**
     * The first slot of a run of {@code need} free slots inside one sector whose predecessor is not a live
     * long-name part (which would attach itself to the new entry), starting at or before the end marker
     * (readers stop there); a run over the end marker needs an end marker after it.
     */
    private static int findRun(FatBootSector bs, long volumeStart, List<Long> slots, byte[] firsts, byte[] attrs,
                               int endMarker, int need) {
        for (int i = 0; i + need <= slots.size(); i++) {
            long sector = sectorOf(bs, volumeStart, slots.get(i));
            if (sectorOf(bs, volumeStart, slots.get(i + need - 1)) != sector) {
                continue;
            }
            boolean free = true;
            for (int k = i; k < i + need && free; k++) {
                free = firsts[k] == 0 || firsts[k] == (byte) 0xE5;
            }
            if (!free) {
                continue;
            }
            if (i > 0 && (attrs[i - 1] & 0x3F) == 0x0F && firsts[i - 1] != 0 && firsts[i - 1] != (byte) 0xE5) {
                continue;
            }
            if (endMarker >= 0 && i > endMarker) {
                break; // readers stop at the end marker: nothing after it is seen
            }
            int last = i + need - 1;
            if (endMarker >= 0 && last >= endMarker && last + 1 < slots.size() && firsts[last + 1] != 0) {
                continue;
            }
            return i;
        }
        return -1;
    }

    /** The start of the volume sector holding {@code offset}. */
    static long sectorOf(FatBootSector bs, long volumeStart, long offset) {
        int bps = bs.bytesPerSector();
        return volumeStart + (offset - volumeStart) / bps * bps;
    }
}
