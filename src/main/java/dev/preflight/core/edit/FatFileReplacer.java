package dev.preflight.core.edit;

import dev.preflight.core.fat.FatBootSector;
import dev.preflight.core.fat.FatBootSector.FatKind;
import dev.preflight.core.fat.FatFormatException;
import dev.preflight.core.fat.FatTableCheck;
import dev.preflight.core.partition.Le;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * Replaces an existing file on a FAT volume inside an image or on a card so that a crash or a
 * pulled card at any write leaves either the old or the new file, never a mixture:
 * <ol>
 * <li>write the new content to free clusters (nothing refers to them yet), flush, read back, compare;</li>
 * <li>link the new chain in FAT 1, then in the FAT copy (a crash leaves only unreferenced clusters);</li>
 * <li>point the file's directory entry at the new chain and size: one 32-byte change in one
 * sector, the single step that switches old to new;</li>
 * <li>free the old chain (a crash leaves only unreferenced clusters), update FSInfo on FAT32.</li>
 * </ol>
 * Every step is followed by a flush. Free-cluster leaks after a crash are what {@code fsck.fat}
 * reclaims; the file is never cross-linked or half-written.
 */
public final class FatFileReplacer {
    private final Disk disk;
    private final long volumeStart;
    private final FatBootSector bs;
    private final FatTable fat;
    private final FatDirectory dir;

    public FatFileReplacer(Disk disk, long volumeStart, long volumeSize) throws IOException, EditException {
        this.disk = disk;
        this.volumeStart = volumeStart;
        byte[] s = new byte[512];
        disk.read(volumeStart, s);
        try {
            this.bs = FatBootSector.parse(s, volumeSize);
        } catch (FatFormatException e) {
            throw new EditException("the boot partition is not a usable FAT volume: " + e.getMessage());
        }
        this.fat = new FatTable(disk, volumeStart, bs);
        byte[] raw = new byte[(int) (bs.fatSectors() * bs.bytesPerSector())];
        disk.read(volumeStart + bs.fatOffsetBytes(), raw);
        List<String> problems = FatTableCheck.check(bs, raw).problems();
        if (!problems.isEmpty()) {
            throw new EditException("the boot partition's FAT is corrupt (" + String.join("; ", problems)
                    + "); refusing to write. Run fsck.fat or reflash the card.");
        }
        this.dir = new FatDirectory(disk, volumeStart, bs, fat);
    }

    /** Whether {@code path} exists as a file. */
    public boolean exists(String path) throws IOException {
        FatDirectory.Entry e = dir.find(path);
        return e != null && !e.directory();
    }

    public long freeBytes() {
        return fat.freeCount() * dir.clusterBytes();
    }

    /**
     * Replaces the content of an existing file.
     *
     * @throws EditException when the file is missing, the volume is full, or the read-back differs
     */
    public void replace(String path, byte[] content) throws IOException, EditException {
        FatDirectory.Entry entry = dir.find(path);
        if (entry == null || entry.directory()) {
            throw new EditException(path + " does not exist on the boot partition");
        }
        long clusterBytes = dir.clusterBytes();
        int needed = (int) ((content.length + clusterBytes - 1) / clusterBytes);
        List<Long> fresh = fat.allocate(needed);
        if (fresh == null) {
            throw new EditException("the boot partition is full: " + content.length + " bytes are needed and only "
                    + freeBytes() + " are free. Remove unneeded files from it first.");
        }
        List<Long> old = entry.startCluster() >= 2 ? fat.chain(entry.startCluster()) : List.of();
        writeFsInfoFreeCount(0xFFFFFFFFL); // "unknown" while the FAT changes (FAT spec §5)
        writeData(fresh, content, clusterBytes);
        disk.force();
        verifyData(fresh, content, clusterBytes);
        for (int i = 0; i < fresh.size(); i++) {
            fat.set(fresh.get(i), i + 1 < fresh.size() ? fresh.get(i + 1) : fat.endOfChain());
        }
        fat.flush(disk);
        disk.force();
        updateEntry(entry, fresh.isEmpty() ? 0 : fresh.get(0), content.length);
        disk.force();
        for (long c : old) {
            fat.set(c, 0);
        }
        fat.flush(disk);
        disk.force();
        updateFsInfo();
    }

