package dev.preflight.core.serial;

import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a serial console log of a booting balenaOS device: which boot milestones were reached, and
 * the failures that explain why a board did not come up.
 */
public final class BootLogAnalyzer {
    /** A milestone reached, with the 1-based line where it was seen. */
    public record Milestone(String name, int line, String text) {
    }

    public record Result(List<Milestone> milestones, List<Finding> findings) {
        public boolean reached(String name) {
            return milestones.stream().anyMatch(m -> m.name().equals(name));
        }
    }

    private static final Map<String, Pattern> MILESTONES = new LinkedHashMap<>();
    private static final Map<FindingCode, Pattern> FAILURES = new LinkedHashMap<>();

    static {
        MILESTONES.put("bootloader", Pattern.compile("U-Boot \\d|Raspberry Pi Bootcode|RPi: BOOTLOADER|BOOTLOADER release"
                + "|GRUB|balena-bootloader|Hit any key to stop autoboot", Pattern.CASE_INSENSITIVE));
        MILESTONES.put("kernel", Pattern.compile("Booting Linux on physical CPU|Linux version \\d"));
        MILESTONES.put("balenaOS", Pattern.compile("balenaOS \\d|Welcome to balenaOS|resinOS \\d", Pattern.CASE_INSENSITIVE));
        MILESTONES.put("login", Pattern.compile("login:\\s*$"));
        FAILURES.put(FindingCode.SERIAL_KERNEL_PANIC, Pattern.compile("Kernel panic"));
        FAILURES.put(FindingCode.SERIAL_ROOT_MOUNT_FAILED, Pattern.compile("VFS: Unable to mount root fs|Cannot open root"
                + " device|Waiting for root device|can't find root|Failed to mount .*root", Pattern.CASE_INSENSITIVE));
        FAILURES.put(FindingCode.SERIAL_MMC_ERROR, Pattern.compile("mmc\\d+: (error|timeout|Timeout|card never left busy"
                + "|Card stuck)|mmcblk\\d+: error|Data CRC error|card .* removed"));
        FAILURES.put(FindingCode.SERIAL_EXT4_ERROR, Pattern.compile("EXT4-fs error|EXT4-fs \\(.*\\): error"));
        FAILURES.put(FindingCode.SERIAL_IO_ERROR, Pattern.compile("I/O error|Buffer I/O error|blk_update_request: I/O"));
        FAILURES.put(FindingCode.SERIAL_UNDERVOLTAGE, Pattern.compile("[Uu]nder-?voltage detected"));
    }

    /** Markers printed once per boot; the most frequent one counts the boots (a board may print only some). */
    private static final List<Pattern> BOOT_MARKERS = List.of(Pattern.compile("Booting Linux on physical CPU"),
            Pattern.compile("U-Boot \\d{4}\\.\\d{2}"), Pattern.compile("Raspberry Pi Bootcode|RPi: BOOTLOADER release"));
    static final int REBOOT_LOOP_BOOTS = 3;

    private BootLogAnalyzer() {
    }

    public static Result analyse(String log, String source) {
        List<Milestone> reached = new ArrayList<>();
        Map<FindingCode, int[]> seen = new LinkedHashMap<>();
        Map<FindingCode, String> firstText = new LinkedHashMap<>();
        String[] lines = log.split("\r?\n|\r");
        for (int i = 0; i < lines.length; i++) {
            String l = stripAnsi(lines[i]);
            for (Map.Entry<String, Pattern> m : MILESTONES.entrySet()) {
                if (reached.stream().noneMatch(x -> x.name().equals(m.getKey())) && m.getValue().matcher(l).find()) {
                    reached.add(new Milestone(m.getKey(), i + 1, l.strip()));
                }
            }
            int lineNo = i + 1;
            for (Map.Entry<FindingCode, Pattern> f : FAILURES.entrySet()) {
                if (f.getValue().matcher(l).find()) {
                    int[] c = seen.computeIfAbsent(f.getKey(), k -> new int[] {0, lineNo});
                    c[0]++;
                    firstText.putIfAbsent(f.getKey(), l.strip());
                }
            }
        }
        List<Finding> findings = new ArrayList<>();
        int[] boots = new int[BOOT_MARKERS.size()];
        int[] firstBoot = new int[BOOT_MARKERS.size()];
        for (int i = 0; i < lines.length; i++) {
            for (int m = 0; m < BOOT_MARKERS.size(); m++) {
                if (BOOT_MARKERS.get(m).matcher(lines[i]).find() && boots[m]++ == 0) {
                    firstBoot[m] = i + 1;
                }
            }
        }
        int most = 0;
        for (int m = 1; m < boots.length; m++) {
            most = boots[m] > boots[most] ? m : most;
        }
        seen.forEach((code, c) -> findings.add(Finding.of(code, code.meaning() + " Seen " + c[0] + " time(s), first at"
                + " line " + c[1] + ": \"" + clip(firstText.get(code)) + "\"", source + ":" + c[1], hint(code))));
        if (boots[most] >= REBOOT_LOOP_BOOTS) {
            findings.add(Finding.of(FindingCode.SERIAL_REBOOT_LOOP, "The board booted " + boots[most] + " times in this"
                    + " capture, the first at line " + firstBoot[most] + ": a reboot loop.", source + ":" + firstBoot[most],
                    "Look at what the console shows just before each restart: a panic, a watchdog, a power dip or an"
                            + " application that reboots the device (see 'preflight lint' on its release)."));
        }
        if (!reached.isEmpty() && reached.stream().noneMatch(m -> m.name().equals("login"))) {
            Milestone last = reached.get(reached.size() - 1);
            findings.add(Finding.of(FindingCode.SERIAL_NO_LOGIN, "The board did not reach a login prompt; the last"
                    + " milestone was \"" + last.name() + "\" at line " + last.line() + ".", source,
                    "Capture longer, or look at the failures above; a board that stops here never comes online."));
        }
        return new Result(reached, findings);
    }

    private static String hint(FindingCode code) {
        switch (code) {
            case SERIAL_UNDERVOLTAGE:
                return "Use the official power supply and a short, thick cable; under-voltage corrupts SD cards.";
            case SERIAL_MMC_ERROR:
            case SERIAL_IO_ERROR:
                return "The SD card or its contacts are failing: reflash on a new card and check it with 'preflight"
                        + " probe'.";
            case SERIAL_EXT4_ERROR:
                return "The card's file systems are damaged: inspect the card with 'preflight inspect' and reflash.";
            default:
                return "Reflash the card with a verified image ('preflight verify --reference').";
        }
    }

    static String stripAnsi(String s) {
        return s.replaceAll("\u001B\\[[;\\d?]*[A-Za-z]", "");
    }

    private static String clip(String s) {
        return s.length() > 120 ? s.substring(0, 119) + "…" : s;
    }
}
