package dev.preflight.gui;

import static dev.preflight.support.PlantedSecrets.assertClean;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.preflight.core.batch.RemovableCards;
import dev.preflight.core.batch.StationProfile;
import dev.preflight.core.edit.BackupStore;
import dev.preflight.core.edit.ConfigService;
import dev.preflight.core.edit.Editing;
import dev.preflight.core.provision.EditJournal;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.gui.config.ConfigEditorViewModel;
import dev.preflight.gui.inspect.InspectViewModel;
import dev.preflight.gui.station.StationTile;
import dev.preflight.gui.station.StationViewModel;
import dev.preflight.gui.wifi.WifiViewModel;
import dev.preflight.support.Fixtures;
import dev.preflight.support.PlantedSecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the desktop app shows of a card with a secret planted in every place ({@link PlantedSecrets}),
 * at the view-model level (both executors inline): the config editor's raw JSON, diff, diagnostics and
 * messages, the network list and its findings, the inspection dashboard's findings and errors, and
 * station mode's reasons and log hold no secret unless "Reveal secrets" is ticked.
 */
class SecretLeakViewModelsTest {
    @TempDir
    Path dir;
    Path card;
    Path broken;
    BackupStore backups;

    @BeforeEach
    void setUp() {
        card = Fixtures.copy("secrets-card", PlantedSecrets.card(), dir);
        broken = Fixtures.copy("secrets-broken", PlantedSecrets.brokenCard(), dir);
        backups = new BackupStore(dir.resolve("backups"));
    }

    static void assertCleanFindings(String what, List<Finding> findings) {
        for (Finding f : findings) {
            assertClean(what, f.message() + " " + f.location() + " " + f.hint());
        }
    }

    static void assertCleanEditor(String what, ConfigEditorViewModel vm) {
        assertClean(what + " raw", vm.rawProperty().get());
        assertClean(what + " raw error", String.valueOf(vm.rawErrorProperty().get()));
        assertClean(what + " diff", vm.diff());
        assertClean(what + " status", vm.statusProperty().get());
        assertClean(what + " error", String.valueOf(vm.errorProperty().get()));
        assertClean(what + " field errors", vm.fieldErrors().toString());
        assertCleanFindings(what + " diagnostics", vm.diagnostics());
        ConfigEditorViewModel.TEXT_FIELDS.keySet().forEach(k -> assertClean(what + " " + k, vm.field(k).get()));
    }

    @Test
    void theConfigEditorMasksEverySecretAndKeepsTheRealOnesWhenSaving() {
        ConfigEditorViewModel vm = new ConfigEditorViewModel(Runnable::run, Runnable::run, new Editing(backups, EditJournal.log(EditJournal.defaultLog())));
        vm.load(card.toString());
        assertThat(vm.rawProperty().get()).contains("\"cloudApiKey\": \"********\"", "Passphrase = ********");
        assertCleanEditor("loaded", vm);

        vm.hostname.set("kiosk-1");
        String raw = vm.rawProperty().get().replace("\"user\": \"ops\"", "\"user\": \"ops-2\"")
                .replace("Name = Plant", "Name = Plant 2");
        vm.applyRaw(raw);
        assertThat(vm.rawErrorProperty().get()).isNull();
        assertThat(vm.diff()).contains("kiosk-1", "ops-2", "Plant 2");
        assertCleanEditor("edited", vm);

        vm.applyRaw(raw.replace("\"ops-2\"", "PLANTEDtyped"));
        assertThat(vm.rawErrorProperty().get()).startsWith("Not valid JSON at line");
        assertCleanEditor("typed without quotes", vm);
        vm.applyRaw(raw);

        vm.save(() -> { });
        assertCleanEditor("saved", vm);
        String saved = new String(new ConfigService(backups).read(card.toString(), CancellationToken.none()).render(),
                StandardCharsets.UTF_8);
        assertThat(saved).as("the real secrets were kept").contains("PLANTEDa1", "PLANTEDa7", "Passphrase = PLANTEDa9",
                "ops-2", "Plant 2", "kiosk-1");
        vm.revealSecrets.set(true);
        assertThat(vm.rawProperty().get()).as("shown when asked").contains("PLANTEDa6");
    }

    @Test
    void theConfigEditorOnABrokenCardSaysWhereNotWhat() {
        ConfigEditorViewModel vm = new ConfigEditorViewModel(Runnable::run, Runnable::run, new Editing(backups, EditJournal.log(EditJournal.defaultLog())));
        vm.load(broken.toString());
        assertThat(vm.errorProperty().get() + vm.statusProperty().get()).contains("line 2");
        assertCleanEditor("broken", vm);
    }

    @Test
    void theNetworkListShowsNoPassword() {
        WifiViewModel vm = new WifiViewModel(Runnable::run, Runnable::run, new Editing(backups, EditJournal.log(EditJournal.defaultLog())));
        vm.load(card.toString());
        assertThat(vm.connections()).hasSizeGreaterThan(5);
        assertThat(vm.findings()).extracting(Finding::code).contains(FindingCode.KEYFILE_SYNTAX);
        assertClean("connections", vm.connections().toString());
        assertCleanFindings("network findings", vm.findings());
        assertClean("status", vm.statusProperty().get());
        vm.save(new WifiViewModel.Request("Office", WifiViewModel.Security.WPA2, "PLANTEDgui1", false, "DE", null),
                () -> { });
        assertClean("status after save", vm.statusProperty().get());
        assertClean("error after save", String.valueOf(vm.errorProperty().get()));
        vm.load(broken.toString());
        assertClean("broken card status", vm.statusProperty().get());
    }

    @Test
    void theDashboardAndStationModeShowNoSecret() throws Exception {
        Path log = dir.resolve("log.jsonl");
        InspectViewModel vm = new InspectViewModel(Runnable::run, Runnable::run, dir, log);
        for (Path p : List.of(card, broken)) {
            vm.inspect(p.toString());
            assertThat(vm.reportProperty().get()).isNotNull();
            assertCleanFindings("dashboard " + p.getFileName(), vm.findings());
            assertClean("dashboard status", vm.statusProperty().get());
            assertClean("dashboard error", vm.errorProperty().get() + " " + vm.errorDetailsProperty().get());
            assertClean("dashboard config summary", String.valueOf(vm.reportProperty().get().config()));
            vm.recordInLog();
        }
        assertThat(vm.findings()).extracting(Finding::code).contains(FindingCode.CONFIG_JSON_SYNTAX);

        StationViewModel station = new StationViewModel(Runnable::run, Runnable::run, log);
        StationProfile p = new StationProfile();
        p.name = "line-1";
        p.requiredConfig.put("apiKey", TextNode.valueOf("PLANTEDwant1"));
        Path profile = dir.resolve("line-1.json");
        p.write(profile);
        assertThat(station.openProfile(profile)).isTrue();
        station.cardsNow(List.of(new RemovableCards.Card(card.toString(), 0, "reader", null, List.of(), List.of()),
                new RemovableCards.Card(broken.toString(), 0, "reader", null, List.of(), List.of())));
        assertThat(station.tiles()).hasSize(2).allSatisfy(t -> {
            assertThat(t.state.get()).isEqualTo(StationTile.State.FAIL);
            assertClean("station tile", t.card.get() + t.detail.get() + t.reasons);
        });
        assertClean("station message", String.valueOf(station.messageProperty().get()));
        assertThat(Files.readString(log)).contains("config.json apiKey is ********");
        assertClean("log", Files.readString(log));
    }
}
