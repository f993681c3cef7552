package dev.preflight.core.edit;

import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.fat.FatBootSector.FatKind;
import dev.preflight.core.fat.FatBootSector;
import dev.preflight.core.fat.FatFormatException;
import dev.preflight.core.fat.FatNames;
import dev.preflight.core.fat.FatScan;
import dev.preflight.core.fat.FatTableCheck;
import dev.preflight.core.image.Disk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
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
 * volume must be sound: no chain that loops, leaves the volume or is shared (cross-linked), FAT copies
 * equal, no recorded hard error ({@link #check}).
 */
public final class FatWriter {
    private final Disk disk;
    private final long volumeStart;
    private final FatBootSector bs;
    private final FatTable fat;
    private FatScan scan;

    public FatWriter(Disk disk, long volumeStart, long volumeSize) throws IOException, EditException {
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
        check();
    }

    /** Refuses a volume that an edit could make worse. */
    private void check() throws IOException, EditException {
        byte[] raw = fat.bytes();
        List<String> problems = new ArrayList<>(FatTableCheck.check(bs, raw).problems());
        if (!problems.isEmpty()) {
            throw new EditException("the boot partition's FAT is corrupt (" + String.join("; ", problems)
                    + "); refusing to write. Back up the card and repair it with 'fsck.fat -a', or reflash it.");
        }
        for (int copy = 1; copy < bs.fatCount(); copy++) {
            byte[] other = new byte[raw.length];
            disk.read(volumeStart + bs.fatOffsetBytes() + copy * (long) raw.length, other);
            if (!Arrays.equals(raw, other)) {
                throw new EditException("the boot partition's FAT copies differ (an earlier write was interrupted);"
                        + " refusing to write. Repair it with 'fsck.fat -a' (it keeps the first copy), check the"
                        + " card with 'preflight inspect', then edit again.");
            }
        }
        if (FatTableCheck.check(bs, raw).hardErrorBitCleared()) {
            throw new EditException("the boot partition's FAT records an I/O error; refusing to write to a card"
                    + " that may be failing. Check it with 'fsck.fat' and a full write test, or replace it.");
        }
        rescan();
        List<String> damaged = new ArrayList<>(scan.fatal());
        damaged.addAll(scan.problems());
        if (!damaged.isEmpty()) {
            throw new EditException("the boot partition's directories are damaged (" + String.join("; ", damaged)
                    + "); refusing to write. Reflash the card.");
        }
        if (!scan.chainErrors().isEmpty()) {
            throw new EditException("the boot partition's FAT and directories disagree (" + String.join("; ",
                    scan.chainErrors()) + "); writing could hand a cluster in use to the new file. Back up the card,"
                    + " repair it with 'fsck.fat -a' and check those files, or reflash it.");
        }
        if (!scan.crossLinks().isEmpty()) {
            throw new EditException("the boot partition has cross-linked files (" + String.join("; ",
                    scan.crossLinks()) + "); writing would corrupt them. Back up the card, repair it with"
                    + " 'fsck.fat -a' and check those files, or reflash it.");
        }
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
        for (long c : old) {
            fat.set(c, 0);
        }
        fat.flush(disk);
        disk.force();
        finish();
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
        Placement room = place(dir, names.slots()); // a full root folder is refused here, before any write
        int dataClusters = clustersFor(content.length);
        List<Long> all = allocate(dataClusters + (room.slot() < 0 ? 1 : 0), content.length);
        List<Long> fresh = all.subList(0, dataClusters);
        writeFsInfoFreeCount(0xFFFFFFFFL);
        writeChain(fresh, content);
        insertEntries(dir, room, entries(names, 0x20, fresh.isEmpty() ? 0 : fresh.get(0), content.length),
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
        Placement p = place(dir, names.slots());
        List<Long> c = allocate(p.slot() < 0 ? 2 : 1, 1);
        long cluster = c.get(0);
        byte[] content = new byte[(int) scan.clusterBytes()];
        byte[] dot = new byte[11];
        Arrays.fill(dot, (byte) ' ');
        dot[0] = '.';
        putShortEntry(content, 0, dot, 0, 0x10, cluster, 0);
        dot[1] = '.';
        long parentCluster = dir.firstCluster() == bs.rootCluster() && bs.kind() == FatKind.FAT32 ? 0 : dir.firstCluster();
        putShortEntry(content, 32, dot, 0, 0x10, parentCluster, 0);
        writeFsInfoFreeCount(0xFFFFFFFFL);
        disk.write(scan.clusterOffset(cluster), content);
        disk.force();
        verify(List.of(cluster), content);
        fat.set(cluster, fat.endOfChain());
        fat.flush(disk);
        disk.force();
        insertEntries(dir, p, entries(names, 0x10, cluster, 0), p.slot() < 0 ? c.get(1) : -1);
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
            byte[] sector = readSector(e.getKey());
            for (long o : e.getValue()) {
                sector[(int) (o - e.getKey())] = (byte) 0xE5;
            }
            disk.write(e.getKey(), sector);
            disk.force();
        }
        for (long c : chain) {
            fat.set(c, 0);
        }
        fat.flush(disk);
        disk.force();
        finish();
    }

    /** Makes FSInfo agree with the FAT (after an interrupted edit left it stale). */
    public void repairFsInfo() throws IOException {
        writeFsInfoFreeCount(fat.freeCount());
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
        int bps = bs.bytesPerSector();
        return volumeStart + (offset - volumeStart) / bps * bps;
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
        setCluster(sector, within, firstCluster);
        LittleEndian.put32(sector, within + 28, size);
        stamp(sector, within, false);
        sector[within + 11] |= 0x20;
        disk.write(sectorStart, sector);
    }

    private void setCluster(byte[] b, int at, long cluster) {
        LittleEndian.put16(b, at + 26, (int) (cluster & 0xFFFF));
        LittleEndian.put16(b, at + 20, bs.kind() == FatKind.FAT32 ? (int) (cluster >>> 16) : 0);
    }

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

    private void putShortEntry(byte[] b, int at, byte[] name11, int caseFlags, int attr, long cluster, long size) {
        Arrays.fill(b, at, at + 32, (byte) 0);
        System.arraycopy(name11, 0, b, at, 11);
        b[at + 11] = (byte) attr;
        b[at + 12] = (byte) caseFlags;
        setCluster(b, at, cluster);
        LittleEndian.put32(b, at + 28, size);
        stamp(b, at, true);
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

    /** The 32-byte entries for a new name: long-name parts (last part first) then the short entry. */
    private byte[] entries(Names names, int attr, long cluster, long size) {
        int n = names.longName() == null ? 0 : (names.longName().length() + 12) / 13;
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
        putShortEntry(out, n * 32, names.short11(), names.caseFlags(), attr, cluster, size);
        return out;
    }

    /**
     * Where a new entry of {@code need} slots will go in {@code dir}, worked out before anything is written:
     * the slot of a free run, and the end-marker sectors to mark deleted first (still free slots) so the run
     * or a new cluster is not hidden behind the end marker; {@code slot} -1 means the directory must grow.
     */
    private record Placement(List<Long> slots, int slot, List<Long> markDeleted) {
    }

    private Placement place(FatScan.Directory dir, int need) throws IOException, EditException {
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
            int at = findRun(slots, firsts, attrs, endMarker, need);
            if (at >= 0) {
                return new Placement(slots, at, markDeleted);
            }
            if (endMarker < 0) {
                break;
            }
            // too few free slots left in the end marker's sector: mark them deleted (still free, one sector
            // write), so the end marker moves to the next sector, or the directory has none and can grow
            long sectorStart = sectorOf(slots.get(endMarker));
            markDeleted.add(sectorStart);
            int i = endMarker;
            for (; i < slots.size() && sectorOf(slots.get(i)) == sectorStart; i++) {
                firsts[i] = (byte) 0xE5;
            }
            endMarker = i < slots.size() ? i : -1;
        }
        if (dir.firstCluster() == 0) {
            throw new EditException("the boot partition's root folder is full; remove unneeded files from it first");
        }
        return new Placement(slots, -1, markDeleted);
    }

    /**
     * Writes the new entry where {@link #place} said: into free slots of one sector (a single write switches),
     * or into {@code added}, a new cluster linked to the end of a full directory (written first, then linked:
     * the link switches).
     */
    private void insertEntries(FatScan.Directory dir, Placement p, byte[] entries, long added)
            throws IOException, EditException {
        for (long sectorStart : p.markDeleted()) {
            byte[] sector = readSector(sectorStart);
            for (int i = 0; i < p.slots().size(); i++) {
                long o = p.slots().get(i);
                if (sectorOf(o) == sectorStart && (sector[(int) (o - sectorStart)] == 0)) {
                    sector[(int) (o - sectorStart)] = (byte) 0xE5;
                }
            }
            disk.write(sectorStart, sector);
            disk.force();
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

    /**
     * The first slot of a run of {@code need} free slots inside one sector whose predecessor is not a live
     * long-name part (which would attach itself to the new entry), starting at or before the end marker
     * (readers stop there); a run over the end marker needs an end marker after it.
     */
    private int findRun(List<Long> slots, byte[] firsts, byte[] attrs, int endMarker, int need) {
        for (int i = 0; i + need <= slots.size(); i++) {
            long sector = sectorOf(slots.get(i));
            if (sectorOf(slots.get(i + need - 1)) != sector) {
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

    private void writeFsInfoFreeCount(long count) throws IOException {
        if (bs.kind() != FatKind.FAT32) {
            return;
        }
        byte[] boot = new byte[512];
        disk.read(volumeStart, boot);
        int fsInfoSector = LittleEndian.u16(boot, 48);
        if (fsInfoSector == 0 || fsInfoSector == 0xFFFF || fsInfoSector >= bs.reservedSectors()) {
            return;
        }
        long at = volumeStart + (long) fsInfoSector * bs.bytesPerSector();
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
