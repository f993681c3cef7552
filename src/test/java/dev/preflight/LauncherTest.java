package dev.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The schema is compiled ahead only for commands that check a config.json. */
class LauncherTest {
    @Test
    void schemaIsCompiledAheadOnlyForCommandsThatValidate() {
        assertThat(Launcher.validatesConfigJson("inspect", "card.img")).isTrue();
        assertThat(Launcher.validatesConfigJson("config", "set", "card.img", "hostname", "x")).isTrue();
        assertThat(Launcher.validatesConfigJson("wifi", "set", "card.img", "--ssid", "x")).isTrue();
        assertThat(Launcher.validatesConfigJson("undo", "card.img")).isTrue();
        assertThat(Launcher.validatesConfigJson("config", "get", "card.img")).isFalse();
        assertThat(Launcher.validatesConfigJson("configtxt", "validate", "card.img")).isFalse();
        assertThat(Launcher.validatesConfigJson("wifi", "list", "card.img")).isFalse();
        assertThat(Launcher.validatesConfigJson("inspect", "--help")).isFalse();
        assertThat(Launcher.validatesConfigJson("--version")).isFalse();
        assertThat(Launcher.validatesConfigJson()).isFalse();
    }
}
