package dev.preflight.gui.inspect;

import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Locus;

/**
 * Where in the window a finding is about: which tab, which config.json key, which boot file. Read from the
 * finding's {@link Locus}, never from its message; the code decides only for findings without a file.
 */
public final class FindingTargets {
    private FindingTargets() {
    }

    /** The id of the tab that shows what {@code f} is about, or null. */
    public static String tabFor(Finding f) {
        String code = f.code().name();
        Locus l = f.locus();
        String file = l == null || l.file() == null ? "" : l.file();
        if (code.startsWith("CONFIG_TXT_") || file.equals("config.txt")) {
            return "tabConfigTxt";
        }
        if (code.startsWith("CONFIG_JSON_") || code.equals("PERSISTENT_LOGGING_ON_FLASH")
                || code.equals("DEVELOPMENT_MODE_ENABLED") || file.equals("config.json")
                || f.code() == FindingCode.PRELOAD_FLEET_MISMATCH) { // fixed in config.json's applicationId
            return "tabConfig";
        }
        if (code.startsWith("WIFI_") || code.equals("KEYFILE_SYNTAX") || l != null && l.connection() != null
                || file.startsWith("system-connections")) {
            return "tabNetwork";
        }
        if (code.startsWith("BOOT_FILE_") || code.equals("HOST_OS_LITTER") || code.equals("FINGERPRINT_MISSING")) {
            return "tabIntegrity";
        }
        if (code.startsWith("WEAR_") || code.equals("DATA_PARTITION_NEARLY_FULL") || code.equals("FAT_DIRTY")) {
            return "tabWear";
        }
        if (f.code().area().equals("release") || f.code().area().equals("device traces")) {
            return "tabRelease";
        }
        return null;
    }

    /** The top-level config.json key a finding is about (from its JSON pointer), or null. */
    public static String configKey(Finding f) {
        if (f.code() == FindingCode.PRELOAD_FLEET_MISMATCH) {
            return "applicationId";
        }
        return f.locus() == null ? null : f.locus().topLevelKey();
    }

    /** The boot file path ("overlays/x.dtbo") a finding is about, or "" for the whole partition. */
    public static String bootFile(Finding f) {
        return f.locus() == null || f.locus().file() == null ? "" : f.locus().file();
    }
}
