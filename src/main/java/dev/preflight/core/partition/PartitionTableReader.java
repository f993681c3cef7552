package dev.preflight.core.partition;

import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.image.ByteSource;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads MBR (with the EBR chain of logical partitions), GPT (CRC-checked, backup header used
 * when the primary is damaged) or recognises a bare FAT volume. Every entry is bounds-checked
 * against the disk size when the size is known. Problems become findings; only an unreadable
 * disk throws.
 */
public final class PartitionTableReader {
    static final int MAX_LOGICAL = 128;
    /** Overlapping pairs listed one by one; more are counted in one finding. */
    static final int MAX_OVERLAPS = 32;

    private final ByteSource disk;
    private final List<Finding> findings;
    private final boolean checkBackupGpt;
    private final long streamLimit;
    private boolean logicalSkipped;
    private long checkedAgainst = -1;

    public PartitionTableReader(ByteSource disk, List<Finding> findings, boolean checkBackupGpt) {
        this(disk, findings, checkBackupGpt, Long.MAX_VALUE);
    }

    /**
     * @param streamLimit extended boot records beyond this offset are not read (they would need a
     *                    compressed stream decompressed that far); see {@link #logicalSkipped()}
     */
    public PartitionTableReader(ByteSource disk, List<Finding> findings, boolean checkBackupGpt, long streamLimit) {
        this.disk = disk;
        this.findings = findings;
        this.checkBackupGpt = checkBackupGpt;
        this.streamLimit = streamLimit;
    }

    /** Whether logical partitions were left unread because of the stream limit. */
    public boolean logicalSkipped() {
        return logicalSkipped;
    }

    /** Reads the table; returns null (with a PARTITION_TABLE_INVALID finding) when there is none. */
    public PartitionTable read() throws IOException {
        byte[] mbr;
        try {
            mbr = disk.readFully(0, 512);
        } catch (EOFException e) {
            findings.add(Finding.of(FindingCode.PARTITION_TABLE_INVALID,
                    disk.name() + " is shorter than one 512-byte sector, so it holds no partition table.",
                    "sector 0", "This is not a disk image: the file is truncated or the wrong file."));
            return null;
        }
        if (FatSignature.looksLikeFat(mbr)) {
            long size = disk.size();
            return new PartitionTable(PartitionTable.Scheme.NONE, null, 512, List.of(new Partition(1,
                    Partition.Kind.WHOLE_DISK, "none", "bare FAT volume", null, null, 0, Math.max(size, 0), false)));
        }
        if (LittleEndian.u16(mbr, 510) != 0xAA55) {
            invalid(String.format("sector 0 of %s has no MBR boot signature (found 0x%04X, expected 0xAA55)"
                    + " and is not a FAT boot sector.", disk.name(), LittleEndian.u16(mbr, 510)));
            return null;
        }
        for (int i = 0; i < 4; i++) {
            int status = LittleEndian.u8(mbr, 446 + i * 16);
            if (status != 0 && status != 0x80) {
                invalid(String.format("MBR entry %d of %s has an invalid status byte 0x%02X.", i + 1, disk.name(),
                        status));
                return null;
            }
        }
        for (int i = 0; i < 4; i++) {
            if (LittleEndian.u8(mbr, 446 + i * 16 + 4) == 0xEE) {
                PartitionTable gpt = new GptReader(disk, findings, checkBackupGpt, streamLimit).read();
                if (gpt != null) {
                    checkBounds(gpt);
                }
                return gpt;
            }
        }
        PartitionTable table = readMbr(mbr);
        checkBounds(table);
        return table;
    }

    private void invalid(String message) {
        findings.add(Finding.of(FindingCode.PARTITION_TABLE_INVALID, message, "sector 0",
                "The image is corrupt or not a disk image. Download or flash it again."));
    }

    private PartitionTable readMbr(byte[] mbr) throws IOException {
        List<Partition> parts = new ArrayList<>();
        Partition extended = null;
        for (int i = 0; i < 4; i++) {
            int e = 446 + i * 16;
            int type = LittleEndian.u8(mbr, e + 4);
            long lba = LittleEndian.u32(mbr, e + 8);
            long count = LittleEndian.u32(mbr, e + 12);
            if (type == 0 || count == 0) {
                continue;
            }
            boolean ext = PartitionTypes.isExtended(type);
            Partition p = new Partition(i + 1, ext ? Partition.Kind.EXTENDED : Partition.Kind.PRIMARY,
                    String.format("0x%02x", type), PartitionTypes.mbrName(type), null, null, lba * 512, count * 512,
                    LittleEndian.u8(mbr, e) == 0x80);
            parts.add(p);
            if (ext && extended == null) {
                extended = p;
            }
        }
        if (extended != null) {
            readLogical(extended, parts);
        }
        String diskId = String.format("0x%08x", LittleEndian.u32(mbr, 440));
        return new PartitionTable(PartitionTable.Scheme.MBR, diskId, 512, parts);
    }

