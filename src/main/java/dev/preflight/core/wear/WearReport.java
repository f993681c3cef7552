package dev.preflight.core.wear;

import java.util.List;

/**
 * Every wear and health signal found, each with where it came from and what it means.
 *
 * @param registers "available" (native SD/MMC host), "hidden-by-reader" (USB reader), "not-a-card"
 *                  (image file or folder)
 */
public record WearReport(Long capacityBytes, String registers, SdRegisters.Cid cid, Long cidCapacityBytes,
                         List<Signal> signals) {

    /** One signal: a value, its source (sysfs file, superblock field) and its meaning in plain words. */
    public record Signal(String name, String value, String source, String meaning) {
    }
}
