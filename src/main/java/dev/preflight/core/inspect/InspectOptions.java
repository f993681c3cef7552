package dev.preflight.core.inspect;

import dev.preflight.core.image.ReadBudget;
import java.nio.file.Path;

/**
 * @param deep       read every partition even deep inside a compressed image, and the backup GPT
 * @param sysfsRoot  where Linux sysfs is (default /sys); tests and odd setups point elsewhere
 * @param history    where to look this card up (CARD_HISTORY), or null
 * @param budget     how much the inspection may decompress and how long it may take; null for the
 *                   defaults ({@link ReadBudget#quick()}, or {@link ReadBudget#whole()} when deep),
 *                   taken when the inspection starts
 */
public record InspectOptions(boolean deep, Path sysfsRoot, HistoryLookup history, ReadBudget budget) {
    public InspectOptions(boolean deep) {
        this(deep, null, null, null);
    }

    public InspectOptions(boolean deep, Path sysfsRoot) {
        this(deep, sysfsRoot, null, null);
    }

    public InspectOptions(boolean deep, Path sysfsRoot, HistoryLookup history) {
        this(deep, sysfsRoot, history, null);
    }

    public static InspectOptions defaults() {
        return new InspectOptions(false, null, null, null);
    }

    /** The budget to read with: the one given, else a fresh default for this kind of inspection. */
    public ReadBudget budgetOrDefault() {
        return budget != null ? budget : deep ? ReadBudget.whole() : ReadBudget.quick();
    }
}