    /**
     * Deletes a file: its directory entries (long-name parts and short entry) are marked deleted
     * sector by sector, the sector holding the short entry first, so the file is gone at the first
     * write (usually the only one: the entries share a sector); then its clusters are freed (a crash
     * leaves only unreferenced clusters). A crash between two entry sectors can leave an orphaned
     * long-name fragment, which readers ignore and fsck.fat removes.
     */
    public void delete(String path) throws IOException, EditException {
        FatDirectory.Entry entry = dir.find(path);
        if (entry == null || entry.directory()) {
            throw new EditException(path + " does not exist on the boot partition");
        }
        List<Long> chain = entry.startCluster() >= 2 ? fat.chain(entry.startCluster()) : List.of();
        writeFsInfoFreeCount(0xFFFFFFFFL);
        java.util.List<Long> offsets = new java.util.ArrayList<>(entry.lfnOffsets());
        offsets.add(entry.entryOffset());
        java.util.Map<Long, java.util.List<Long>> bySector = new java.util.LinkedHashMap<>();
        long shortSector = sectorOf(entry.entryOffset());
        bySector.put(shortSector, new java.util.ArrayList<>());
        for (long o : offsets) {
            bySector.computeIfAbsent(sectorOf(o), k -> new java.util.ArrayList<>()).add(o);
        }
        for (java.util.Map.Entry<Long, java.util.List<Long>> e : bySector.entrySet()) {
            markDeleted(e.getKey(), e.getValue());
            disk.force();
        }
        for (long c : chain) {
            fat.set(c, 0);
        }
        fat.flush(disk);
        disk.force();
        updateFsInfo();
    }

    private long sectorOf(long offset) {
        int bps = bs.bytesPerSector();
        return volumeStart + (offset - volumeStart) / bps * bps;
    }

    private void markDeleted(long sectorStart, List<Long> entryOffsets) throws IOException {
        byte[] sector = new byte[bs.bytesPerSector()];
        disk.read(sectorStart, sector);
        for (long o : entryOffsets) {
            sector[(int) (o - sectorStart)] = (byte) 0xE5;
        }
        disk.write(sectorStart, sector);
    }

    private void writeData(List<Long> clusters, byte[] content, long clusterBytes) throws IOException {
        int i = 0;
        while (i < clusters.size()) {
            int j = i;
            while (j + 1 < clusters.size() && clusters.get(j + 1) == clusters.get(j) + 1) {
                j++;
            }
            int from = (int) (i * clusterBytes);
            int len = (int) ((j - i + 1) * clusterBytes);
            byte[] run = Arrays.copyOfRange(content, from, from + len); // zero-padded past the end
            disk.write(dir.clusterOffset(clusters.get(i)), run);
            i = j + 1;
        }
    }

    private void verifyData(List<Long> clusters, byte[] content, long clusterBytes) throws IOException, EditException {
        for (int i = 0; i < clusters.size(); i++) {
            byte[] back = new byte[(int) clusterBytes];
            disk.read(dir.clusterOffset(clusters.get(i)), back);
            int from = (int) (i * clusterBytes);
            byte[] want = Arrays.copyOfRange(content, from, from + (int) clusterBytes);
            if (!Arrays.equals(back, want)) {
                throw new EditException("the card did not return what was written (read-back differs at byte " + from
                        + "); the old file is untouched. The card may be failing or read-only.");
            }
        }
    }

    private void updateEntry(FatDirectory.Entry entry, long firstCluster, long size) throws IOException {
        int bps = bs.bytesPerSector();
        long sectorStart = volumeStart + (entry.entryOffset() - volumeStart) / bps * bps;
        int within = (int) (entry.entryOffset() - sectorStart);
        byte[] sector = new byte[bps];
        disk.read(sectorStart, sector);
        Le.put16(sector, within + 26, (int) (firstCluster & 0xFFFF));
        if (bs.kind() == FatKind.FAT32) {
            Le.put16(sector, within + 20, (int) (firstCluster >>> 16));
        }
        Le.put32(sector, within + 28, size);
        LocalDateTime now = LocalDateTime.now();
        int time = now.getHour() << 11 | now.getMinute() << 5 | now.getSecond() / 2;
        int date = Math.max(0, now.getYear() - 1980) << 9 | now.getMonthValue() << 5 | now.getDayOfMonth();
        Le.put16(sector, within + 22, time);
        Le.put16(sector, within + 24, date);
        Le.put16(sector, within + 18, date);
        sector[within + 11] |= 0x20;
        disk.write(sectorStart, sector);
    }

    private void updateFsInfo() throws IOException {
        writeFsInfoFreeCount(fat.freeCount());
    }

    /** Makes FSInfo agree with the FAT (after an interrupted edit left it stale). */
    public void repairFsInfo() throws IOException {
        updateFsInfo();
    }

    private void writeFsInfoFreeCount(long count) throws IOException {
        if (bs.kind() != FatKind.FAT32) {
            return;
        }
        byte[] boot = new byte[512];
        disk.read(volumeStart, boot);
        int fsInfoSector = Le.u16(boot, 48);
        if (fsInfoSector == 0 || fsInfoSector == 0xFFFF || fsInfoSector >= bs.reservedSectors()) {
            return;
        }
        long at = volumeStart + (long) fsInfoSector * bs.bytesPerSector();
        byte[] s = new byte[bs.bytesPerSector()];
        disk.read(at, s);
        if (Le.u32(s, 0) != 0x41615252L || Le.u32(s, 484) != 0x61417272L) {
            return;
        }
        if (Le.u32(s, 488) == count) {
            return;
        }
        Le.put32(s, 488, count);
        disk.write(at, s);
        disk.force();
    }
}
