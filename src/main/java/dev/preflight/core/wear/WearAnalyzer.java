package dev.preflight.core.wear;

import dev.preflight.core.ext4.Ext4Superblock;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Wear and health from what can be read without writing: the ext4 superblocks of the card's own
 * file systems (through any reader, and on images), and on Linux the SD/MMC registers in sysfs when
 * the card sits on a native host (configtxt-and-wear-facts B5, B6, B8).
 */
public final class WearAnalyzer {
    /** One ext4 file system of the card, by label. */
    public record Fs(int partition, String label, Ext4Superblock superblock) {
    }

    private final WearThresholds t;
    private final Path sysfsRoot;
    private final Clock clock;

    public WearAnalyzer(WearThresholds thresholds, Path sysfsRoot, Clock clock) {
        this.t = thresholds;
        this.sysfsRoot = sysfsRoot == null ? Path.of("/sys") : sysfsRoot;
        this.clock = clock;
    }

    /**
     * @param device   the block device path, or null for images and folders
     * @param capacity bytes of the card or image, or null
     */
    public WearReport analyse(String device, Long capacity, List<Fs> filesystems, List<Finding> findings) {
        List<WearReport.Signal> signals = new ArrayList<>();
        String registers = "not-a-card";
        SdRegisters.Cid cid = null;
        Long cidCapacity = null;
        if (device != null) {
            String name = Path.of(device).getFileName().toString();
            Path dev = sysfsRoot.resolve("class/block").resolve(name).resolve("device");
            if (name.startsWith("mmcblk") && Files.isDirectory(dev)) {
                registers = "available";
                String type = read(dev.resolve("type"));
                boolean sd = type == null || type.equals("SD");
                String cidHex = read(dev.resolve("cid"));
                if (cidHex != null) {
                    try {
                        cid = sd ? SdRegisters.sdCid(cidHex) : SdRegisters.mmcCid(cidHex);
                        signals.add(new WearReport.Signal("card", cid.vendor() + " " + cid.product() + " rev "
                                + cid.revision() + ", serial " + String.format("0x%08x", cid.serial())
                                + (cid.manufactured() == null ? "" : ", made " + cid.manufactured()),
                                dev.resolve("cid").toString(), "Card identity from its CID register (vendor from a"
                                + " crowd-sourced table: likely, not certain)."));
                        age(cid, signals, findings, dev);
                    } catch (IllegalArgumentException e) {
                        signals.add(new WearReport.Signal("card", "unreadable CID", dev.resolve("cid").toString(),
                                "The CID register could not be decoded."));
                    }
                }
                String csd = read(dev.resolve("csd"));
                if (csd != null && sd) {
                    try {
                        long c = SdRegisters.sdCapacity(csd);
                        cidCapacity = c > 0 ? c : null;
                    } catch (IllegalArgumentException e) {
                        cidCapacity = null;
                    }
                }
                emmc(dev, signals, findings);
            } else {
                registers = "hidden-by-reader";
                findings.add(Finding.of(FindingCode.WEAR_REGISTERS_HIDDEN, "The card's CID/CSD/health registers are"
                        + " not reachable through this reader (" + device + " is a USB mass-storage device).", device,
                        "For card identity and eMMC life data use a built-in SD slot (the card shows as"
                        + " /dev/mmcblkN). File-system wear below is still measured."));
            }
        }
        filesystemSignals(capacity, filesystems, signals, findings);
        return new WearReport(capacity, registers, cid, cidCapacity, signals);
    }

    private void age(SdRegisters.Cid cid, List<WearReport.Signal> signals, List<Finding> findings, Path dev) {
        if (cid.manufactured() == null) {
            return;
        }
        YearMonth now = YearMonth.now(clock);
        long months = cid.manufactured().until(now, ChronoUnit.MONTHS);
        if (months >= t.cardAgeWarnYears() * 12L) {
            findings.add(Finding.of(FindingCode.WEAR_CARD_AGE, "The card was made in " + cid.manufactured() + ", "
                    + months / 12 + " years ago.", dev.resolve("cid").toString(),
                    "Old cards have seen more writes and retain data less well; prefer a new, industrial-grade card."));
        }
    }

