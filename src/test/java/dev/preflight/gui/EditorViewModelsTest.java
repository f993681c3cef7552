package dev.preflight.gui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.edit.BackupStore;
import dev.preflight.core.edit.ConfigService;
import dev.preflight.core.edit.ConfigTxtService;
import dev.preflight.core.edit.Editing;
import dev.preflight.core.edit.WifiService;
import dev.preflight.core.provision.EditJournal;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.gui.config.ConfigEditorViewModel;
import dev.preflight.gui.configtxt.ConfigTxtEditorViewModel;
import dev.preflight.gui.wifi.WifiViewModel;
import dev.preflight.support.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The editors' state without a display: both executors run inline, every save hits a real image. */
class EditorViewModelsTest {
    static final String SECRET = "PLANTED-API-KEY-0042";
    static final ImageSpec SPEC = ImageSpec.raspberryPi().configJson("{\"deviceType\":\"raspberrypi4-64\","
            + "\"apiKey\":\"" + SECRET + "\",\"applicationId\":7,\"apiEndpoint\":\"https://api.balena-cloud.com\","
            + "\"uuid\":\"0123456789abcdef0123456789abcdef\"}");
    @TempDir
    Path dir;
    Path img;
    BackupStore backups;

    @BeforeEach
    void setUp() {
        img = Fixtures.copy("vm-edit", SPEC, dir);
        backups = new BackupStore(dir.resolve("backups"));
    }

    String cardConfig() {
        return new String(new ConfigService(backups).read(img.toString(), CancellationToken.none()).render(),
                StandardCharsets.UTF_8);
    }

    @Test
    void configFormRawJsonUndoRedoAndSaveShareOneDocument() {
        ConfigEditorViewModel vm = new ConfigEditorViewModel(Runnable::run, Runnable::run, new Editing(backups, EditJournal.log(EditJournal.defaultLog())));
        vm.load(img.toString());
        assertThat(vm.field("applicationId").get()).isEqualTo("7");
        assertThat(vm.rawProperty().get()).doesNotContain(SECRET).contains("\"apiKey\": \"********\"");

        vm.hostname.set("kiosk-7");
        assertThat(vm.rawProperty().get()).contains("\"hostname\": \"kiosk-7\"");
        assertThat(vm.dirty()).isTrue();
        vm.undo();
        assertThat(vm.hostname.get()).isEmpty();
        assertThat(vm.dirty()).isFalse();
        vm.redo();
        assertThat(vm.hostname.get()).isEqualTo("kiosk-7");

        // typed into the raw JSON with the secret still masked: the card's real key is kept
        String raw = vm.rawProperty().get().replace("\"applicationId\": 7", "\"applicationId\": 9");
        vm.applyRaw(raw);
        assertThat(vm.rawErrorProperty().get()).isNull();
        assertThat(vm.field("applicationId").get()).isEqualTo("9");

        vm.applyRaw(raw.replace("\"applicationId\": 9,", "\"applicationId\": 9"));
        assertThat(vm.rawErrorProperty().get()).startsWith("Not valid JSON at line");
        assertThat(vm.valid()).isFalse();
        vm.applyRaw(raw);
        assertThat(vm.valid()).isTrue();
        assertThat(vm.diff()).contains("+ ").doesNotContain(SECRET);

        vm.save(() -> { });
        String card = cardConfig();
        assertThat(card).contains("\"apiKey\":\"" + SECRET + "\"", "\"applicationId\":9", "\"hostname\":\"kiosk-7\"");
        assertThat(vm.statusProperty().get()).startsWith("Saved config.json");
        assertThat(vm.dirty()).isFalse();
    }

