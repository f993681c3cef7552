package dev.preflight.core.configtxt;

import dev.preflight.core.configtxt.ConfigTxt.Kind;
import dev.preflight.core.configtxt.ConfigTxt.Line;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The config.txt rules that depend on the board and the boot partition: overlays and named files that
 * must exist, settings that are dangerous (OTP, warranty bit, no device tree), and settings without effect
 * on this model. {@link ConfigTxtChecker} runs them line by line.
 */
final class BoardRules {
    /** Where the rules report. */
    interface Sink {
        void add(Severity severity, FindingCode code, Line line, String message, String hint);
    }

    private final List<Line> lines;
    private final PiModel pi;
    private final String model;
    private final String deviceType;
    private final Set<String> lowerFiles;
    private final Sink sink;

    /**
     * @param lowerFiles lower-cased paths on the boot partition, or null when not known (standalone file)
     */
    BoardRules(List<Line> lines, PiModel pi, String deviceType, Set<String> lowerFiles, Sink sink) {
        this.lines = lines;
        this.pi = pi;
        this.model = pi == null ? null : pi.name();
        this.deviceType = deviceType;
        this.lowerFiles = lowerFiles;
        this.sink = sink;
    }

    private boolean applies(String section) {
        return pi == null || pi.applies(section);
    }

    private void add(FindingCode code, Line l, String message, String hint) {
        sink.add(code.defaultSeverity(), code, l, message, hint);
    }

    private void addAs(Severity severity, FindingCode code, Line l, String message, String hint) {
        sink.add(severity, code, l, message, hint);
    }

    String overlay(Line l) {
        String name = l.value().strip();
        int comma = name.indexOf(',');
        if (comma >= 0) {
            name = name.substring(0, comma);
        }
        if (name.isEmpty() || lowerFiles == null) {
            return name;
        }
        if (name.contains("fkms") && "pi5".equals(model)) {
            addAs(Severity.ERROR, FindingCode.CONFIG_TXT_NO_EFFECT, l, "dtoverlay=" + name + " on line " + l.number() + ": the Pi 5 has"
                    + " no FKMS driver; this overlay cannot load there.", "Use dtoverlay=vc4-kms-v3d.");
        }
        String base = "overlays/" + name.toLowerCase(Locale.ROOT);
        if (!lowerFiles.contains(base + ".dtbo") && !lowerFiles.contains(base + "-pi4.dtbo")
                && !lowerFiles.contains(base + "-pi5.dtbo")) {
            add(FindingCode.CONFIG_TXT_MISSING_OVERLAY, l, "Line " + l.number() + " loads overlay '" + name
                    + "' but overlays/" + name + ".dtbo is not on this boot partition; the firmware skips it"
                    + " silently.", "Check the name, or remove the line (the hardware it enables will not work).");
        }
        return name;
    }

    void files(Line l, KeyCatalogue.Key k) {
        String v = l.value().strip();
        if (!k.has("file") || lowerFiles == null) {
            return;
        }
        if (k.name().equals("device_tree") && v.isEmpty()) {
            return; // reported as dangerous
        }
        for (String f : v.split(",")) {
            if (!f.isBlank() && !lowerFiles.contains(f.strip().toLowerCase(Locale.ROOT).replaceFirst("^/", ""))) {
                add(FindingCode.CONFIG_TXT_MISSING_FILE, l, k.name() + "=" + v + " on line " + l.number() + " names "
                        + f.strip() + ", which is not on this boot partition; the device will not boot.",
                        "Fix the file name or remove the line.");
            }
        }
        if (k.name().equals("start_x") || k.name().equals("start_debug")) {
            return;
        }
    }

    void checkInitramfs(Line l) {
        if (lowerFiles == null || !applies(l.section())) {
            return;
        }
        String first = l.value().split("\\s+")[0];
        for (String f : first.split(",")) {
            if (!f.isBlank() && !lowerFiles.contains(f.toLowerCase(Locale.ROOT))) {
                add(FindingCode.CONFIG_TXT_MISSING_FILE, l, "initramfs on line " + l.number() + " names " + f
                        + ", which is not on this boot partition.", "Fix the file name or remove the line.");
            }
        }
    }

