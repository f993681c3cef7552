package dev.preflight.core.inspect;

import java.nio.file.Path;

/**
 * @param deep       read every partition even deep inside a compressed image, and the backup GPT
 * @param sysfsRoot  where Linux sysfs is (default /sys); tests and odd setups point elsewhere
 * @param historyLog provisioning log to look this card up in (CARD_HISTORY), or null
 */
public record InspectOptions(boolean deep, Path sysfsRoot, Path historyLog) {
    public InspectOptions(boolean deep) {
        this(deep, null, null);
    }

    public InspectOptions(boolean deep, Path sysfsRoot) {
        this(deep, sysfsRoot, null);
    }

    public static InspectOptions defaults() {
        return new InspectOptions(false, null, null);
    }
}
