package dev.preflight.gui.inspect;

import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where in the window a finding is about: which tab, which config.json key, which boot file. */
public final class FindingTargets {
    private static final Pattern POINTER = Pattern.compile("#/([A-Za-z0-9_]+)");
    private static final Pattern LEADING_KEY = Pattern.compile("^(?:config\\.json key )?([a-z][A-Za-z0-9]+)[ :]");

    private FindingTargets() {
    }

    /** The id of the tab that shows what {@code f} is about, or null. */
    public static String tabFor(Finding f) {
        String code = f.code().name();
        String loc = f.location() == null ? "" : f.location();
        if (code.startsWith("CONFIG_TXT_") || loc.contains("/config.txt")) {
            return "tabConfigTxt";
        }
        if (code.startsWith("CONFIG_JSON_") || code.equals("PERSISTENT_LOGGING_ON_FLASH")
                || code.equals("DEVELOPMENT_MODE_ENABLED") || loc.endsWith("/config.json") || loc.contains("config.json#")
                || f.code() == FindingCode.PRELOAD_FLEET_MISMATCH) { // fixed in config.json's applicationId
            return "tabConfig";
        }
        if (code.startsWith("WIFI_") || code.equals("KEYFILE_SYNTAX") || loc.contains("system-connections/")) {
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

    /** The top-level config.json key a finding names, from its "#/key" location or its message. */
    public static String configKey(Finding f) {
        if (f.code() == FindingCode.PRELOAD_FLEET_MISMATCH) {
            return "applicationId";
        }
        if (f.location() != null) {
            Matcher m = POINTER.matcher(f.location());
            if (m.find()) {
                return m.group(1);
            }
        }
        Matcher m = LEADING_KEY.matcher(f.message());
        return m.find() ? m.group(1) : null;
    }

    /** The boot file path ("overlays/x.dtbo") a finding is about, or "" for the whole partition. */
    public static String bootFile(Finding f) {
        String loc = f.location() == null ? "" : f.location();
        int i = loc.indexOf(":/");
        return i < 0 ? "" : loc.substring(i + 2);
    }
}
