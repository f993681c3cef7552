package dev.preflight.core.boot;

import dev.preflight.core.fat.FatFormatException;
import dev.preflight.core.fat.FatVolume;
import dev.preflight.core.image.ByteSource;
import dev.preflight.core.partition.PartitionTable;
import dev.preflight.core.partition.PartitionTableReader;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.task.CancellationToken;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A disk's partition table, its probed partitions and which of them is the boot partition, found as
 * balena's own tools find it ({@link BootLocator}). FAT volumes opened on the way are kept, so the boot
 * partition is read once.
 */
public final class CardLayout {
    private final ByteSource disk;
    private final PartitionTableReader reader;
    private final PartitionTable table;
    private final List<PartitionInfo> partitions;
    private final Map<Integer, FatVolume> opened = new HashMap<>();
    private BootLocator.Choice bootChoice;

    private CardLayout(ByteSource disk, PartitionTableReader reader, PartitionTable table,
                       List<PartitionInfo> partitions) {
        this.disk = disk;
        this.reader = reader;
        this.table = table;
        this.partitions = partitions;
    }

    /**
     * Reads the partition table, probes each partition and chooses the boot partition; findings about the
     * table (overlaps, out of range, not read) are added on the way. Null when there is no partition table.
     *
     * @param deep read partitions deep inside a compressed stream too
     */
    public static CardLayout read(ByteSource disk, List<Finding> findings, boolean deep, CancellationToken cancel)
            throws IOException {
        boolean cheap = deep || disk.randomAccess();
        PartitionTableReader reader = new PartitionTableReader(disk, findings, cheap,
                cheap ? Long.MAX_VALUE : PartitionProber.STREAM_PROBE_LIMIT);
        PartitionTable table = reader.read();
        if (table == null) {
            return null;
        }
        List<PartitionInfo> parts = new PartitionProber(disk, findings, deep, cancel)
                .probe(table, reader.logicalSkipped());
        CardLayout layout = new CardLayout(disk, reader, table, parts);
        try {
            layout.bootChoice = BootLocator.locate(parts, p -> {
                try {
                    FatVolume v = layout.openFat(p, null);
                    return v != null && v.exists("device-type.json");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return layout;
    }

    public PartitionTable table() {
        return table;
    }

    public PartitionTableReader reader() {
        return reader;
    }

    public List<PartitionInfo> partitions() {
        return partitions;
    }

    /** The boot partition and how it was found; null when no partition qualifies. */
    public BootLocator.Choice bootChoice() {
        return bootChoice;
    }

    /**
     * Opens {@code p} as FAT, once: null when it cannot be read as FAT (the reason is added to
     * {@code findings} when they are given) or lies beyond what a quick look decompresses.
     */
    public FatVolume openFat(PartitionInfo p, List<Finding> findings) throws IOException {
        if (opened.containsKey(p.number()) && (findings == null || opened.get(p.number()) != null)) {
            return opened.get(p.number());
        }
        if (BootLocator.NOT_READ.equals(p.filesystem())) {
            return null; // beyond what a quick look decompresses; PARTITIONS_NOT_READ says so
        }
        String where = p.where();
        FatVolume v = null;
        try {
            v = FatVolume.open(disk, p.start(), p.size());
        } catch (FatVolume.FatChainException e) {
            report(findings, FindingCode.FAT_CHAIN_INVALID, "The FAT on " + where + " of " + disk.name()
                    + " is corrupt: " + e.getMessage() + ".", where,
                    "Files on this partition cannot be trusted: reflash the card.");
        } catch (FatFormatException e) {
            report(findings, FindingCode.BOOT_FILESYSTEM_UNREADABLE, "The boot " + where + " of " + disk.name()
                    + " cannot be read as FAT: " + e.getMessage() + ".", where, "Reflash the card or get the image again.");
        } catch (EOFException e) {
            report(findings, FindingCode.BOOT_FILESYSTEM_UNREADABLE, "The boot " + where + " of " + disk.name()
                    + " could not be read: " + e.getMessage() + ".", where, "The image may be truncated: get it again.");
        }
        opened.put(p.number(), v);
        return v;
    }

    private static void report(List<Finding> findings, FindingCode code, String msg, String where, String hint) {
        if (findings != null) {
            findings.add(Finding.of(code, msg, where, hint));
        }
    }
}