    private void readLogical(Partition extended, List<Partition> parts) throws IOException {
        long extStart = extended.start() / 512;
        long extEnd = extended.end() / 512;
        long ebr = extStart;
        Set<Long> seen = new HashSet<>();
        int number = 5;
        while (true) {
            if (!seen.add(ebr) || number - 4 > MAX_LOGICAL) {
                chainProblem("the chain of extended boot records loops back to sector " + ebr + ".");
                return;
            }
            if (ebr < extStart || ebr >= extEnd) {
                chainProblem("an extended boot record points to sector " + ebr + ", outside the extended partition.");
                return;
            }
            if (ebr * 512 > streamLimit) {
                logicalSkipped = true;
                return;
            }
            byte[] sector;
            try {
                sector = disk.readFully(ebr * 512, 512);
            } catch (EOFException e) {
                chainProblem("the extended boot record at sector " + ebr + " lies beyond the end of the image.");
                return;
            }
            if (LittleEndian.u16(sector, 510) != 0xAA55) {
                chainProblem("the extended boot record at sector " + ebr + " has no 0xAA55 signature.");
                return;
            }
            int type = LittleEndian.u8(sector, 446 + 4);
            long rel = LittleEndian.u32(sector, 446 + 8);
            long count = LittleEndian.u32(sector, 446 + 12);
            if (type != 0 && count != 0) {
                long start = ebr + rel;
                if (start + count > extEnd) {
                    chainProblem("logical partition " + number + " runs past the end of the extended partition.");
                    return;
                }
                parts.add(new Partition(number, Partition.Kind.LOGICAL, String.format("0x%02x", type),
                        PartitionTypes.mbrName(type), null, null, start * 512, count * 512,
                        LittleEndian.u8(sector, 446) == 0x80));
                number++;
            }
            int nextType = LittleEndian.u8(sector, 462 + 4);
            long nextRel = LittleEndian.u32(sector, 462 + 8);
            if (!PartitionTypes.isExtended(nextType) || nextRel == 0) {
                return;
            }
            ebr = extStart + nextRel;
        }
    }

    private void chainProblem(String what) {
        findings.add(Finding.of(FindingCode.EXTENDED_CHAIN_INVALID, "In " + disk.name() + ", " + what,
                "extended partition", "Logical partitions after this point are not shown. Reflash the card."));
    }

    private void checkBounds(PartitionTable table) {
        if (disk.size() >= 0) {
            checkedAgainst = disk.size();
        }
        outOfRange(table, disk, findings);
        overlaps(table);
    }

    /**
     * Checks the table again once the disk's size is known: a compressed stream's size is only found
     * when it is read to its end, after the table was read (a rootA cut short inside it).
     */
    public void recheckBounds(PartitionTable table) {
        if (table != null && disk.size() >= 0 && checkedAgainst != disk.size()) {
            checkedAgainst = disk.size();
            List<Finding> found = new ArrayList<>();
            outOfRange(table, disk, found);
            for (Finding f : found) {
                boolean known = findings.stream()
                        .anyMatch(g -> g.code() == f.code() && Objects.equals(g.location(), f.location()));
                if (!known) {
                    findings.add(f);
                }
            }
        }
    }

    private static void outOfRange(PartitionTable table, ByteSource disk, List<Finding> findings) {
        long size = disk.size();
        for (Partition p : table.partitions()) {
            if (size >= 0 && (p.start() >= size || p.end() > size)) {
                findings.add(Finding.of(FindingCode.PARTITION_OUT_OF_RANGE,
                        String.format("Partition %d of %s spans bytes %d-%d but the disk has only %d bytes.",
                                p.number(), disk.name(), p.start(), p.end(), size),
                        "partition " + p.number(),
                        "The image is truncated (an incomplete download or copy?) or the table is wrong."
                                + " Get the image again."));
            }
        }
    }

    /**
     * Every pair of partitions that share sectors, not only neighbours in start order (a partition
     * inside another hides an overlap of the outer one with the next). At most {@link #MAX_OVERLAPS}
     * are listed; a table of 8,192 identical GPT entries would otherwise give 33 million findings.
     */
    private void overlaps(PartitionTable table) {
        List<Partition> sorted = new ArrayList<>();
        for (Partition p : table.partitions()) {
            if (p.holdsData() && p.size() > 0) {
                sorted.add(p);
            }
        }
        sorted.sort(Comparator.comparingLong(Partition::start).thenComparingInt(Partition::number));
        long pairs = 0;
        for (int j = 1; j < sorted.size(); j++) {
            Partition b = sorted.get(j);
            for (int i = 0; i < j; i++) {
                Partition a = sorted.get(i);
                if (b.start() < a.end()) {
                    if (++pairs <= MAX_OVERLAPS) {
                        findings.add(Finding.of(FindingCode.PARTITION_OVERLAP, String.format(
                                "Partitions %d and %d of %s overlap.", a.number(), b.number(), disk.name()),
                                "partition " + b.number(), "The partition table is corrupt: reflash the card."));
                    }
                }
            }
        }
        if (pairs > MAX_OVERLAPS) {
            findings.add(Finding.of(FindingCode.PARTITION_OVERLAP, String.format("%d more pairs of partitions of %s"
                    + " overlap.", pairs - MAX_OVERLAPS, disk.name()), "partition table",
                    "The partition table is corrupt: reflash the card."));
        }
    }
}