    @Test
    void invalidFieldsAreMarkedAndNeverWritten() {
        ConfigEditorViewModel vm = new ConfigEditorViewModel(Runnable::run, Runnable::run, new Editing(backups, EditJournal.log(EditJournal.defaultLog())));
        vm.load(img.toString());
        String before = cardConfig();
        vm.field("apiEndpoint").set("not a url");
        assertThat(vm.fieldErrors()).containsKey("apiEndpoint");
        vm.hostname.set("bad_host!");
        assertThat(vm.fieldErrors()).containsKey("hostname");
        assertThat(vm.valid()).isFalse();
        vm.save(() -> { });
        assertThat(vm.errorProperty().get()).contains("not valid");
        assertThat(cardConfig()).isEqualTo(before);
        vm.revert();
        assertThat(vm.fieldErrors()).isEmpty();
        assertThat(vm.dirty()).isFalse();
    }

    @Test
    void aMaskedSecretTheCardDoesNotHaveIsRefused() {
        ConfigEditorViewModel vm = new ConfigEditorViewModel(Runnable::run, Runnable::run, new Editing(backups, EditJournal.log(EditJournal.defaultLog())));
        vm.load(img.toString());
        vm.applyRaw(vm.rawProperty().get().replace("\"uuid\"", "\"deviceApiKey\": \"********\",\n  \"uuid\""));
        assertThat(vm.rawErrorProperty().get()).contains("deviceApiKey", "Reveal secrets");
        vm.revealSecrets.set(true);
        assertThat(vm.rawProperty().get()).contains(SECRET);
    }

    @Test
    void configJsonChangedOnTheCardSinceItWasOpenedIsNotWrittenOver() {
        ConfigEditorViewModel vm = new ConfigEditorViewModel(Runnable::run, Runnable::run, new Editing(backups, EditJournal.log(EditJournal.defaultLog())));
        vm.load(img.toString());
        vm.hostname.set("from-the-app");
        // meanwhile another program (here the CLI's service) changes the card
        new ConfigService(backups).set(img.toString(), null, "country", TextNode.valueOf("DE"), CancellationToken.none());
        String changed = cardConfig();
        vm.save(() -> { });
        assertThat(cardConfig()).isEqualTo(changed).contains("\"country\":\"DE\"").doesNotContain("from-the-app");
        assertThat(vm.errorProperty().get()).contains("config.json", "changed", "since", "not written");
        assertThat(vm.hostname.get()).isEqualTo("from-the-app"); // the user's edit is still there
        assertThat(vm.dirty()).isTrue();
        // once the card's version is loaded again, an edit of it is written
        vm.load(img.toString());
        vm.hostname.set("from-the-app");
        vm.save(() -> { });
        assertThat(cardConfig()).contains("\"country\":\"DE\"", "\"hostname\":\"from-the-app\"");
    }

    @Test
    void configTxtChangedOnTheCardSinceItWasOpenedIsNotWrittenOver() throws Exception {
        ConfigTxtEditorViewModel vm = new ConfigTxtEditorViewModel(Runnable::run, Runnable::run, new Editing(backups, EditJournal.log(EditJournal.defaultLog())));
        vm.load(img.toString());
        vm.edit(vm.textProperty().get() + "disable_splash=1\n");
        new ConfigTxtService(backups).set(img.toString(), null, "gpu_mem", "128", null, CancellationToken.none());
        byte[] changed = Files.readAllBytes(img);
        vm.save(() -> { });
        assertThat(Files.readAllBytes(img)).isEqualTo(changed);
        assertThat(vm.errorProperty().get()).contains("config.txt", "changed", "since", "not written");
        assertThat(vm.textProperty().get()).endsWith("disable_splash=1\n");
    }

