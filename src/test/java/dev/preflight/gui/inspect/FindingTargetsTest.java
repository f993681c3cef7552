package dev.preflight.gui.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Locus;
import org.junit.jupiter.api.Test;

/** "Show me" goes where the finding's locus says, whatever its message happens to contain. */
class FindingTargetsTest {

    @Test
    void theKeyComesFromTheJsonPointerNotTheMessage() {
        Finding named = Finding.of(FindingCode.CONFIG_JSON_INVALID_VALUE, "hostname \"x y\" is not valid.",
                "config.json", null);
        assertThat(FindingTargets.configKey(named)).isNull();
        Finding pointed = named.at(Locus.file("config.json").pointer("/os/network/connectivity/uri"));
        assertThat(FindingTargets.configKey(pointed)).isEqualTo("os");
        assertThat(FindingTargets.tabFor(pointed)).isEqualTo("tabConfig");
    }

    @Test
    void theTabFollowsTheFileAndConnection() {
        Finding expectedChange = Finding.of(FindingCode.BOOT_FILE_EXPECTED_CHANGE, "config.txt is modified.",
                "partition 1 (resin-boot):/config.txt", null);
        assertThat(FindingTargets.tabFor(expectedChange)).isEqualTo("tabIntegrity");
        assertThat(FindingTargets.tabFor(expectedChange.at(Locus.file("config.txt")))).isEqualTo("tabConfigTxt");
        Finding overlay = Finding.of(FindingCode.BOOT_FILE_UNEXPECTED, "overlays/x.dtbo is not listed.",
                "partition 1 (resin-boot):/overlays/x.dtbo", null).at(Locus.file("overlays/x.dtbo").inPartition(1));
        assertThat(FindingTargets.tabFor(overlay)).isEqualTo("tabIntegrity");
        assertThat(FindingTargets.bootFile(overlay)).isEqualTo("overlays/x.dtbo");
        Finding conn = Finding.of(FindingCode.KEYFILE_SYNTAX, "line 3: bad.", "somewhere", null)
                .at(Locus.file("system-connections/office").connection("office"));
        assertThat(FindingTargets.tabFor(conn)).isEqualTo("tabNetwork");
        assertThat(FindingTargets.bootFile(Finding.of(FindingCode.FAT_DIRTY, "dirty", "partition 1", null))).isEmpty();
    }
}