    private void emmc(Path dev, List<WearReport.Signal> signals, List<Finding> findings) {
        String life = read(dev.resolve("life_time"));
        String eol = read(dev.resolve("pre_eol_info"));
        if (life != null) {
            String[] ab = life.split("\\s+");
            int a = parse(ab[0]);
            int b = ab.length > 1 ? parse(ab[1]) : 0;
            signals.add(new WearReport.Signal("emmcLifeTime", "A " + lifeText(a) + ", B " + lifeText(b),
                    dev.resolve("life_time").toString(), "Estimated share of the eMMC's rated life used (JEDEC"
                    + " DEVICE_LIFE_TIME_EST; A = SLC area, B = MLC/TLC area)."));
            int worst = Math.max(a, b);
            if (worst >= t.emmcLifeWarn()) {
                findings.add(new Finding(FindingCode.WEAR_EMMC_LIFE, worst >= 0x0B ? Severity.ERROR : Severity.WARNING,
                        "The eMMC reports " + lifeText(worst) + " of its rated life used.",
                        dev.resolve("life_time").toString(), "Plan to replace the module; back up what matters."));
            }
        }
        if (eol != null) {
            int v = parse(eol);
            String meaning = v == 1 ? "normal" : v == 2 ? "warning: 80% of reserved blocks used"
                    : v == 3 ? "urgent: reserved blocks nearly exhausted" : "not defined";
            signals.add(new WearReport.Signal("emmcPreEol", meaning, dev.resolve("pre_eol_info").toString(),
                    "Reserved (spare) block consumption (JEDEC PRE_EOL_INFO)."));
            if (v == 2 || v == 3) {
                findings.add(new Finding(FindingCode.WEAR_EMMC_LIFE, v == 3 ? Severity.ERROR : Severity.WARNING,
                        "The eMMC's pre-end-of-life indicator says " + meaning + ".",
                        dev.resolve("pre_eol_info").toString(), "Replace the module soon."));
            }
        }
    }

    static String lifeText(int v) {
        if (v == 0) {
            return "not reported";
        }
        if (v >= 0x0B) {
            return "more than 100%";
        }
        return ((v - 1) * 10) + "-" + (v * 10) + "%";
    }

    private void filesystemSignals(Long capacity, List<Fs> filesystems, List<WearReport.Signal> signals,
                                   List<Finding> findings) {
        long written = 0;
        for (Fs fs : filesystems) {
            Ext4Superblock sb = fs.superblock();
            String src = "ext4 superblock of partition " + fs.partition() + (fs.label() == null ? "" : " (" + fs.label()
                    + ")");
            String label = fs.label() == null ? "" : fs.label().toLowerCase(Locale.ROOT);
            if (label.endsWith("-data") || label.endsWith("-state")) {
                written += sb.kbytesWritten();
                signals.add(new WearReport.Signal("lifetimeWrites:" + fs.label(), sb.kbytesWritten() + " KiB",
                        src + ": s_kbytes_written", "Everything written through this file system while mounted,"
                        + " journal included."));
            }
            if (label.endsWith("-data") && sb.blocksCount() > 0) {
                double free = 100.0 * sb.freeBlocks() / sb.blocksCount();
                signals.add(new WearReport.Signal("dataFree", String.format(Locale.ROOT, "%.1f%%", free),
                        src + ": s_free_blocks_count", "Free space for containers, images and volumes."));
                if (free < t.dataFreeWarnPercent()) {
                    findings.add(new Finding(FindingCode.DATA_PARTITION_NEARLY_FULL,
                            free < t.dataFreeErrorPercent() ? Severity.ERROR : Severity.WARNING,
                            String.format(Locale.ROOT, "resin-data has only %.1f%% free.", free), src,
                            "Remove unused images and volumes (balena-engine system prune) or move to a larger card;"
                                    + " a full data partition stops updates and can corrupt databases."));
                }
            }
        }
        if (capacity != null && capacity > 0 && written > 0) {
            double fullWrites = written * 1024.0 / capacity;
            signals.add(new WearReport.Signal("fullCardWrites", String.format(Locale.ROOT, "%.1f", fullWrites),
                    "resin-state + resin-data lifetime writes / capacity", "A rough wear estimate: how many times the"
                    + " whole card has been written (controller write amplification not included)."));
            if (fullWrites >= t.fullCardWritesWarn()) {
                findings.add(new Finding(FindingCode.WEAR_LIFETIME_WRITES,
                        fullWrites >= t.fullCardWritesError() ? Severity.ERROR : Severity.WARNING,
                        String.format(Locale.ROOT, "The card has been written about %.0f times over (%d GiB through"
                                + " resin-state and resin-data).", fullWrites, written >> 20),
                        "ext4 superblocks", "Consumer cards are rated for a few hundred writes per cell; replace it"
                                + " before it fails, and reduce writes (persistentLogging off, fewer container restarts)."));
            }
        }
    }

    private static int parse(String v) {
        try {
            String s = v.strip();
            return s.startsWith("0x") ? Integer.parseInt(s.substring(2), 16) : Integer.parseInt(s, 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String read(Path p) {
        try {
            return Files.isReadable(p) ? Files.readString(p).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
