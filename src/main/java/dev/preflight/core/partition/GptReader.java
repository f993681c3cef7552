package dev.preflight.core.partition;

import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.image.ByteSource;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/** GPT per UEFI 2.10 §5.3: header and entry-array CRC32 checked; the backup is used when needed. */
final class GptReader {
    /** Largest partition entry array accepted (the spec minimum is 16 KiB; 1 MiB is generous). */
    static final int MAX_ARRAY_BYTES = 1 << 20;

    private final ByteSource disk;
    private final List<Finding> findings;
    private final boolean checkBackup;
    private final long streamLimit;

    /**
     * @param streamLimit nothing beyond this offset is read: in a compressed stream that cannot seek,
     *                    an entry array or backup header far in would need gigabytes decompressed
     */
    GptReader(ByteSource disk, List<Finding> findings, boolean checkBackup, long streamLimit) {
        this.disk = disk;
        this.findings = findings;
        this.checkBackup = checkBackup;
        this.streamLimit = streamLimit;
    }

    private boolean far(long lba, long bytes, int sectorSize) {
        return lba > (streamLimit - bytes) / sectorSize;
    }

    private String beyondLimit() {
        return "beyond the first " + (streamLimit >> 20) + " MiB of the compressed image, which are all that is"
                + " decompressed without --deep";
    }

    record Header(long myLba, long alternateLba, long firstUsable, long lastUsable, String diskGuid,
                  long entriesLba, int entryCount, int entrySize, long entriesCrc, int sectorSize) {
    }

    PartitionTable read() throws IOException {
        int sectorSize = 512;
        if (!signatureAt(512) && signatureAt(4096)) {
            sectorSize = 4096;
        }
        String why;
        Header primary = null;
        byte[] entries = null;
        try {
            primary = header(sectorSize, sectorSize);
            why = primary == null ? "its header is missing or fails its CRC" : null;
            if (primary != null && far(primary.entriesLba(), (long) primary.entryCount() * primary.entrySize(),
                    sectorSize)) {
                why = "its partition entry array (LBA " + primary.entriesLba() + ") lies " + beyondLimit();
            } else if (primary != null) {
                entries = entries(primary);
                why = entries == null ? "its partition entry array fails its CRC" : null;
            }
        } catch (EOFException e) {
            why = "the image ends inside it";
        }
        if (why == null) {
            if (checkBackup) {
                checkBackupHeader(primary);
            }
            return table(primary, entries);
        }
        Header backup = backupHeader(primary, sectorSize);
        byte[] backupEntries = backup == null || far(backup.entriesLba(),
                (long) backup.entryCount() * backup.entrySize(), sectorSize) ? null : entriesOrNull(backup);
        if (backup == null || backupEntries == null) {
            findings.add(Finding.of(FindingCode.PARTITION_TABLE_INVALID,
                    "The GPT of " + disk.name() + " is unusable: " + why + ", and no valid backup GPT was found"
                            + (streamLimit < Long.MAX_VALUE ? " in the part that was read" : "") + ".",
                    "GPT header", "The image is corrupt or truncated. Download or flash it again."));
            return null;
        }
        findings.add(Finding.of(FindingCode.GPT_PRIMARY_DAMAGED,
                "The primary GPT of " + disk.name() + " is damaged (" + why + "); the backup at LBA "
                        + backup.myLba() + " was used.",
                "GPT header", "Reflash the card, or repair the table with 'sgdisk -e' / gdisk's recovery menu."));
        return table(backup, backupEntries);
    }

    private boolean signatureAt(long offset) throws IOException {
        try {
            byte[] s = disk.readFully(offset, 8);
            return new String(s, StandardCharsets.US_ASCII).equals("EFI PART");
        } catch (EOFException e) {
            return false;
        }
    }

    private Header header(long offset, int sectorSize) throws IOException {
        byte[] h = disk.readFully(offset, sectorSize);
        if (!new String(h, 0, 8, StandardCharsets.US_ASCII).equals("EFI PART")) {
            return null;
        }
        long headerSize = LittleEndian.u32(h, 12);
        if (headerSize < 92 || headerSize > sectorSize) {
            return null;
        }
        byte[] copy = Arrays.copyOf(h, (int) headerSize);
        LittleEndian.put32(copy, 16, 0);
        CRC32 crc = new CRC32();
        crc.update(copy);
        if (crc.getValue() != LittleEndian.u32(h, 16)) {
            return null;
        }
        long count = LittleEndian.u32(h, 80);
        long entrySize = LittleEndian.u32(h, 84);
        if (entrySize < 128 || entrySize % 128 != 0 || count == 0 || count * entrySize > MAX_ARRAY_BYTES) {
            return null;
        }
        return new Header(LittleEndian.u64(h, 24), LittleEndian.u64(h, 32), LittleEndian.u64(h, 40), LittleEndian.u64(h, 48), LittleEndian.guid(h, 56),
                LittleEndian.u64(h, 72), (int) count, (int) entrySize, LittleEndian.u32(h, 88), sectorSize);
    }

