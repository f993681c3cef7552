package dev.preflight.core.boot;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Boot partition discovery as balena's own tools do it (balena-config-json lib/utils.ts,
 * findBootPartitionByName then findBootPartitionByContents): a partition labelled resin-boot,
 * flash-boot or balena-boot (any case); else the FAT partition holding device-type.json; else
 * partition 1, unless it lies beyond what a quick look at a compressed stream reads (a 4 KB file
 * whose only partition starts at 5 GB would otherwise be decompressed for hours).
 */
public final class BootLocator {
    public static final Set<String> BOOT_LABELS = Set.of("resin-boot", "flash-boot", "balena-boot");
    /** The file system of a partition {@link PartitionProber} left unread. */
    public static final String NOT_READ = "not-read";

    public record Choice(PartitionInfo partition, String foundBy) {
    }

    private BootLocator() {
    }

    public static Choice locate(List<PartitionInfo> partitions, Predicate<PartitionInfo> holdsDeviceTypeJson) {
        for (PartitionInfo p : partitions) {
            if (isBootLabel(p.label()) || isBootLabel(p.gptName())) {
                return new Choice(p, "label");
            }
        }
        for (PartitionInfo p : partitions) {
            if ("vfat".equals(p.filesystem()) && holdsDeviceTypeJson.test(p)) {
                return new Choice(p, "device-type.json");
            }
        }
        for (PartitionInfo p : partitions) {
            if (p.number() == 1 && !NOT_READ.equals(p.filesystem())) {
                return new Choice(p, "first-partition");
            }
        }
        return null;
    }

    public static boolean isBootLabel(String label) {
        return label != null && BOOT_LABELS.contains(label.trim().toLowerCase(Locale.ROOT));
    }
}