    @Test
    void configTxtQuickFixUndoAndSave() throws Exception {
        ConfigTxtEditorViewModel vm = new ConfigTxtEditorViewModel(Runnable::run, Runnable::run, new Editing(backups, EditJournal.log(EditJournal.defaultLog())));
        vm.load(img.toString());
        String original = vm.textProperty().get();
        vm.edit(original + "dtoverlay=ghost\n");
        var missing = vm.diagnostics().stream().filter(f -> f.code() == FindingCode.CONFIG_TXT_MISSING_OVERLAY)
                .findFirst().orElseThrow();
        assertThat(vm.newErrors()).containsExactly(missing);
        assertThat(vm.quickFix(missing)).isTrue();
        assertThat(vm.newErrors()).isEmpty();
        assertThat(vm.textProperty().get()).endsWith("# dtoverlay=ghost\n");
        assertThat(vm.diagnostics()).noneMatch(f -> f.code() == FindingCode.CONFIG_TXT_MISSING_OVERLAY);
        vm.undo();
        assertThat(vm.textProperty().get()).endsWith("\ndtoverlay=ghost\n");
        vm.redo();
        vm.save(() -> { });
        assertThat(new String(new ConfigTxtService(backups).read(img.toString(), CancellationToken.none()).render(),
                StandardCharsets.ISO_8859_1)).isEqualTo(original + "# dtoverlay=ghost\n");
        assertThat(vm.statusProperty().get()).startsWith("Saved config.txt");
    }

    @Test
    void configTxtChangesThatAddAnErrorAreRefused() throws Exception {
        ConfigTxtEditorViewModel vm = new ConfigTxtEditorViewModel(Runnable::run, Runnable::run, new Editing(backups, EditJournal.log(EditJournal.defaultLog())));
        vm.load(img.toString());
        byte[] before = Files.readAllBytes(img);
        vm.edit(vm.textProperty().get() + "kernel=missing.img\n");
        assertThat(vm.newErrors()).isNotEmpty();
        vm.save(() -> { });
        assertThat(vm.errorProperty().get()).contains("not written");
        assertThat(Files.readAllBytes(img)).isEqualTo(before);
        vm.edit(vm.textProperty().get() + "emoji=\u2603\n");
        assertThat(vm.errorProperty().get()).contains("Latin-1");
    }

    @Test
    void wifiProblemsNameTheFieldAtFaultAndAreTheProblemsThatBlockSaving() {
        WifiViewModel.Request r = new WifiViewModel.Request("", WifiViewModel.Security.WPA2, "short", false, "D1",
                null);
        java.util.Map<WifiViewModel.Field, String> byField = WifiViewModel.fieldProblems(r);
        assertThat(byField).containsOnlyKeys(WifiViewModel.Field.SSID, WifiViewModel.Field.PASSWORD,
                WifiViewModel.Field.COUNTRY);
        assertThat(byField.get(WifiViewModel.Field.PASSWORD)).contains("8 to 63");
        assertThat(byField.get(WifiViewModel.Field.COUNTRY)).contains("two-letter code");
        assertThat(WifiViewModel.problems(r)).containsExactlyElementsOf(byField.values()); // one set of rules
        // an open network has no password to refuse
        assertThat(WifiViewModel.fieldProblems(new WifiViewModel.Request("Depot", WifiViewModel.Security.OPEN, "",
                false, "", null))).isEmpty();
    }

    @Test
    void wifiIsAddedWithCountryAndRemoved() {
        WifiViewModel vm = new WifiViewModel(Runnable::run, Runnable::run, new Editing(backups, EditJournal.log(EditJournal.defaultLog())));
        vm.load(img.toString());
        assertThat(vm.connections()).noneMatch(c -> c.active());
        WifiViewModel.Request bad = new WifiViewModel.Request("Depot", WifiViewModel.Security.WPA2, "short",
                false, "DE", null);
        assertThat(WifiViewModel.problems(bad)).singleElement().asString().contains("8 to 63");
        vm.save(bad, () -> { });
        assertThat(vm.errorProperty().get()).contains("Nothing was written");
        String psk = "correct horse \"battery\" staple";
        vm.save(new WifiViewModel.Request("Depot 5G", WifiViewModel.Security.WPA2, psk, true, "de", null), () -> { });
        assertThat(vm.errorProperty().get()).isNull();
        assertThat(vm.connections().filtered(c -> c.active())).singleElement().satisfies(c -> {
            assertThat(c.ssid()).isEqualTo("Depot 5G");
            assertThat(c.hidden()).isTrue();
            assertThat(c.psk()).isEqualTo(psk);
        });
        assertThat(vm.countryProperty().get()).isEqualTo("DE");
        assertThat(vm.statusProperty().get()).contains("Added Depot 5G").doesNotContain(psk);
        vm.remove(vm.connections().filtered(c -> c.active()).get(0), () -> { });
        assertThat(new WifiService(backups).list(img.toString(), CancellationToken.none()).connections())
                .noneMatch(c -> c.active());
        assertThat(vm.statusProperty().get()).startsWith("Removed balena-wifi-01");
    }