    private byte[] entries(Header h) throws IOException {
        if (h.entriesLba() <= 0 || h.entriesLba() > Long.MAX_VALUE / h.sectorSize() / 2) {
            return null;
        }
        byte[] array = disk.readFully(h.entriesLba() * h.sectorSize(), h.entryCount() * h.entrySize());
        CRC32 crc = new CRC32();
        crc.update(array);
        return crc.getValue() == h.entriesCrc() ? array : null;
    }

    private byte[] entriesOrNull(Header h) throws IOException {
        try {
            return entries(h);
        } catch (EOFException e) {
            return null;
        }
    }

    private Header backupHeader(Header primary, int sectorSize) throws IOException {
        List<Long> candidates = new ArrayList<>();
        if (primary != null) {
            candidates.add(primary.alternateLba());
        }
        if (disk.size() > 0) {
            candidates.add(disk.size() / sectorSize - 1);
        }
        for (long lba : candidates) {
            if (lba <= 1 || far(lba, sectorSize, sectorSize) || (disk.size() > 0 && lba * sectorSize >= disk.size())) {
                continue;
            }
            try {
                Header h = header(lba * sectorSize, sectorSize);
                if (h != null && h.myLba() == lba) {
                    return h;
                }
            } catch (EOFException e) {
                // try the next candidate
            }
        }
        return null;
    }

    private void checkBackupHeader(Header primary) throws IOException {
        long lba = primary.alternateLba();
        boolean ok = false;
        if (far(lba, primary.sectorSize(), primary.sectorSize())) {
            return; // not read: a stream that cannot seek is not decompressed that far
        }
        if (lba > 1 && (disk.size() < 0 || lba * primary.sectorSize() < disk.size())) {
            try {
                Header b = header(lba * primary.sectorSize(), primary.sectorSize());
                ok = b != null && b.myLba() == lba && entriesOrNull(b) != null;
            } catch (EOFException e) {
                ok = false;
            }
        }
        if (!ok) {
            findings.add(Finding.of(FindingCode.GPT_BACKUP_DAMAGED,
                    "The backup GPT of " + disk.name() + " (expected at LBA " + lba + ") is missing or invalid.",
                    "backup GPT header",
                    "Usually harmless on a card larger than its image; 'sgdisk -e' moves the backup to the end."));
        }
    }

    private PartitionTable table(Header h, byte[] array) {
        List<Partition> parts = new ArrayList<>();
        for (int i = 0; i < h.entryCount(); i++) {
            int off = i * h.entrySize();
            if (LittleEndian.allZero(array, off, 16)) {
                continue;
            }
            long first = LittleEndian.u64(array, off + 32);
            long last = LittleEndian.u64(array, off + 40);
            String type = LittleEndian.guid(array, off);
            String name = utf16Name(array, off + 56);
            if (last < first || first < 0 || last > Long.MAX_VALUE / h.sectorSize() - 1) {
                findings.add(Finding.of(FindingCode.PARTITION_TABLE_INVALID,
                        "GPT entry " + (i + 1) + " of " + disk.name() + " ends (LBA " + last + ") before it starts (LBA "
                                + first + ").", "partition " + (i + 1), "The partition table is corrupt: reflash."));
                continue;
            }
            boolean legacyBoot = (LittleEndian.u64(array, off + 48) & 0x4) != 0;
            parts.add(new Partition(i + 1, Partition.Kind.GPT, type, PartitionTypes.gptName(type), name,
                    LittleEndian.guid(array, off + 16), first * h.sectorSize(), (last - first + 1) * h.sectorSize(), legacyBoot));
        }
        return new PartitionTable(PartitionTable.Scheme.GPT, h.diskGuid(), h.sectorSize(), parts);
    }

    private static String utf16Name(byte[] b, int off) {
        int len = 0;
        while (len < 72 && (b[off + len] != 0 || b[off + len + 1] != 0)) {
            len += 2;
        }
        return new String(b, off, len, StandardCharsets.UTF_16LE);
    }
}
