package dev.preflight.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Locus;
import dev.preflight.core.report.Severity;
import dev.preflight.gui.app.Theme;
import dev.preflight.gui.inspect.FindingTargets;
import dev.preflight.gui.start.RecentItems;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.Test;

/** The app's small pieces that need no display: recent items, theme detection, finding targets. */
class AppPiecesTest {
    @Test
    void recentItemsKeepTheNewestTenWithoutDuplicatesAcrossRestarts() throws Exception {
        Preferences node = Preferences.userRoot().node("preflight-test-" + System.nanoTime());
        try {
            RecentItems r = new RecentItems(node);
            for (int i = 0; i < 12; i++) {
                r.add("/images/card-" + i + ".img");
            }
            r.add("/images/card-5.img");
            RecentItems again = new RecentItems(node);
            assertThat(again.items()).hasSize(10).startsWith("/images/card-5.img", "/images/card-11.img")
                    .doesNotHaveDuplicates().doesNotContain("/images/card-0.img", "/images/card-1.img");
            again.remove("/images/card-5.img");
            assertThat(new RecentItems(node).items()).hasSize(9).first().isEqualTo("/images/card-11.img");
        } finally {
            node.removeNode();
        }
    }

    @Test
    void themeDetectionReadsEachPlatformsSetting() {
        assertThat(Theme.parse("dark")).isEqualTo(Theme.Mode.DARK);
        assertThat(Theme.parse("nonsense")).isEqualTo(Theme.Mode.SYSTEM);
        assertThat(Theme.parse(null)).isEqualTo(Theme.Mode.SYSTEM);
        assertThat(Theme.gnomeDark("'prefer-dark'\n", "'Adwaita'")).isTrue();
        assertThat(Theme.gnomeDark("'default'\n", "'Adwaita-dark'")).isTrue();
        assertThat(Theme.gnomeDark("'prefer-light'\n", "'Adwaita-dark'")).isFalse();
        assertThat(Theme.gnomeDark(null, null)).isFalse();
        assertThat(Theme.windowsDark("\r\nHKEY_CURRENT_USER\\Software\\...\\Personalize\r\n"
                + "    AppsUseLightTheme    REG_DWORD    0x0\r\n")).isTrue();
        assertThat(Theme.windowsDark("    AppsUseLightTheme    REG_DWORD    0x1\r\n")).isFalse();
        assertThat(Theme.macDark("Dark\n")).isTrue();
        assertThat(Theme.macDark(null)).isFalse();
    }

    @Test
    void findingsPointAtTheirEditor() {
        Finding txt = Finding.of(FindingCode.CONFIG_TXT_MISSING_OVERLAY, "Line 20 loads overlay 'x'",
                "partition 1 (resin-boot) of card.img:/config.txt:20", null).at(Locus.file("config.txt").line(20));
        assertThat(FindingTargets.tabFor(txt)).isEqualTo("tabConfigTxt");
        Finding ntp = Finding.of(FindingCode.CONFIG_JSON_NTP_DISABLED, "ntpServers is empty: ...",
                "partition 1 (resin-boot):/config.json#/ntpServers", null)
                .at(Locus.file("config.json").pointer("/ntpServers"));
        assertThat(FindingTargets.tabFor(ntp)).isEqualTo("tabConfig");
        assertThat(FindingTargets.configKey(ntp)).isEqualTo("ntpServers");
        Finding legacy = Finding.of(FindingCode.CONFIG_JSON_INVALID_VALUE, "config.json key hostname is invalid: x",
                "partition 1:/config.json", null).at(Locus.file("config.json").pointer("/hostname"));
        assertThat(FindingTargets.configKey(legacy)).isEqualTo("hostname");
        Finding overlay = Finding.of(FindingCode.BOOT_FILE_MODIFIED, "overlays/x.dtbo differs",
                "partition 1 (resin-boot):/overlays/x.dtbo", null).at(Locus.file("overlays/x.dtbo"));
        assertThat(FindingTargets.tabFor(overlay)).isEqualTo("tabIntegrity");
        assertThat(FindingTargets.bootFile(overlay)).isEqualTo("overlays/x.dtbo");
        assertThat(FindingTargets.tabFor(new Finding(FindingCode.WIFI_PSK_INVALID, Severity.ERROR, "m",
                "partition 1:/system-connections/balena-wifi-01", null))).isEqualTo("tabNetwork");
        assertThat(FindingTargets.tabFor(Finding.of(FindingCode.WEAR_LIFETIME_WRITES, "m", "p", null)))
                .isEqualTo("tabWear");
        assertThat(FindingTargets.tabFor(Finding.of(FindingCode.PARTITION_OVERLAP, "m", "p", null))).isNull();
        // the release and resin-state findings open the Release tab; another fleet is fixed in config.json
        assertThat(FindingTargets.tabFor(Finding.of(FindingCode.PRELOAD_IMAGE_MISSING, "m",
                "partition 6 (resin-data):/docker/image/overlay2/repositories.json", null))).isEqualTo("tabRelease");
        assertThat(FindingTargets.tabFor(Finding.of(FindingCode.REBOOT_LOOP_DETECTED, "m",
                "partition 5 (resin-state):/disk-watchdog/disabled", null))).isEqualTo("tabRelease");
        Finding fleet = Finding.of(FindingCode.PRELOAD_FLEET_MISMATCH, "The preloaded release belongs to fleet 7",
                "partition 6 (resin-data):/apps.json", null);
        assertThat(FindingTargets.tabFor(fleet)).isEqualTo("tabConfig");
        assertThat(FindingTargets.configKey(fleet)).isEqualTo("applicationId");
        assertThat(FindingTargets.tabFor(Finding.of(FindingCode.SERIAL_REBOOT_LOOP, "m", "p", null))).isNull();
    }

    @Test
    void everyFindingCodeHasAnAreaAndTheDashboardGroupsByIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        for (FindingCode c : FindingCode.values()) {
            assertThat(FindingCode.AREAS).as(c.name()).contains(c.area());
        }
        assertThat(FindingCode.CONFIG_TXT_MISSING_OVERLAY.area()).isEqualTo("config.txt");
        assertThat(FindingCode.GPT_BACKUP_DAMAGED.area()).isEqualTo("partitions");
        assertThat(FindingCode.WEAR_FS_ERRORS.area()).isEqualTo("storage and wear");
        dev.preflight.gui.inspect.InspectViewModel vm = new dev.preflight.gui.inspect.InspectViewModel(Runnable::run,
                Runnable::run, dir);
        vm.openDemo();
        java.util.List<Integer> order = vm.findings().stream().map(f -> FindingCode.AREAS.indexOf(f.code().area()))
                .toList();
        assertThat(order).isSorted().hasSizeGreaterThan(5);
        assertThat(vm.findings().stream().map(f -> f.code().area()).distinct().count()).isGreaterThanOrEqualTo(3);
    }
}
