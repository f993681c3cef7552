package dev.preflight.core.fat;

import static dev.preflight.core.bytes.LittleEndian.u16;
import static dev.preflight.core.bytes.LittleEndian.u32;
import static dev.preflight.core.bytes.LittleEndian.u8;

import java.nio.charset.StandardCharsets;

/**
 * The BIOS parameter block of a FAT volume, parsed and validated by our own code before any
 * library sees the volume, so that absurd sizes in a hostile header never reach an allocation.
 * Layout and FAT type rule: Microsoft "FAT: General Overview of On-Disk Format" 1.03, §3 and §3.5.
 */
public record FatBootSector(int bytesPerSector, int sectorsPerCluster, int reservedSectors, int fatCount,
                            int rootEntries, long totalSectors, long fatSectors, long rootCluster, String label,
                            long volumeSerial, int stateByte, FatKind kind, long clusterCount, int fsInfoSector) {

    public enum FatKind { FAT12, FAT16, FAT32 }

    /** Offset of the dirty/state byte (Linux fat_set_state): 0x25 on FAT12/16, 0x41 on FAT32. */
    public int stateOffset() {
        return kind == FatKind.FAT32 ? 0x41 : 0x25;
    }

    public boolean dirtyBit() {
        return (stateByte & 0x01) != 0;
    }

    public long fatOffsetBytes() {
        return (long) reservedSectors * bytesPerSector;
    }

    public long volumeBytes() {
        return totalSectors * bytesPerSector;
    }

    /**
     * Parses and validates sector 0 against the size of the partition holding it.
     *
     * @throws FatFormatException with a sentence for the user when the BPB is not usable
     */
    public static FatBootSector parse(byte[] s, long partitionBytes) throws FatFormatException {
        if (s.length < 512 || u16(s, 510) != 0xAA55) {
            throw new FatFormatException("its first sector has no boot signature (not a FAT file system)");
        }
        int bps = u16(s, 11);
        int spc = u8(s, 13);
        int reserved = u16(s, 14);
        int fats = u8(s, 16);
        int rootEntries = u16(s, 17);
        long total = u16(s, 19) != 0 ? u16(s, 19) : u32(s, 32);
        long fatSize = u16(s, 22) != 0 ? u16(s, 22) : u32(s, 36);
        if (bps != 512 && bps != 1024 && bps != 2048 && bps != 4096) {
            throw new FatFormatException("its bytes-per-sector value " + bps + " is invalid");
        }
        if (spc == 0 || Integer.bitCount(spc) != 1) {
            throw new FatFormatException("its sectors-per-cluster value " + spc + " is invalid");
        }
        if (reserved == 0 || fats == 0 || fats > 4 || total == 0 || fatSize == 0) {
            throw new FatFormatException("its BIOS parameter block is incomplete (reserved sectors, FAT count,"
                    + " sector count or FAT size is zero)");
        }
        long rootDirSectors = ((long) rootEntries * 32 + bps - 1) / bps;
        long meta = reserved + fats * fatSize + rootDirSectors;
        if (meta >= total) {
            throw new FatFormatException("its FAT tables and root directory are larger than the volume");
        }
        if (total * bps > partitionBytes) {
            throw new FatFormatException("it claims " + total * bps + " bytes but its partition holds only "
                    + partitionBytes + " (truncated image or wrong partition table)");
        }
        long clusters = (total - meta) / spc;
        // The shape decides FAT32 (no fixed root directory), as fat32-lib and Linux do; FAT12 vs FAT16 by
        // cluster count (Microsoft FAT spec §3.5). Inconsistent shapes are refused so that our checks and
        // the FAT library never read the same volume differently.
        FatKind kind;
        if (rootEntries == 0) {
            if (u16(s, 22) != 0) {
                throw new FatFormatException("its BIOS parameter block mixes FAT32 and FAT16 fields");
            }
            kind = FatKind.FAT32;
        } else {
            if (u16(s, 22) == 0) {
                throw new FatFormatException("it has a FAT16 root directory but no FAT16 FAT size");
            }
            if (clusters >= 65525) {
                throw new FatFormatException("it has " + clusters + " clusters, too many for FAT12/16");
            }
            kind = clusters < 4085 ? FatKind.FAT12 : FatKind.FAT16;
        }
        long bitsNeeded = (clusters + 2) * (kind == FatKind.FAT12 ? 12 : kind == FatKind.FAT16 ? 16 : 32);
        if (fatSize * bps * 8 < bitsNeeded) {
            throw new FatFormatException("its FAT is too small for its " + clusters + " clusters");
        }
        long rootCluster = 0;
        String label;
        long serial;
        int state;
        if (kind == FatKind.FAT32) {
            rootCluster = u32(s, 44);
            if (rootCluster < 2 || rootCluster > clusters + 1) {
                throw new FatFormatException("its root directory cluster " + rootCluster + " is outside the volume");
            }
            label = text(s, 71, 11);
            serial = u32(s, 67);
            state = u8(s, 0x41);
        } else {
            label = text(s, 43, 11);
            serial = u32(s, 39);
            state = u8(s, 0x25);
        }
        int fsInfo = kind == FatKind.FAT32 ? u16(s, 48) : 0;
        if (fsInfo == 0xFFFF || fsInfo >= reserved) {
            fsInfo = 0;
        }
        return new FatBootSector(bps, spc, reserved, fats, rootEntries, total, fatSize, rootCluster, label, serial,
                state, kind, clusters, fsInfo);
    }

    private static String text(byte[] s, int off, int len) {
        return new String(s, off, len, StandardCharsets.ISO_8859_1).trim();
    }
}
