package dev.preflight.core.traces;

import dev.preflight.core.ext4.Ext4FileSystem;
import dev.preflight.core.ext4.Ext4FormatException;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What balenaOS leaves on resin-state after the guide's anti-patterns happened (release-facts.md §5–6):
 * the disk watchdog's boot history and its "disabled" flag (balenaOS ≥ 6.7.0), rollback markers, and
 * fake-hwclock's saved time. Reads three small files.
 */
public final class StateTraces {
    static final String HISTORY = "/disk-watchdog/boot-history";
    static final String DISABLED = "/disk-watchdog/disabled";
    static final String HWCLOCK = "/root-overlay/etc/fake-hwclock/fake-hwclock.data";
    static final List<String> ROLLBACK = List.of("/rollback-health-triggered", "/rollback-altboot-triggered");
    static final Duration LOOP_WINDOW = Duration.ofMinutes(10);
    static final int LOOP_BOOTS = 3;
    /** A saved clock this far ahead of now is not a clock that merely drifted. */
    static final Duration AHEAD = Duration.ofHours(1);

    private StateTraces() {
    }

    public static void check(Ext4FileSystem state, String where, Instant now, List<Finding> findings)
            throws IOException, Ext4FormatException {
        bootLoop(state, where, findings);
        for (String marker : ROLLBACK) {
            if (state.resolve(marker) != null) {
                findings.add(Finding.of(FindingCode.OS_ROLLBACK_HAPPENED, "resin-state has " + marker.substring(1)
                        + ": a host OS update failed its " + (marker.contains("health") ? "health checks" : "boots")
                        + " and the device went back to the previous OS.", where + ":" + marker, "Find out why the"
                        + " update failed (the device's journal, its release's reboot or firewall behaviour) before"
                        + " updating again; the marker stays until the next update."));
            }
        }
        byte[] clock = state.read(HWCLOCK, 4096);
        if (clock != null) {
            String text = new String(clock, StandardCharsets.US_ASCII).strip();
            try {
                Instant saved = LocalDateTime.parse(text, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                        .toInstant(ZoneOffset.UTC);
                if (saved.isAfter(now.plus(AHEAD))) {
                    findings.add(Finding.of(FindingCode.CLOCK_SET_FORWARD, "fake-hwclock saved " + text + " UTC, later"
                            + " than now (" + now.truncatedTo(ChronoUnit.SECONDS) + "): the clock"
                            + " was set forward, and balenaOS only ever moves it forward at boot.", where + ":" + HWCLOCK,
                            "Let NTP set the time (UDP 123 open) instead of setting it by hand; delete the file on"
                                    + " this card, or certificates and updates fail until real time catches up."));
                }
            } catch (DateTimeParseException e) {
                // an unreadable saved clock is ignored by fake-hwclock too
            }
        }
    }

    private static void bootLoop(Ext4FileSystem state, String where, List<Finding> findings)
            throws IOException, Ext4FormatException {
        if (state.resolve(DISABLED) != null) {
            findings.add(Finding.of(FindingCode.REBOOT_LOOP_DETECTED, "The disk watchdog turned itself off"
                    + " (disk-watchdog/disabled): the device booted 3 or more times within 10 minutes.",
                    where + ":" + DISABLED, hint()));
            return;
        }
        byte[] history = state.read(HISTORY, 64 << 10);
        if (history == null) {
            return;
        }
        List<Long> boots = new ArrayList<>();
        for (String line : new String(history, StandardCharsets.US_ASCII).split("\n")) {
            if (line.strip().matches("\\d{1,12}")) {
                boots.add(Long.parseLong(line.strip()));
            }
        }
        boots.sort(null);
        for (int i = 0; i + LOOP_BOOTS - 1 < boots.size(); i++) {
            if (boots.get(i + LOOP_BOOTS - 1) - boots.get(i) <= LOOP_WINDOW.toSeconds()) {
                findings.add(Finding.of(FindingCode.REBOOT_LOOP_DETECTED, "The boot history records " + LOOP_BOOTS
                        + " boots within 10 minutes, from " + Instant.ofEpochSecond(boots.get(i)) + ".",
                        where + ":" + HISTORY, hint()));
                return;
            }
        }
    }

    private static String hint() {
        return "Find what restarts it: an application calling the supervisor's /v1/reboot or D-Bus Reboot on every"
                + " start ('preflight lint' on its release), a failing power supply, or a crash; capture the console"
                + " with 'preflight serial'. Delete disk-watchdog/disabled afterwards to turn the watchdog back on.";
    }
}
