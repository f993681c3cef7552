package dev.preflight.core.inspect;

import java.nio.file.Path;

/**
 * @param deep      read every partition even deep inside a compressed image, and the backup GPT
 * @param sysfsRoot where Linux sysfs is (default /sys); tests and odd setups point elsewhere
 */
public record InspectOptions(boolean deep, Path sysfsRoot) {
    public InspectOptions(boolean deep) {
        this(deep, null);
    }

    public static InspectOptions defaults() {
        return new InspectOptions(false, null);
    }
}
