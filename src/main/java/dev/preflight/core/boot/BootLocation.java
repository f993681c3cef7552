package dev.preflight.core.boot;

import dev.preflight.core.fat.FatVolume;
import dev.preflight.core.image.ByteSource;
import dev.preflight.core.report.Finding;
import dev.preflight.core.task.CancellationToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Where a disk's boot partition is and its open FAT volume, found exactly as an inspection finds it. */
public record BootLocation(String diskId, PartitionInfo partition, FatVolume volume) {

    /**
     * Only locates and opens the boot partition (no checks), for editors and readers that need the files
     * but not a report. Returns null when there is no partition table or the chosen partition is not FAT.
     */
    public static BootLocation find(ByteSource disk, CancellationToken cancel) throws IOException {
        return find(disk, new ArrayList<>(), cancel);
    }

    /**
     * As {@link #find(ByteSource, CancellationToken)}, adding to {@code findings} what the partition
     * table and the boot partition's FAT showed on the way (overlaps, out-of-range partitions, corrupt or
     * cross-linked FAT chains), so an editor can refuse an unsound card before writing.
     */
    public static BootLocation find(ByteSource disk, List<Finding> findings, CancellationToken cancel)
            throws IOException {
        CardLayout layout = CardLayout.read(disk, findings, false, cancel);
        if (layout == null || layout.bootChoice() == null) {
            return null;
        }
        PartitionInfo bp = layout.bootChoice().partition();
        FatVolume v = layout.openFat(bp, findings);
        if (v != null) {
            FileSystemHealth.fatState(v, bp.where(), findings);
        }
        return v == null ? null : new BootLocation(layout.table().diskId(), bp, v);
    }
}
