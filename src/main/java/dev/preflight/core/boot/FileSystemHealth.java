package dev.preflight.core.boot;

import dev.preflight.core.ext4.Ext4Superblock;
import dev.preflight.core.fat.FatVolume;
import dev.preflight.core.partition.PartitionTable;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Severity;
import java.util.List;

/** What the file systems' own records say about their health: FAT flags and chains, ext4 error counts. */
public final class FileSystemHealth {
    private FileSystemHealth() {
    }

    /**
     * FAT_DIRTY, FAT_CHAIN_INVALID, FAT_CROSS_LINKED, FAT_COPIES_DIFFER, FAT_MEDIA_ENTRY_DAMAGED and
     * FAT_HARD_ERROR for the volume at
     * {@code where}; returns whether the volume is marked dirty.
     */
    public static boolean fatState(FatVolume fat, String where, List<Finding> findings) {
        boolean dirty = fat.bootSector().dirtyBit() || fat.tableCheck().cleanShutdownBitCleared();
        boolean hard = fat.tableCheck().hardErrorBitCleared();
        if (dirty) {
            findings.add(new Finding(FindingCode.FAT_DIRTY, hard ? Severity.WARNING : Severity.INFO,
                    "The FAT on " + where + " is marked dirty (not cleanly unmounted).", where,
                    "Normal for a card taken from a running device. If it came straight from flashing, eject"
                            + " it properly next time; 'fsck.fat -a' clears the bit."));
        }
        if (!fat.chainErrors().isEmpty()) {
            findings.add(Finding.of(FindingCode.FAT_CHAIN_INVALID, "On " + where + ", the FAT and the directories"
                    + " disagree: " + String.join("; ", fat.chainErrors()) + ".", where,
                    "Back up the card and repair it with 'fsck.fat -a', check the files it names, or reflash it."
                            + " Preflight will not edit it until then."));
        }
        if (!fat.crossLinks().isEmpty()) {
            findings.add(Finding.of(FindingCode.FAT_CROSS_LINKED, "On " + where + ", cross-linked cluster chains: "
                    + String.join("; ", fat.crossLinks()) + ".", where,
                    "The files named read each other's data. Back up the card, repair it with 'fsck.fat -a', check"
                            + " the files it names, or reflash it. Preflight will not edit it until then."));
        }
        if (fat.fatCopiesDiffer()) {
            findings.add(Finding.of(FindingCode.FAT_COPIES_DIFFER, "The two FAT copies on " + where + " differ.", where,
                    "Usually a write interrupted by a pulled card. When the first copy is sound, the next edit with"
                            + " Preflight (or 'fsck.fat -a') makes the copy equal to it, as Linux reads it; otherwise"
                            + " the edit says why it stops. Check the files Preflight lists as you expect."));
        }
        if (fat.tableCheck().mediaEntryDamaged()) {
            findings.add(Finding.of(FindingCode.FAT_MEDIA_ENTRY_DAMAGED, "The first FAT on " + where + " has a damaged"
                    + " reserved entry FAT[0] (it should repeat the media byte, every higher bit set): fsck.fat "
                    + (fat.fatCopiesDiffer() ? "uses the other copy if its FAT[0] is intact and gives up otherwise"
                    : "gives up on this volume (both copies are damaged)") + ".", where,
                    "Linux and the bootloader still read the card, but no repair tool will fix its boot partition:"
                            + " reflash it, or back up its files and recreate the partition."));
        }
        if (hard) {
            findings.add(Finding.of(FindingCode.FAT_HARD_ERROR,
                    "The FAT on " + where + " records that an I/O error was seen.", where,
                    "The card may be failing: check it with 'preflight inspect' after a full write test, or replace it."));
        }
        return dirty;
    }

    /**
     * WEAR_FS_ERRORS and EXT4_UNCLEAN from each ext4 superblock; EXT4_SUPERBLOCK_INVALID for a partition of
     * a balenaOS layout that should hold ext4 and does not.
     *
     * @param balena whether the boot partition was found by its label (so the layout is balena's)
     */
    public static void ext4(List<PartitionInfo> parts, boolean flasher, boolean balena, PartitionTable.Scheme scheme,
                            List<Finding> findings) {
        for (PartitionInfo p : parts) {
            String where = p.where();
            Ext4Superblock sb = p.ext4();
            if (sb != null) {
                if (sb.errorsRecorded()) {
                    findings.add(Finding.of(FindingCode.WEAR_FS_ERRORS, String.format(
                            "The ext4 file system on %s has recorded %d error(s)%s%s.", where, sb.errorCount(),
                            sb.lastErrorTime() == null ? "" : ", the last at " + sb.lastErrorTime(),
                            sb.lastErrorFunction() == null ? "" : " in " + sb.lastErrorFunction()), where,
                            "The card may be failing. Back up what you need and replace or reflash it."));
                } else if (!sb.cleanlyUnmounted()) {
                    findings.add(Finding.of(FindingCode.EXT4_UNCLEAN,
                            "The ext4 file system on " + where + " was not cleanly unmounted.", where,
                            "Normal for a card pulled from a running device; balenaOS replays the journal at boot."));
                }
            } else if (balena && !BootLocator.NOT_READ.equals(p.filesystem()) && !"ext4".equals(p.filesystem())
                    && expectsExt4(p, flasher, scheme)) {
                findings.add(Finding.of(FindingCode.EXT4_SUPERBLOCK_INVALID,
                        "Partition " + p.number() + " should hold an ext4 file system but has no valid superblock.",
                        where, "The card or image is damaged: reflash it."));
            }
        }
    }

    private static boolean expectsExt4(PartitionInfo p, boolean flasher, PartitionTable.Scheme scheme) {
        String name = p.gptName() == null ? "" : p.gptName().toLowerCase();
        if (scheme == PartitionTable.Scheme.GPT) {
            return name.matches("(resin|balena)-(roota|rootb|state|data)") || name.equals("flash-roota");
        }
        if (scheme != PartitionTable.Scheme.MBR) {
            return false;
        }
        return flasher ? p.number() == 2 : p.number() == 2 || p.number() == 3 || p.number() == 5 || p.number() == 6;
    }
}
