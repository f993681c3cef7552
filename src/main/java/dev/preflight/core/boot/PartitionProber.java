package dev.preflight.core.boot;

import dev.preflight.core.ext4.Ext4Superblock;
import dev.preflight.core.fat.FatBootSector;
import dev.preflight.core.image.ByteSource;
import dev.preflight.core.partition.FatSignature;
import dev.preflight.core.partition.Partition;
import dev.preflight.core.partition.PartitionTable;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.task.CancellationToken;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Looks at the first sectors of every partition to name its file system and label. Inside a
 * compressed image that cannot seek, partitions that start far in are left unread unless asked
 * (decompressing gigabytes to read a superblock is what the user came here to avoid).
 */
final class PartitionProber {
    /** In a non-seekable compressed image, partitions starting beyond this are not probed by default. */
    static final long STREAM_PROBE_LIMIT = 128L << 20;

    private final ByteSource disk;
    private final List<Finding> findings;
    private final boolean deep;
    private final CancellationToken cancel;
    private int skipped;

    PartitionProber(ByteSource disk, List<Finding> findings, boolean deep, CancellationToken cancel) {
        this.disk = disk;
        this.findings = findings;
        this.deep = deep;
        this.cancel = cancel;
    }

    List<PartitionInfo> probe(PartitionTable table, boolean logicalSkipped) throws IOException {
        List<PartitionInfo> out = new ArrayList<>();
        for (Partition p : table.partitions()) {
            cancel.throwIfCancelled();
            out.add(probe(p));
        }
        if (skipped > 0 || logicalSkipped) {
            String logical = "the logical partitions inside the extended partition";
            String what = skipped == 0 ? "The " + logical : skipped + " partition(s)" + (logicalSkipped ? " and "
                    + logical : "");
            findings.add(Finding.of(FindingCode.PARTITIONS_NOT_READ,
                    what + " beyond the first " + (STREAM_PROBE_LIMIT >> 20) + " MiB of " + disk.name()
                            + " were not decompressed.",
                    "partition table", "Read the whole image to check them too (slower): 'inspect --deep',"
                            + " or Read whole image in the desktop app."));
        }
        return out;
    }

    private PartitionInfo probe(Partition p) throws IOException {
        String fs;
        String label = null;
        Ext4Superblock ext4 = null;
        if (!p.holdsData()) {
            fs = "none";
        } else if (!deep && !disk.randomAccess() && p.start() > STREAM_PROBE_LIMIT) {
            fs = BootLocator.NOT_READ;
            skipped++;
        } else {
            try {
                byte[] head = disk.readFully(p.start(), 2048);
                byte[] sector0 = Arrays.copyOf(head, 512);
                Ext4Superblock.Parsed sb = Ext4Superblock.check(Arrays.copyOfRange(head, 1024, 2048), p.size());
                ext4 = sb.superblock();
                if (ext4 != null) {
                    fs = "ext4";
                    label = ext4.label().isEmpty() ? null : ext4.label();
                } else if (sb.problem() != null) {
                    fs = "ext4";
                    findings.add(Finding.of(FindingCode.EXT4_SUPERBLOCK_INVALID, "The ext4 superblock of partition "
                            + p.number() + " of " + disk.name() + " is invalid: " + sb.problem() + ".",
                            "partition " + p.number(), "The file system is damaged: reflash the card (or run"
                                    + " e2fsck on it if its data matters)."));
                } else if (FatSignature.looksLikeFat(sector0)) {
                    fs = "vfat";
                    label = fatLabel(sector0);
                } else {
                    fs = "unknown";
                }
            } catch (EOFException e) {
                fs = "unknown";
                if (disk.size() < 0 || p.start() < disk.size()) {
                    findings.add(Finding.of(FindingCode.PARTITION_OUT_OF_RANGE,
                            "Partition " + p.number() + " of " + disk.name() + " starts at byte " + p.start()
                                    + " but the image ends before it or inside its first sectors.",
                            "partition " + p.number(), "The image is truncated: get it again."));
                }
            }
        }
        if (label == null && p.name() != null && !p.name().isEmpty()) {
            label = p.name();
        }
        return new PartitionInfo(p.number(), p.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), label,
                p.name(), p.typeId(), p.typeName(), p.start(), p.size(), p.bootable(), fs, ext4);
    }

    private static String fatLabel(byte[] s) {
        try {
            String l = FatBootSector.parse(s, Long.MAX_VALUE).label();
            return l.isEmpty() || l.equals("NO NAME") ? null : l;
        } catch (Exception e) {
            return null;
        }
    }
}
