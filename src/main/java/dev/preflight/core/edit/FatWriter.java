package dev.preflight.core.edit;

import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.edit.DirectoryEntries.Names;
import dev.preflight.core.fat.FatBootSector.FatKind;
import dev.preflight.core.fat.FatBootSector;
import dev.preflight.core.fat.FatFormatException;
import dev.preflight.core.fat.FatScan;
import dev.preflight.core.fat.FatTableCheck;
import dev.preflight.core.image.Disk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Changes files on a FAT volume inside an image or on a card so that a crash or a pulled card at any
 * write leaves a volume that opens, holding either the old or the new file, never a mixture
 * (decision 0007). Existing directory entries are never moved, repacked or rewritten; each change
 * has one switching write:
 * <ul>
 * <li><b>replace</b>: new content into free clusters, flush, read back; link the chain (FAT 1, then
 * the copies); point the file's entry at it (one 32-byte change in one sector); free the old chain.</li>
 * <li><b>create</b>: content and chain as above; the new entries (long name and short entry) go into
 * free slots of one sector, written at once; a full directory first gets a new cluster, written with the
 * entries in it before it is linked, so the link is the switch.</li>
 * <li><b>mkdir</b>: the new directory's cluster ("." and "..") is written and marked used, then its
 * entry is written as in create.</li>
 * <li><b>delete</b>: the entries are marked deleted (the short entry's sector first), then the chain
 * is freed.</li>
 * </ul>
 * FSInfo's free count is marked unknown during a change and set at the end. Before anything, the
 * volume must be sound: no chain that loops, leaves the volume or is shared (cross-linked), no recorded
 * hard error ({@link SoundVolume}); then FAT copies left behind by an interrupted change are made equal to
 * the first ({@link FatTable#repairCopies}).
 *
 * <p>Why this class is longer than 300 lines: the order of the writes is the guarantee, and it runs
 * through replace, create, mkdir, delete, the chain write with its read-back, the entry insertion and
 * FSInfo. Split across classes, no one place would show that every path writes and reads back content
 * before linking it, links before pointing an entry at it, and frees only after the switch. What has no
 * ordering of its own lives elsewhere: the bytes of an entry ({@link DirectoryEntries}), where a new
 * entry goes ({@link EntryPlacement}), the soundness check ({@link SoundVolume}) and the FAT in memory
 * ({@link FatTable}).
 */
public final class FatWriter {
    private final Disk disk;
    private final long volumeStart;
    private final FatBootSector bs;
    private final FatTable fat;
    private final int repairedSectors;
    private FatScan scan;

    public FatWriter(Disk disk, long volumeStart, long volumeSize) throws IOException, EditException {
        this(disk, volumeStart, volumeSize, true);
    }

    /**
     * With {@code repairCopies} false, only checks the volume and writes nothing (not even differing FAT
     * copies, which a writer made for a change repairs first).
     */
    public FatWriter(Disk disk, long volumeStart, long volumeSize, boolean repairCopies) throws IOException,
            EditException {
        this.disk = disk;
        this.volumeStart = volumeStart;
        byte[] s = new byte[512];
        disk.read(volumeStart, s);
        try {
            this.bs = FatBootSector.parse(s, volumeSize);
        } catch (FatFormatException e) {
            throw new EditException("the boot partition is not a usable FAT volume: " + e.getMessage());
        }
        if (bs.fatSectors() * bs.bytesPerSector() > FatTableCheck.MAX_FAT_BYTES) {
            throw new EditException("the boot partition's FAT is " + bs.fatSectors() * bs.bytesPerSector()
                    + " bytes, far larger than any boot partition's; refusing to write. Reflash the card.");
        }
        this.fat = new FatTable(disk, volumeStart, bs);
        SoundVolume.requireSoundFat(bs, fat.bytes());
        rescan();
        SoundVolume.requireSoundTree(scan);
        boolean differ = SoundVolume.requireRepairableCopies(disk, bs, fat, s);
        repairedSectors = repairCopies && differ ? fat.repairCopies(disk) : 0; // equal copies: read once, not twice
    }

    /**
     * How many sectors of the FAT copies were made equal to the first before any change (an earlier write
     * was interrupted between the two); 0 when they were equal.
     */
    public int repairedSectors() {
        return repairedSectors;
    }

    private void rescan() throws IOException {
        scan = FatScan.scan(bs, fat.bytes(), volumeStart, (pos, len) -> {
            byte[] b = new byte[len];
            disk.read(pos, b);
            return b;
        });
    }

    /** Whether {@code path} exists as a file. */
    public boolean exists(String path) {
        FatScan.Entry e = scan.find(path);
        return e != null && !e.directory();
    }

    public long freeBytes() {
        return fat.freeCount() * scan.clusterBytes();
    }

    /** Replaces {@code path}'s content, or creates it (and its folder) when it does not exist. */
    public void put(String path, byte[] content) throws IOException, EditException {
        if (exists(path)) {
            replace(path, content);
        } else {
            create(path, content);
        }
    }

    /**
     * Replaces the content of an existing file.
     *
     * @throws EditException when the file is missing, the volume is full, or the read-back differs
     */
    public void replace(String path, byte[] content) throws IOException, EditException {
        FatScan.Entry entry = scan.find(path);
        if (entry == null || entry.directory()) {
            throw new EditException(path + " does not exist on the boot partition");
        }
        List<Long> fresh = allocate(clustersFor(content.length), content.length);
        List<Long> old = entry.startCluster() >= 2 ? fat.chain(entry.startCluster()) : List.of();
        writeFsInfoFreeCount(0xFFFFFFFFL); // "unknown" while the FAT changes (FAT spec §5)
        writeChain(fresh, content);
        updateEntry(entry, fresh.isEmpty() ? 0 : fresh.get(0), content.length);
        disk.force();
        freeAndFinish(old);
    }

    /** Creates a new file (and its parent folder when missing); it must not exist yet. */
    public void create(String path, byte[] content) throws IOException, EditException {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (scan.find(p) != null) {
            throw new EditException(p + " already exists on the boot partition");
        }
        int slash = p.lastIndexOf('/');
        String parent = slash < 0 ? "" : p.substring(0, slash);
        String name = p.substring(slash + 1);
        if (!parent.isEmpty() && scan.directory(parent) == null) {
            mkdirs(parent);
        }
        FatScan.Directory dir = scan.directory(parent);
        if (dir == null) {
            throw new EditException(parent + " on the boot partition is not a folder");
        }
        Names names = Names.of(name, shortNamesIn(dir));
        EntryPlacement room = EntryPlacement.plan(disk, bs, volumeStart, dir, names.slots()); // a full root folder is refused here, before any write
        int dataClusters = clustersFor(content.length);
        List<Long> all = allocate(dataClusters + (room.slot() < 0 ? 1 : 0), content.length);
        List<Long> fresh = all.subList(0, dataClusters);
        writeFsInfoFreeCount(0xFFFFFFFFL);
        writeChain(fresh, content);
        insertEntries(dir, room, DirectoryEntries.encode(names, 0x20, fresh.isEmpty() ? 0 : fresh.get(0),
                content.length, bs.kind()),
                room.slot() < 0 ? all.get(dataClusters) : -1);
        finish();
    }

    private void mkdirs(String path) throws IOException, EditException {
        int slash = path.lastIndexOf('/');
        String parent = slash < 0 ? "" : path.substring(0, slash);
        if (!parent.isEmpty() && scan.directory(parent) == null) {
            mkdirs(parent);
        }
        FatScan.Directory dir = scan.directory(parent);
        FatScan.Entry clash = scan.find(path);
        if (dir == null || clash != null) {
            throw new EditException(path + " on the boot partition is a file, not a folder");
        }
        Names names = Names.of(path.substring(slash + 1), shortNamesIn(dir));
        EntryPlacement p = EntryPlacement.plan(disk, bs, volumeStart, dir, names.slots());
        List<Long> c = allocate(p.slot() < 0 ? 2 : 1, 1);
        long cluster = c.get(0);
        byte[] content = new byte[(int) scan.clusterBytes()];
        byte[] dot = new byte[11];
        Arrays.fill(dot, (byte) ' ');
        dot[0] = '.';
        DirectoryEntries.putShort(content, 0, dot, 0, 0x10, cluster, 0, bs.kind());
        dot[1] = '.';
        long parentCluster = dir.firstCluster() == bs.rootCluster() && bs.kind() == FatKind.FAT32 ? 0 : dir.firstCluster();
        DirectoryEntries.putShort(content, 32, dot, 0, 0x10, parentCluster, 0, bs.kind());
        writeFsInfoFreeCount(0xFFFFFFFFL);
        disk.write(scan.clusterOffset(cluster), content);
        disk.force();
        verify(List.of(cluster), content);
        fat.set(cluster, fat.endOfChain());
        fat.flush(disk);
        disk.force();
        insertEntries(dir, p, DirectoryEntries.encode(names, 0x10, cluster, 0, bs.kind()), p.slot() < 0 ? c.get(1) : -1);
        finish();
    }

    /**
     * Deletes a file: its directory entries (long-name parts and short entry) are marked deleted
     * sector by sector, the sector holding the short entry first, so the file is gone at the first
     * write (usually the only one: the entries share a sector); then its clusters are freed (a crash
     * leaves only unreferenced clusters). A crash between two entry sectors can leave an orphaned
     * long-name fragment, which readers ignore and fsck.fat removes.
     */
    public void delete(String path) throws IOException, EditException {
        FatScan.Entry entry = scan.find(path);
        if (entry == null || entry.directory()) {
            throw new EditException(path + " does not exist on the boot partition");
        }
        List<Long> chain = entry.startCluster() >= 2 ? fat.chain(entry.startCluster()) : List.of();
        writeFsInfoFreeCount(0xFFFFFFFFL);
        Map<Long, List<Long>> bySector = new LinkedHashMap<>();
        bySector.put(sectorOf(entry.entryOffset()), new ArrayList<>());
        List<Long> offsets = new ArrayList<>(entry.lfnOffsets());
        offsets.add(entry.entryOffset());
        for (long o : offsets) {
            bySector.computeIfAbsent(sectorOf(o), k -> new ArrayList<>()).add(o);
        }
        for (Map.Entry<Long, List<Long>> e : bySector.entrySet()) {
            markDeleted(e.getKey(), e.getValue(), false);
        }
        freeAndFinish(chain);
    }

    /**
     * The last step of a replace or delete, once nothing points at {@code chain} any more: its clusters are
     * marked free in both FAT copies, flushed, and FSInfo is brought up to date.
     */
    private void freeAndFinish(List<Long> chain) throws IOException {
        for (long c : chain) {
            fat.set(c, 0);
        }
        fat.flush(disk);
        disk.force();
        finish();
    }

    private void finish() throws IOException {
        writeFsInfoFreeCount(fat.freeCount());
        rescan();
    }

    private int clustersFor(long bytes) {
        return (int) ((bytes + scan.clusterBytes() - 1) / scan.clusterBytes());
    }

    private List<Long> allocate(int n, long bytes) throws EditException {
        List<Long> fresh = fat.allocate(n);
        if (fresh == null) {
            throw new EditException("the boot partition is full: " + bytes + " bytes are needed and only "
                    + freeBytes() + " are free. Remove unneeded files from it first.");
        }
        return fresh;
    }

    /** Writes content into unreferenced clusters, reads it back, then links the chain in every FAT copy. */
    private void writeChain(List<Long> clusters, byte[] content) throws IOException, EditException {
        long clusterBytes = scan.clusterBytes();
        int i = 0;
        while (i < clusters.size()) {
            int j = i;
            while (j + 1 < clusters.size() && clusters.get(j + 1) == clusters.get(j) + 1) {
                j++;
            }
            int from = (int) (i * clusterBytes);
            int len = (int) ((j - i + 1) * clusterBytes);
            disk.write(scan.clusterOffset(clusters.get(i)), Arrays.copyOfRange(content, from, from + len));
            i = j + 1;
        }
        disk.force();
        verify(clusters, content);
        for (int k = 0; k < clusters.size(); k++) {
            fat.set(clusters.get(k), k + 1 < clusters.size() ? clusters.get(k + 1) : fat.endOfChain());
        }
        fat.flush(disk);
        disk.force();
    }

    private void verify(List<Long> clusters, byte[] content) throws IOException, EditException {
        long clusterBytes = scan.clusterBytes();
        for (int i = 0; i < clusters.size(); i++) {
            byte[] back = new byte[(int) clusterBytes];
            disk.read(scan.clusterOffset(clusters.get(i)), back);
            int from = (int) (i * clusterBytes);
            byte[] want = Arrays.copyOfRange(content, from, from + (int) clusterBytes);
            if (!Arrays.equals(back, want)) {
                throw new EditException("the card did not return what was written (read-back differs at byte " + from
                        + "); the old file is untouched. The card may be failing or read-only.");
            }
        }
    }

    private long sectorOf(long offset) {
        return EntryPlacement.sectorOf(bs, volumeStart, offset);
    }

    private byte[] readSector(long at) throws IOException {
        byte[] sector = new byte[bs.bytesPerSector()];
        disk.read(at, sector);
        return sector;
    }

    private void updateEntry(FatScan.Entry entry, long firstCluster, long size) throws IOException {
        long sectorStart = sectorOf(entry.entryOffset());
        int within = (int) (entry.entryOffset() - sectorStart);
        byte[] sector = readSector(sectorStart);
        DirectoryEntries.repoint(sector, within, firstCluster, size, bs.kind());
        disk.write(sectorStart, sector);
    }

    private Set<String> shortNamesIn(FatScan.Directory dir) {
        Set<String> out = new HashSet<>();
        String prefix = dir.path().isEmpty() ? "" : dir.path().toLowerCase(Locale.ROOT) + "/";
        for (FatScan.Entry e : scan.entries()) {
            String p = e.path().toLowerCase(Locale.ROOT);
            if (p.startsWith(prefix) && p.indexOf('/', prefix.length()) < 0) {
                out.add(new String(e.shortName(), StandardCharsets.ISO_8859_1));
            }
        }
        return out;
    }

    /**
     * Marks the entries at {@code offsets} that lie in the sector at {@code sectorStart} deleted (0xE5), in
     * one write of that sector; with {@code endMarkersOnly}, only those that end the directory (first byte 0).
     */
    private void markDeleted(long sectorStart, List<Long> offsets, boolean endMarkersOnly) throws IOException {
        byte[] sector = readSector(sectorStart);
        for (long o : offsets) {
            int at = (int) (o - sectorStart);
            if (sectorOf(o) == sectorStart && (!endMarkersOnly || sector[at] == 0)) {
                sector[at] = (byte) 0xE5;
            }
        }
        disk.write(sectorStart, sector);
        disk.force();
    }

    /**
     * Writes the new entry where {@link EntryPlacement#plan} said: into free slots of one sector (a single write switches),
     * or into {@code added}, a new cluster linked to the end of a full directory (written first, then linked:
     * the link switches).
     */
    private void insertEntries(FatScan.Directory dir, EntryPlacement p, byte[] entries, long added)
            throws IOException, EditException {
        for (long sectorStart : p.markDeleted()) {
            markDeleted(sectorStart, p.slots(), true);
        }
        if (p.slot() >= 0) {
            long at = p.slots().get(p.slot());
            long sectorStart = sectorOf(at);
            byte[] sector = readSector(sectorStart);
            System.arraycopy(entries, 0, sector, (int) (at - sectorStart), entries.length);
            disk.write(sectorStart, sector);
            disk.force();
            return;
        }
        byte[] content = new byte[(int) scan.clusterBytes()];
        System.arraycopy(entries, 0, content, 0, entries.length);
        disk.write(scan.clusterOffset(added), content);
        disk.force();
        verify(List.of(added), content);
        List<Long> chain = fat.chain(dir.firstCluster());
        fat.set(added, fat.endOfChain());
        fat.flush(disk);
        disk.force();
        fat.set(chain.get(chain.size() - 1), added);
        fat.flush(disk);
        disk.force();
    }

    private void writeFsInfoFreeCount(long count) throws IOException {
        if (bs.fsInfoSector() == 0) { // not FAT32, or no usable FSInfo sector (FatBootSector checked it)
            return;
        }
        long at = volumeStart + (long) bs.fsInfoSector() * bs.bytesPerSector();
        byte[] s = readSector(at);
        if (LittleEndian.u32(s, 0) != 0x41615252L || LittleEndian.u32(s, 484) != 0x61417272L) {
            return;
        }
        if (LittleEndian.u32(s, 488) == count) {
            return;
        }
        LittleEndian.put32(s, 488, count);
        disk.write(at, s);
        disk.force();
    }
}