    void danger(Line l, KeyCatalogue.Key k) {
        String v = l.value().strip();
        if (k.has("otp") && !v.equals("0") && !(k.name().equals("eeprom_write_protect") && v.equals("-1"))) {
            add(FindingCode.CONFIG_TXT_DANGEROUS, l, k.name() + "=" + v + " on line " + l.number() + ": "
                    + k.description(), "Remove it: this irreversibly changes the board and has no place on an"
                    + " application card.");
        }
        if (k.name().equals("device_tree") && v.isEmpty()) {
            add(FindingCode.CONFIG_TXT_DANGEROUS, l, "device_tree= is empty on line " + l.number()
                    + ": this disables the device tree and Linux will not boot.", "Remove the line.");
        }
        if (k.name().equals("avoid_warnings") && v.equals("2")) {
            addAs(Severity.WARNING, FindingCode.CONFIG_TXT_DANGEROUS, l, "avoid_warnings=2 on line "
                    + l.number() + " allows turbo under low voltage, which risks SD card corruption.",
                    "Use avoid_warnings=1 to hide the icons only.");
        }
        if (k.name().equals("force_turbo") && v.equals("1") && overVoltage()) {
            add(FindingCode.CONFIG_TXT_DANGEROUS, l, "force_turbo=1 together with over_voltage > 0 sets the"
                    + " permanent warranty bit in the SoC.", "Remove force_turbo or the over_voltage settings.");
        }
        if (k.name().equals("arm_64bit") && v.equals("0") && deviceType != null
                && deviceType.endsWith("-64")) {
            add(FindingCode.CONFIG_TXT_DANGEROUS, l, "arm_64bit=0 on line " + l.number() + " on a 64-bit balenaOS"
                    + " image: the 64-bit bootloader will not start.", "Remove the line.");
        }
        if ((k.name().equals("start_x") || k.name().equals("start_debug")) && v.equals("1") && lowerFiles != null) {
            String p = "pi4".equals(model) ? "start4" : "start";
            String f = k.name().equals("start_x") ? p + (p.equals("start4") ? "x.elf" : "_x.elf")
                    : p + (p.equals("start4") ? "db.elf" : "_db.elf");
            if (!lowerFiles.contains(f)) {
                add(FindingCode.CONFIG_TXT_MISSING_FILE, l, k.name() + "=1 on line " + l.number() + " needs " + f
                        + ", which balenaOS does not ship on this card.", "Remove the line.");
            }
        }
        if (k.has("forbidden")) {
            addAs(Severity.INFO, FindingCode.CONFIG_TXT_SUPERVISOR_MANAGED, l, k.name() + " on line "
                    + l.number() + " is a key the balena supervisor refuses to manage; changing it from the"
                    + " dashboard will fail.", null);
        }
    }

    private boolean overVoltage() {
        for (Line l : lines) {
            if (l.kind() == Kind.SETTING && l.key().startsWith("over_voltage") && !l.key().equals("over_voltage_delta")) {
                Long n = ConfigTxtChecker.parseInt(l.value().strip());
                if (n != null && n > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    void applicability(Line l, KeyCatalogue.Key k) {
        if (model == null) {
            return;
        }
        String why = null;
        Severity sev = Severity.WARNING;
        if (k.has("nopi5") && model.equals("pi5")) {
            why = "has no effect on the Raspberry Pi 5";
            sev = Severity.INFO; // harmless; balenaOS itself ships gpu_mem=16 on the Pi 5
        } else if (k.has("pi5") && !model.equals("pi5")) {
            why = "only exists on the Raspberry Pi 5";
        } else if (k.has("pi4") && !model.equals("pi4")) {
            why = "only applies to the Raspberry Pi 4 family";
        }
        if (why != null) {
            addAs(sev, FindingCode.CONFIG_TXT_NO_EFFECT, l, k.name() + " on line " + l.number() + " " + why + " ("
                    + deviceType + ").", "Remove it, or put it in a matching [pi4]/[pi5] section.");
        }
    }
}
