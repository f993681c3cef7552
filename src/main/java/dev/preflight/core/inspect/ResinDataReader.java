package dev.preflight.core.inspect;

import dev.preflight.core.boot.PartitionInfo;
import dev.preflight.core.ext4.Ext4FileSystem;
import dev.preflight.core.ext4.Ext4FormatException;
import dev.preflight.core.image.ByteSource;
import dev.preflight.core.release.PreloadCheck;
import dev.preflight.core.release.Release;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.traces.StateTraces;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Finds resin-state and resin-data among the probed partitions and runs the checks that read files inside them. */
final class ResinDataReader {
    private ResinDataReader() {
    }

    /** The ext4 partition labelled {@code resin-<role>} or {@code balena-<role>} (label or GPT name), or null. */
    static PartitionInfo find(List<PartitionInfo> parts, String role) {
        for (PartitionInfo p : parts) {
            if (p.ext4() != null && p.isBalena(role)) {
                return p;
            }
        }
        return null;
    }

    /** The preloaded release on resin-data, or null; an unreadable resin-data becomes PRELOAD_UNREADABLE. */
    static Release release(ByteSource disk, List<PartitionInfo> parts, Long configAppId, List<Finding> findings)
            throws IOException {
        PartitionInfo data = find(parts, "data");
        if (data == null) {
            return null;
        }
        String where = data.where();
        try {
            Ext4FileSystem fs = Ext4FileSystem.open(disk, data.start(), data.size());
            return PreloadCheck.check(fs, configAppId, where, findings);
        } catch (Ext4FormatException e) {
            findings.add(Finding.of(FindingCode.PRELOAD_UNREADABLE, "The files on " + where + " could not be read to"
                    + " look for a preloaded release: " + e.getMessage() + ".", where,
                    "If this card should carry a preload, check it with fsck.ext4 on a Linux machine, or preload the"
                            + " image again."));
            return null;
        }
    }

    /** REBOOT_LOOP_DETECTED, OS_ROLLBACK_HAPPENED, CLOCK_SET_FORWARD from resin-state's files. */
    static void traces(ByteSource disk, List<PartitionInfo> parts, Instant now, List<Finding> findings)
            throws IOException {
        PartitionInfo state = find(parts, "state");
        if (state == null) {
            return;
        }
        String where = state.where();
        try {
            StateTraces.check(Ext4FileSystem.open(disk, state.start(), state.size()), where, now, findings);
        } catch (Ext4FormatException e) {
            findings.add(Finding.of(FindingCode.STATE_FILES_UNREADABLE, "The files on " + where + " could not be read to"
                    + " look for reboot loops, rollbacks and a clock set forward: " + e.getMessage() + ".", where,
                    "Check the card with fsck.ext4 on a Linux machine, or reflash it."));
        }
    }
}
