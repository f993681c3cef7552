package dev.preflight.core.integrity;

import dev.preflight.core.fat.BootFileSystem;
import dev.preflight.core.fat.FatVolume;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How many bytes of boot files may be read for hashing. Without cross-linked clusters the files of
 * a FAT volume hold at most the volume's size; directory entries that share one cluster chain can
 * claim far more (300 entries on one 64 MiB chain claim 18.8 GiB of a 200 MiB image). Hashing stops
 * at the volume's size (and {@link IntegrityChecker#MAX_HASHED}), so a check reads no more than a
 * sound volume would make it read, however many entries point at the same clusters.
 */
public final class HashBudget {
    private final long capacity;
    private final long claimed;
    private final boolean fat;
    private long left;
    private final List<String> tooLarge = new ArrayList<>();
    private final List<String> overBudget = new ArrayList<>();

    public HashBudget(BootFileSystem fs) {
        long total = 0;
        for (BootFileSystem.BootFile f : fs.files()) {
            total += Math.max(0, f.size());
        }
        this.claimed = total;
        this.fat = fs instanceof FatVolume;
        long volume = fs instanceof FatVolume v ? v.bootSector().volumeBytes() : IntegrityChecker.MAX_HASHED;
        this.capacity = Math.min(volume, IntegrityChecker.MAX_HASHED);
        this.left = capacity;
    }

    /** Whether {@code f} may be read and hashed; counts it against the budget when so. */
    public boolean take(BootFileSystem.BootFile f) {
        if (f.size() > IntegrityChecker.MAX_FILE) {
            tooLarge.add(f.path());
            return false;
        }
        if (f.size() > left) {
            overBudget.add(f.path());
            return false;
        }
        left -= f.size();
        return true;
    }

    public void report(String where, List<Finding> findings) {
        if (!tooLarge.isEmpty()) {
            findings.add(Finding.of(FindingCode.BOOT_FILE_UNCHECKED, tooLarge.size() + " file(s) on " + where
                    + " are larger than " + (IntegrityChecker.MAX_FILE >> 20) + " MiB and were not hashed: "
                    + names(tooLarge) + ".", where, "Compare them by hand (md5sum) with the fingerprint if they matter."));
        }
        boolean crossLinked = fat && claimed > capacity;
        if (crossLinked || !overBudget.isEmpty()) {
            String why = crossLinked ? "The files on " + where + " claim " + mib(claimed) + " in all but the volume"
                    + " holds only " + mib(capacity) + ": directory entries share clusters (cross-linked) or give"
                    + " wrong sizes." : "The files on " + where + " add up to more than the " + mib(capacity)
                    + " hashed in one check.";
            findings.add(new Finding(FindingCode.BOOT_FILE_UNCHECKED, crossLinked ? Severity.ERROR : Severity.WARNING,
                    why + " " + overBudget.size() + " file(s) listed in the fingerprint were not hashed"
                            + (overBudget.isEmpty() ? "" : ": " + names(overBudget)) + ".", where,
                    crossLinked ? "The boot file system is corrupt: run fsck.fat on the card, or reflash it."
                            : "Check the boot partition holds only what balenaOS put there."));
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String names(List<String> paths) {
        return String.join(", ", paths.subList(0, Math.min(5, paths.size()))) + (paths.size() > 5 ? ", ..." : "");
    }
}
