package dev.preflight.core.edit;

import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.fat.FatBootSector.FatKind;
import dev.preflight.core.fat.FatBootSector;
import dev.preflight.core.fat.FatScan;
import dev.preflight.core.fat.FatTableCheck;
import dev.preflight.core.image.Disk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link FatWriter} requires before its first write (decision 0007): a volume an edit could make
 * worse is refused, with what is wrong and how to repair it. The FAT must hold no chain that loops or
 * leaves the volume and it must record no hard error; the directory tree must be whole, agree with the
 * (first) FAT and share no cluster between two files.
 */
final class SoundVolume {
    private SoundVolume() {
    }

    /**
     * Refuses a corrupt FAT and a recorded I/O error. FAT copies that differ are not refused here: once the
     * first copy has also passed {@link #requireSoundTree}, {@link FatTable#repairCopies} makes them equal.
     */
    static void requireSoundFat(FatBootSector bs, byte[] raw) throws EditException {
        FatTableCheck.Result check = FatTableCheck.check(bs, raw);
        List<String> problems = new ArrayList<>(check.problems());
        if (!problems.isEmpty()) {
            throw new EditException("the boot partition's FAT is corrupt (" + String.join("; ", problems)
                    + "); refusing to write. Back up the card and repair it with 'fsck.fat -a', or reflash it.");
        }
        if (check.hardErrorBitCleared()) {
            throw new EditException("the boot partition's FAT records an I/O error; refusing to write to a card"
                    + " that may be failing. Check it with 'fsck.fat' and a full write test, or replace it.");
        }
    }

    /**
     * Refuses FAT copies that differ when the first is not the copy to keep: its reserved entry FAT[0] is
     * damaged, so {@code fsck.fat -a} would keep the second copy instead (and, once the first had been copied
     * over it, would give up on the volume: "Both FATs appear to be corrupt"). Also refuses a differing copy
     * that records a hard error the first does not: making it equal would erase the only record of it (the
     * first copy's write may be what failed). And refuses copies that differ on a FAT32 volume whose header
     * turns mirroring off and makes another copy the active one (BPB_ExtFlags, Microsoft FAT spec §3.3):
     * Windows would read that copy, while Preflight, like Linux, keeps the first (mkfs.fat never writes such a
     * header; with equal copies there is nothing to choose and the edit goes on). Nothing is written.
     * Returns whether the copies differ (and so are to be repaired).
     */
    static boolean requireRepairableCopies(Disk disk, FatBootSector bs, FatTable fat, byte[] bootSector)
            throws IOException, EditException {
        byte[] first = fat.bytes();
        byte[] copy = new byte[first.length]; // one at a time: up to three copies of up to 16 MiB
        boolean differ = false;
        for (int n = 1; n < bs.fatCount(); n++) {
            fat.readCopy(disk, n, copy);
            boolean same = Arrays.equals(first, copy);
            if (!same && FatTableCheck.hardErrorRecorded(bs.kind(), copy)) {
                throw new EditException("the boot partition's FAT copies differ and a copy other than the first"
                        + " records an I/O error (the write of the first copy may have failed); refusing to write to a"
                        + " card that may be failing. Check it with 'fsck.fat' and a full write test, or replace it.");
            }
            differ |= !same;
        }
        int flags = bs.kind() == FatKind.FAT32 ? LittleEndian.u16(bootSector, 40) : 0;
        if (differ && (flags & 0x80) != 0 && (flags & 0x0F) != 0) {
            throw new EditException("the boot partition's FAT copies differ and its FAT32 header turns mirroring off"
                    + " and makes copy " + ((flags & 0x0F) + 1) + " the active one, which no balenaOS image does;"
                    + " refusing to choose between them. Reflash the card.");
        }
        if (differ && !FatTableCheck.mediaEntryIntact(bs.kind(), first)) {
            throw new EditException("the boot partition's FAT copies differ and the first copy's reserved entry"
                    + " (FAT[0]) is damaged, so the first copy is not the one to keep; refusing to write. Back up the"
                    + " card, repair it with 'fsck.fat -a' (it keeps the second copy), check the files 'preflight"
                    + " inspect' lists, then edit again.");
        }
        return differ;
    }

    /** Refuses damaged directories, chains that disagree with the FAT, and cross-linked files. */
    static void requireSoundTree(FatScan scan) throws EditException {
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
}