    @Test
    void aWifiConnectionChangedOnTheCardSinceItWasListedIsNotWrittenOver() {
        WifiService cli = new WifiService(backups);
        cli.set(img.toString(), null, new WifiService.WifiRequest("Depot", "old-password-1", false, false, null, null,
                null), CancellationToken.none());
        WifiViewModel vm = new WifiViewModel(Runnable::run, Runnable::run, new Editing(backups, EditJournal.log(EditJournal.defaultLog())));
        vm.load(img.toString());
        var listed = vm.connections().filtered(c -> c.active()).get(0);
        // meanwhile another program changes the password on the card
        cli.set(img.toString(), null, new WifiService.WifiRequest("Depot", "new-password-2", false, false, null, null,
                null), CancellationToken.none());
        // the technician changes only "hidden", leaving the password empty ("keep the current one")
        vm.save(new WifiViewModel.Request("Depot", WifiViewModel.Security.WPA2, listed.psk(), true, "", listed.file(),
                listed), () -> { });
        assertThat(vm.errorProperty().get()).contains(listed.file(), "changed", "since", "not written");
        assertThat(cli.list(img.toString(), CancellationToken.none()).connections()).filteredOn(c -> c.active())
                .singleElement().satisfies(c -> {
                    assertThat(c.psk()).isEqualTo("new-password-2");
                    assertThat(c.hidden()).isFalse();
                });
        // listed again, the same change is written
        vm.load(img.toString());
        var again = vm.connections().filtered(c -> c.active()).get(0);
        vm.save(new WifiViewModel.Request("Depot", WifiViewModel.Security.WPA2, again.psk(), true, "", again.file(),
                again), () -> { });
        assertThat(vm.errorProperty().get()).isNull();
        assertThat(cli.list(img.toString(), CancellationToken.none()).connections()).filteredOn(c -> c.active())
                .singleElement().satisfies(c -> {
                    assertThat(c.psk()).isEqualTo("new-password-2");
                    assertThat(c.hidden()).isTrue();
                });
    }

    @Test
    void passwordFeedback() {
        assertThat(WifiViewModel.assess("abc", WifiViewModel.Security.WPA2).problem()).contains("8 to 63");
        assertThat(WifiViewModel.assess("aaaaaaaaaa", WifiViewModel.Security.WPA2).strength()).isEqualTo("weak");
        assertThat(WifiViewModel.assess("warehouse12", WifiViewModel.Security.WPA2).strength()).isEqualTo("fair");
        assertThat(WifiViewModel.assess("Warehouse-12-North", WifiViewModel.Security.WPA2).strength())
                .isEqualTo("good");
        assertThat(WifiViewModel.assess("caf\u00e9caf\u00e9caf\u00e9", WifiViewModel.Security.WPA2).ok()).isTrue();
        assertThat(WifiViewModel.assess("caf\u00e9caf\u00e9caf\u00e9", WifiViewModel.Security.WPA2).strength())
                .contains("beyond ASCII");
        assertThat(WifiViewModel.assess("caf\u00e9\u0007caf\u00e9", WifiViewModel.Security.WPA2).problem())
                .contains("control characters");
        assertThat(WifiViewModel.assess("caf\u00e9caf\u00e9caf\u00e9", WifiViewModel.Security.WPA3).ok()).isTrue();
        assertThat(WifiViewModel.assess("", WifiViewModel.Security.OPEN).ok()).isTrue();
    }
}
