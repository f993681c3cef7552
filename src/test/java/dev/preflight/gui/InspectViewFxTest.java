package dev.preflight.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.edit.Editing;
import dev.preflight.core.provision.EditJournal;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.Severity;
import dev.preflight.gui.common.Notifier;
import dev.preflight.gui.inspect.InspectView;
import dev.preflight.gui.inspect.InspectViewModel;
import dev.preflight.support.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.controlsfx.control.CheckComboBox;
import org.controlsfx.control.StatusBar;
import org.controlsfx.control.decoration.Decorator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxService;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** TestFX flows on the real view (Monocle headless in CI). */
@ExtendWith(ApplicationExtension.class)
class InspectViewFxTest {
    /** Removed after each test, with the cards copied into it (about 100 MB each). */
    @TempDir
    Path tmp;
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private InspectViewModel vm;
    private dev.preflight.gui.config.ConfigEditorViewModel configVm;
    private dev.preflight.gui.configtxt.ConfigTxtEditorViewModel txtVm;
    private dev.preflight.gui.wifi.WifiViewModel wifiVm;
    private Path log;
    private InspectView view;
    /** Whether the user is "looking elsewhere": Monocle reports every window focused, so the test decides. */
    private volatile boolean away;

    @Start
    void start(Stage stage) throws Exception {
        Path demoDir = Files.createDirectories(tmp.resolve("demo"));
        log = demoDir.resolve("provisioning-log.jsonl");
        vm = new InspectViewModel(worker, Platform::runLater, demoDir, log);
        dev.preflight.core.edit.BackupStore backups = new dev.preflight.core.edit.BackupStore(
                Files.createDirectories(tmp.resolve("backups")));
        configVm = new dev.preflight.gui.config.ConfigEditorViewModel(worker, Platform::runLater, new Editing(backups, EditJournal.log(EditJournal.defaultLog())));
        txtVm = new dev.preflight.gui.configtxt.ConfigTxtEditorViewModel(worker, Platform::runLater, new Editing(backups, EditJournal.log(EditJournal.defaultLog())));
        wifiVm = new dev.preflight.gui.wifi.WifiViewModel(worker, Platform::runLater, new Editing(backups, EditJournal.log(EditJournal.defaultLog())));
        view = new InspectView(vm, new InspectView.Editors(configVm, txtVm, wifiVm),
                new Notifier(Notifier.CONTROLSFX, w -> !away));
        javafx.scene.layout.BorderPane root = new javafx.scene.layout.BorderPane(view);
        root.setTop(view.menuBar(stage::close));
        FxScenes.show(stage, root, 1180, 760);
    }

    @AfterEach
    void stop() throws Exception {
        settle();
        worker.shutdownNow();
    }

    /** Waits until work started by the last action (a save, the re-inspection it starts, the reloads) is done. */
    private void settle() throws Exception {
        for (int i = 0; i < 4; i++) {
            worker.submit(() -> { }).get(60, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitForFxEvents();
        }
    }

    /** A private copy of a built test image, as a card the test may write to (removed after the test). */
    private Path cardCopy(String dir, Path built) throws Exception {
        Path folder = Files.createTempDirectory(tmp, dir);
        Path img = folder.resolve("card.img");
        Files.copy(built, img);
        return img;
    }

    /** config.txt as it is on the card now, read through the core service. */
    private String configTxtOn(Path img) throws Exception {
        return new String(new dev.preflight.core.edit.ConfigTxtService(new dev.preflight.core.edit.BackupStore(
                Files.createTempDirectory(tmp, "x"))).read(img.toString(), dev.preflight.core.task.CancellationToken.none())
                .render(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** {@code status} is shown, holds {@code text}, and lies within its window's width. */
    private static void assertFullyShown(Label status, String text) {
        assertThat(status.isVisible()).isTrue();
        assertThat(status.getScene()).isNotNull();
        assertThat(status.getText()).contains(text);
        javafx.geometry.Bounds b = status.localToScene(status.getLayoutBounds());
        assertThat(b.getWidth()).isGreaterThan(0);
        assertThat(b.getMaxX()).isLessThanOrEqualTo(status.getScene().getWidth());
        assertThat(status.getHeight()).isGreaterThanOrEqualTo(status.prefHeight(status.getWidth()) - 0.5);
    }

    /** Inspects {@code img} and waits until the view shows the result. */
    private void inspect(FxRobot robot, Path img) throws Exception {
        robot.interact(() -> vm.inspect(img.toString()));
        waitIdle(robot);
    }

    private void waitIdle(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !vm.busyProperty().get());
        // the findings table is filled one frame after the verdict (InspectView)
        TableView<?> table = robot.lookup("#findingsTable").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == vm.findings().size());
        // and the selected finding's detail pane, a frame after the rows (looked up on the FX thread: a lookup
        // from this thread while the scene changes can fail inside JavaFX's child lists)
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().isEmpty()
                || FxScenes.onFx(() -> robot.lookup("#findingDetail").tryQuery().isPresent()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void openingTheDemoCardShowsVerdictFindingsAndPartitions(FxRobot robot) throws Exception {
        robot.clickOn("#openDemo");
        waitIdle(robot);
        Label verdict = robot.lookup("#verdictLabel").queryAs(Label.class);
        assertThat(verdict.getText()).startsWith("FAIL");
        TableView<?> table = robot.lookup("#findingsTable").queryTableView();
        assertThat(table.getItems()).isNotEmpty();
        assertThat(robot.lookup("#summary-device-type").queryAs(Label.class).getText()).isEqualTo("raspberrypi4-64");
        assertThat(robot.lookup(".partition-segment").queryAll()).hasSizeGreaterThanOrEqualTo(5);
        // the first of the most severe findings (what makes the card FAIL) is selected without a click, and
        // shown whole below the table: message, where, what to do (the table's message column cuts it off)
        TableView<Finding> findings = robot.lookup("#findingsTable").queryTableView();
        Finding worst = findings.getItems().get(0);
        for (Finding f : findings.getItems()) {
            if (!worst.severity().atLeast(f.severity())) {
                worst = f;
            }
        }
        assertThat(worst.severity()).isEqualTo(Severity.ERROR);
        assertThat(findings.getItems().get(0).code().name()).isEqualTo("FAT_DIRTY"); // listed first, only INFO
        assertThat(findings.getSelectionModel().getSelectedItem()).isSameAs(worst);
        javafx.scene.control.TextArea detail = robot.lookup("#findingDetail").queryAs(javafx.scene.control.TextArea.class);
        assertThat(detail.getText()).isEqualTo(worst.message() + "\nWhere: " + worst.location() + "\nWhat to do: "
                + worst.hint());
        assertThat(robot.lookup("#findingTitle").queryAs(Label.class).getText()).startsWith("ERROR · " + worst.code());
        assertThat(detail.isWrapText()).isTrue();
        assertThat(detail.isEditable()).isFalse(); // read-only, but the text can be selected and copied
        robot.interact(detail::selectAll);
        assertThat(detail.getSelectedText()).isEqualTo(detail.getText());
        clickRow(robot, findings, findings.getItems().get(0));
        assertThat(detail.getText()).contains("is marked dirty (not cleanly unmounted).", "Where: partition 1",
                "What to do: Normal for a card taken");
        assertThat(robot.lookup("#findingTitle").queryAs(Label.class).getText())
                .isEqualTo("INFO · FAT_DIRTY · boot partition");
        clickRow(robot, findings, worst);
        assertThat(detail.getText()).startsWith(worst.message());
        screenshot(robot, "inspect-demo.png");
        robot.clickOn("#recordInLog");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> FxScenes.onFx(() -> robot.lookup("#status")
                .queryAs(StatusBar.class).getText().startsWith("Recorded as entry 1 in ")));
        assertThat(Files.readAllLines(log)).singleElement().asString().contains("\"action\":\"inspect\"");
        assertThat(robot.lookup("#recordInLog").queryButton().isDisabled()).isTrue(); // once per report
    }

    @Test
    void theIntegrityViewFiltersFilesAndTheWearViewExplainsSignals(FxRobot robot) throws Exception {
        robot.clickOn("#openDemo");
        waitIdle(robot);
        robot.clickOn("Integrity");
        TableView<?> files = robot.lookup("#integrityTable").queryTableView();
        assertThat(files.getItems()).hasSize(1); // differences only, at first: the one modified overlay
        screenshot(robot, "integrity-demo.png");
        robot.clickOn("#integrityDifferencesOnly");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(files.getItems().size()).isGreaterThan(15);
        robot.clickOn("#integrityFilter").write("overlays/");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(files.getItems()).hasSize(3);
        robot.clickOn("Wear");
        TableView<?> wear = robot.lookup("#wearTable").queryTableView();
        assertThat(wear.getItems()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(robot.lookup("#wearSummary").queryAs(Label.class).getText()).contains("image or folder");
        screenshot(robot, "wear-demo.png");
    }

    @Test
    void editingConfigJsonRefusesInvalidValuesAndSavesValidOnes(FxRobot robot) throws Exception {
        Path img = cardCopy("pf-edit", Fixtures.built("fx-edit-fleet", ImageSpec.raspberryPi().configJson("{\"deviceType\":"
                + "\"raspberrypi4-64\",\"applicationId\":1234567,\"apiKey\":\"PLANTED-SECRET-99\",\"apiEndpoint\":"
                + "\"https://api.balena-cloud.com\",\"vpnEndpoint\":\"vpn.balena-cloud.com\",\"registryEndpoint\":"
                + "\"registry2.balena-cloud.com\",\"deltaEndpoint\":\"https://delta.balena-cloud.com\","
                + "\"uuid\":\"0123456789abcdef0123456789abcdef\",\"country\":\"DE\",\"persistentLogging\":false}")));
        inspect(robot, img);
        selectTab(robot, "tabConfig");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> FxScenes.onFx(() -> robot.lookup("#cfgStatus").queryAs(Label.class).getText()
                        .startsWith("config.json of")));
        byte[] before = Files.readAllBytes(img);
        robot.clickOn("#cfgHostname").write("bad");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(configVm.hostname.get()).isEqualTo("bad");
        robot.interact(() -> robot.lookup("#cfgHostname").queryAs(javafx.scene.control.TextField.class)
                .setText("bad_host!"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(configVm.diagnostics()).anySatisfy(f -> assertThat(f.code().name())
                .isEqualTo("CONFIG_JSON_INVALID_VALUE"));
        // the field is decorated (ControlsFX: icon and red border) from the view-model's rule, and says why
        javafx.scene.control.TextField host = robot.lookup("#cfgHostname").queryAs(javafx.scene.control.TextField.class);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> decorated(host));
        assertThat(host.getStyleClass()).contains("invalid");
        assertThat(robot.lookup("#cfgHostnameError").queryAs(Label.class).getText())
                .isEqualTo(configVm.fieldErrors().get("hostname"));
        assertThat(decorated(robot.lookup("#cfgCountry").query())).isFalse();
        screenshot(robot, "config-editor.png");
        robot.clickOn("#cfgSave");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#cfgInvalidDialog").tryQuery()).isPresent();
        robot.interact(() -> robot.lookup("#cfgInvalidDialog").query().getScene().getWindow().hide());
        assertThat(Files.readAllBytes(img)).isEqualTo(before);
        robot.interact(() -> configVm.hostname.set("kiosk-9"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !decorated(host)); // fixed: the decoration clears
        assertThat(host.getStyleClass()).doesNotContain("invalid");
        assertThat(robot.lookup("#cfgRaw").queryAs(javafx.scene.control.TextArea.class).getText())
                .doesNotContain("PLANTED-SECRET-99").contains("********");
        robot.clickOn("#cfgSave");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#cfgConfirmDialog").tryQuery()).isPresent();
        robot.clickOn("Write to card");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> FxScenes.onFx(() -> robot.lookup("#cfgStatus").queryAs(Label.class).getText()
                        .startsWith("Saved config.json")));
        // the whole line is shown, however long the card's path: in the toolbar it went to the overflow menu
        assertFullyShown(robot.lookup("#cfgStatus").queryAs(Label.class), img.toString());
        assertThat(new dev.preflight.core.edit.ConfigService(new dev.preflight.core.edit.BackupStore(
                Files.createTempDirectory(tmp, "x"))).read(img.toString(), dev.preflight.core.task.CancellationToken.none())
                .get("hostname").asText()).isEqualTo("kiosk-9");
    }

    @Test
    void aBrokenImageGivesAClearError(FxRobot robot) throws Exception {
        Path junk = Files.createTempFile(tmp, "junk", ".img");
        Files.write(junk, new byte[0]);
        inspect(robot, junk);
        assertThat(vm.errorProperty().get()).contains("empty");
        assertThat(robot.lookup("#errorDialog").tryQuery()).isPresent();
        robot.interact(() -> robot.lookup("#errorDialog").query().getScene().getWindow().hide());
    }

    @Test
    void aCleanImagePasses(FxRobot robot) throws Exception {
        Path img = Fixtures.built("fx-clean", ImageSpec.raspberryPi());
        inspect(robot, img);
        assertThat(robot.lookup("#verdictLabel").queryAs(Label.class).getText()).startsWith("PASS");
    }

    /** Scrolls {@code item}'s row into view and clicks it. */
    private static void clickRow(FxRobot robot, TableView<Finding> table, Finding item) {
        robot.interact(() -> table.scrollTo(item));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.from(table).lookup(".table-row-cell").match(n -> n instanceof javafx.scene.control.TableRow<?> r
                && r.getItem() == item).queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void selectTab(FxRobot robot, String id) {
        javafx.scene.control.TabPane tabs = robot.lookup("#tabs").queryAs(javafx.scene.control.TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream()
                .filter(t -> id.equals(t.getId())).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Opens an editor's tab and waits until the editor has read the card. */
    private void openEditor(FxRobot robot, String tab, ReadOnlyBooleanProperty loaded) throws Exception {
        selectTab(robot, tab);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, loaded::get);
    }

    @Test
    void addingWifiThroughTheDialogChecksThePasswordAndWritesTheCard(FxRobot robot) throws Exception {
        Path img = cardCopy("pf-wifi", Fixtures.built("fx-edit", ImageSpec.raspberryPi()));
        inspect(robot, img);
        openEditor(robot, "tabNetwork", wifiVm.loadedProperty());
        robot.clickOn("#wifiAdd");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#wifiSsid").write("Depot North");
        robot.clickOn("#wifiPassword").write("short");
        javafx.scene.control.Button ok = robot.lookup("#wifiOk").queryButton();
        assertThat(ok.isDisabled()).isTrue();
        assertThat(robot.lookup("#wifiPasswordFeedback").queryAs(Label.class).getText()).contains("8 to 63");
        javafx.scene.Node password = robot.lookup("#wifiPassword").query();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> decorated(password));
        assertThat(password.getStyleClass()).contains("invalid");
        assertThat(decorated(robot.lookup("#wifiSsid").query())).isFalse();
        screenshotWindow(robot, "#wifiDialog", "wifi-dialog.png");
        robot.write("-and-longer-9");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ok.isDisabled()).isFalse();
        assertThat(robot.lookup("#wifiPasswordFeedback").queryAs(Label.class).getText()).startsWith("Password strength");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !decorated(password));
        javafx.scene.control.TextField country = robot.lookup("#wifiCountry").queryAs(javafx.scene.control.TextField.class);
        robot.interact(() -> country.setText("D1"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> decorated(country));
        assertThat(ok.isDisabled()).isTrue();
        robot.interact(() -> country.setText("DE"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !decorated(country));
        robot.clickOn("#wifiShowPassword");
        assertThat(robot.lookup("#wifiPasswordShown").queryAs(javafx.scene.control.TextField.class).getText())
                .isEqualTo("short-and-longer-9");
        robot.clickOn("#wifiOk");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> wifiVm.statusProperty().get().startsWith("Added"));
        var listing = new dev.preflight.core.edit.WifiService(new dev.preflight.core.edit.BackupStore(
                Files.createTempDirectory(tmp, "x"))).list(img.toString(), dev.preflight.core.task.CancellationToken.none());
        assertThat(listing.connections().stream().filter(c -> c.active()).toList()).singleElement()
                .satisfies(c -> assertThat(c.psk()).isEqualTo("short-and-longer-9"));
        assertThat(robot.lookup("#wifiTable").queryTableView().getItems()).hasSize(2);
        settle(); // the card is re-inspected after the write and the open Network tab reads it again
        assertThat(wifiVm.statusProperty().get()).startsWith("Added"); // the write's message outlives the reload
        assertThat(robot.lookup("#wifiTable").queryTableView().getItems()).hasSize(2);
        screenshot(robot, "network.png");
    }

    @Test
    void aConfigTxtFindingOpensItsLineAndTheQuickFixIsSaved(FxRobot robot) throws Exception {
        String txt = "arm_64bit=1\ndtoverlay=ghost-display\ndtparam=audio=on\n";
        Path img = cardCopy("pf-txt", Fixtures.built("fx-txt", ImageSpec.raspberryPi().bootFile("config.txt",
                txt.getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        inspect(robot, img);
        // the editors read the card only when their tab opens: none has loaded yet
        assertThat(txtVm.loadedProperty().get()).isFalse();
        assertThat(configVm.loadedProperty().get()).isFalse();
        TableView<dev.preflight.core.report.Finding> table = robot.lookup("#findingsTable").queryTableView();
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(f -> f.code().name().equals("CONFIG_TXT_MISSING_OVERLAY")).findFirst().orElseThrow()));
        robot.clickOn("#showInEditor");
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.TabPane tabs = robot.lookup("#tabs").queryAs(javafx.scene.control.TabPane.class);
        assertThat(tabs.getSelectionModel().getSelectedItem().getId()).isEqualTo("tabConfigTxt");
        javafx.scene.control.TextArea text = robot.lookup("#txtText").queryAs(javafx.scene.control.TextArea.class);
        // the line is selected once config.txt has been read for the tab that just opened
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> "dtoverlay=ghost-display".equals(text.getSelectedText()));
        screenshot(robot, "config-txt.png");
        robot.clickOn("Comment out line 2");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text.getText()).isEqualTo(txt.replace("dtoverlay", "# dtoverlay"));
        robot.clickOn("#txtUndo");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text.getText()).isEqualTo(txt);
        robot.clickOn("#txtRedo");
        robot.clickOn("#txtText");
        robot.push(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.S,
                javafx.scene.input.KeyCombination.SHORTCUT_DOWN)); // File > Save to card… saves the editor on screen
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#txtConfirmDialog").tryQuery()).isPresent();
        assertThat(robot.lookup("#verdictLabel").queryAs(Label.class).getText()).startsWith("FAIL");
        robot.clickOn("Write to card");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> txtVm.statusProperty().get().startsWith("Saved"));
        // the dashboard re-inspects the card after the write: the missing overlay is gone
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> FxScenes.onFx(() -> robot.lookup("#verdictLabel")
                .queryAs(Label.class).getText().startsWith("PASS")));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> txtVm.statusProperty().get().startsWith("Saved"));
        settle();
        assertThat(configTxtOn(img)).isEqualTo(txt.replace("dtoverlay", "# dtoverlay"));
    }

    @Test
    void aConfigJsonFindingOpensTheEditorOnItsFieldOnceTheCardIsRead(FxRobot robot) throws Exception {
        Path img = cardCopy("pf-ntp", Fixtures.built("fx-ntp", ImageSpec.raspberryPi().configJson("{\"deviceType\":\"raspberrypi4-64\","
                + "\"ntpServers\":\"\",\"persistentLogging\":false}")));
        inspect(robot, img);
        assertThat(configVm.loadedProperty().get()).isFalse();
        TableView<dev.preflight.core.report.Finding> table = robot.lookup("#findingsTable").queryTableView();
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(f -> f.code().name().equals("CONFIG_JSON_NTP_DISABLED")).findFirst().orElseThrow()));
        robot.clickOn("#showInEditor");
        javafx.scene.control.TextField ntp = robot.lookup("#cfgNtpServers").queryAs(javafx.scene.control.TextField.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> configVm.loadedProperty().get() && ntp.isFocused());
        assertThat(robot.lookup("#tabs").queryAs(javafx.scene.control.TabPane.class).getSelectionModel()
                .getSelectedItem().getId()).isEqualTo("tabConfig");
        assertThat(robot.lookup("#cfgStatus").queryAs(Label.class).getText()).startsWith("config.json of");
    }

    private static javafx.scene.Node discardDialogButton(FxRobot robot, javafx.scene.control.ButtonType type) {
        return robot.lookup("#discardDialog").queryAll().stream().filter(n -> n.getScene().getWindow().isShowing())
                .map(n -> ((javafx.scene.control.DialogPane) n).lookupButton(type)).findFirst().orElseThrow();
    }

    private static boolean discardDialogShown(FxRobot robot) {
        return robot.lookup("#discardDialog").queryAll().stream().anyMatch(n -> n.getScene() != null
                && n.getScene().getWindow() != null && n.getScene().getWindow().isShowing());
    }

    @Test
    void openingAnotherCardAsksBeforeThrowingAwayUnsavedEdits(FxRobot robot) throws Exception {
        Path img = cardCopy("pf-discard", Fixtures.built("fx-edit", ImageSpec.raspberryPi()));
        Path other = Fixtures.built("fx-clean", ImageSpec.raspberryPi());
        inspect(robot, img);
        openEditor(robot, "tabConfigTxt", txtVm.loadedProperty());
        javafx.scene.control.TextArea text = robot.lookup("#txtText").queryAs(javafx.scene.control.TextArea.class);
        robot.interact(() -> text.appendText("# keep me\n"));
        // asked at once, before the editor's typing pause has passed: the typed text still counts
        assertThat(WaitForAsyncUtils.asyncFx(() -> view.unsavedEditors()).get()).containsExactly("config.txt");
        assertThat(txtVm.dirtyProperty().get()).isTrue();
        // Cancel keeps the card and the edit
        Platform.runLater(() -> view.open(other.toString()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> discardDialogShown(robot));
        assertThat(robot.lookup("#discardDialog").queryAs(javafx.scene.control.DialogPane.class).getHeaderText())
                .isEqualTo("Changes to config.txt of card.img are not saved");
        robot.clickOn(discardDialogButton(robot, javafx.scene.control.ButtonType.CANCEL)); // not the toolbar's Cancel
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(discardDialogShown(robot)).isFalse();
        assertThat(vm.sourceProperty().get()).isEqualTo(img.toString());
        assertThat(text.getText()).endsWith("# keep me\n");
        // the same card again (F5) keeps the edit without asking
        robot.interact(() -> view.inspectAgain());
        waitIdle(robot);
        settle();
        assertThat(discardDialogShown(robot)).isFalse();
        assertThat(text.getText()).endsWith("# keep me\n");
        // Discard opens the other card; from the Overview, so the config.txt editor is not read again at once
        selectTab(robot, "tabOverview");
        Platform.runLater(() -> view.open(other.toString()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> discardDialogShown(robot));
        javafx.scene.control.Button discard = (javafx.scene.control.Button) discardDialogButton(robot,
                javafx.scene.control.ButtonType.OK);
        assertThat(discard.getText()).isEqualTo("Discard changes");
        robot.clickOn(discard);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> other.toString().equals(vm.sourceProperty().get()));
        waitIdle(robot);
        settle();
        // thrown away when the user said so, not only when the editor next reads a card: no second question
        assertThat(txtVm.dirtyProperty().get()).isFalse();
        assertThat(WaitForAsyncUtils.asyncFx(() -> view.unsavedEditors()).get()).isEmpty();
        assertThat(text.getText()).doesNotContain("# keep me");
        assertThat(configTxtOn(img)).doesNotContain("# keep me"); // never written
    }

    @Test
    void theSeverityAndAreaFiltersHideRows(FxRobot robot) throws Exception {
        robot.clickOn("#openDemo");
        waitIdle(robot);
        TableView<Finding> table = robot.lookup("#findingsTable").queryTableView();
        int all = table.getItems().size();
        assertThat(table.getItems()).anyMatch(f -> f.severity() == Severity.INFO);
        @SuppressWarnings("unchecked")
        CheckComboBox<Severity> severity = robot.lookup("#findingsSeverity").queryAs(CheckComboBox.class);
        @SuppressWarnings("unchecked")
        CheckComboBox<String> area = robot.lookup("#findingsArea").queryAs(CheckComboBox.class);
        robot.interact(() -> severity.getCheckModel().clearCheck(Severity.INFO));
        assertThat(table.getItems()).isNotEmpty().noneMatch(f -> f.severity() == Severity.INFO);
        assertThat(table.getItems().size()).isEqualTo(vm.findings().stream()
                .filter(f -> f.severity() != Severity.INFO).count());
        // the selection moves to a row still shown, and the detail follows it
        assertThat(table.getSelectionModel().getSelectedItem()).isNotNull().isIn(table.getItems());
        assertThat(robot.lookup("#findingDetail").queryAs(javafx.scene.control.TextArea.class).getText())
                .startsWith(table.getSelectionModel().getSelectedItem().message());
        robot.interact(() -> area.getCheckModel().clearCheck("config.json"));
        assertThat(table.getItems()).isNotEmpty().noneMatch(f -> f.code().area().equals("config.json"));
        // through the drop-down itself: unticking "warning" leaves the one error
        robot.clickOn(severity);
        robot.clickOn("warning");
        robot.push(javafx.scene.input.KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems()).singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.ERROR));
        robot.interact(() -> {
            severity.getCheckModel().checkAll();
            area.getCheckModel().checkAll();
        });
        assertThat(table.getItems()).hasSize(all);
    }

    @Test
    void partitionFindingsOfATruncatedImageDoNotRepeatItsPath(FxRobot robot) throws Exception {
        Path img = cardCopy("pf-trunc", Fixtures.built("fx-edit", ImageSpec.raspberryPi()));
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(img,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(70L << 20); // cuts through the third partition and the extended boot record
        }
        inspect(robot, img);
        TableView<Finding> table = robot.lookup("#findingsTable").queryTableView();
        Finding outOfRange = table.getItems().stream().filter(f -> f.code().name().equals("PARTITION_OUT_OF_RANGE"))
                .findFirst().orElseThrow();
        assertThat(outOfRange.message()).contains(img.toString()); // core's text, as the CLI prints it, is unchanged
        robot.interact(() -> table.getSelectionModel().select(outOfRange));
        String detail = robot.lookup("#findingDetail").queryAs(javafx.scene.control.TextArea.class).getText();
        assertThat(detail).startsWith("Partition 3 spans bytes ").doesNotContain(img.toString());
        // the message column says the same, for every partition finding
        @SuppressWarnings("unchecked")
        javafx.scene.control.TableColumn<Finding, String> message =
                (javafx.scene.control.TableColumn<Finding, String>) table.getColumns().get(3);
        assertThat(table.getItems()).allSatisfy(f -> assertThat(message.getCellData(f)).doesNotContain(img.toString()));
        Finding chain = table.getItems().stream().filter(f -> f.code().name().equals("EXTENDED_CHAIN_INVALID"))
                .findFirst().orElseThrow();
        assertThat(message.getCellData(chain)).startsWith("The extended boot record at sector ");
    }

    @Test
    void theStatusBarShowsTheStatusAndOtherWindowsJobs(FxRobot robot) throws Exception {
        StatusBar status = robot.lookup("#status").queryAs(StatusBar.class);
        assertThat(status.getText()).isEqualTo("Open an image, a card or a boot folder.");
        assertThat(status.getProgress()).isZero();
        robot.clickOn("#openDemo");
        waitIdle(robot);
        assertThat(status.getText()).startsWith("Inspected in ").endsWith(" ms.");
        Label jobs = robot.lookup("#statusJobs").queryAs(Label.class);
        assertThat(jobs.getText()).isEmpty();
        Runnable[] ended = new Runnable[2];
        robot.interact(() -> {
            ended[0] = view.jobs().started("checking Reader A");
            ended[1] = view.jobs().started("exporting report.html");
        });
        assertThat(jobs.getText()).isEqualTo("2 jobs running: checking Reader A, exporting report.html");
        assertThat(status.getProgress()).isEqualTo(-1.0); // indeterminate while anything runs
        robot.interact(ended[0]);
        assertThat(jobs.getText()).isEqualTo("exporting report.html");
        robot.interact(ended[1]);
        assertThat(jobs.getText()).isEmpty();
        assertThat(status.getProgress()).isZero();
    }

    @Test
    void anInspectionThatEndsWhileTheWindowIsNotWatchedIsAnnounced(FxRobot robot) throws Exception {
        robot.clickOn("#openDemo");
        waitIdle(robot);
        assertThat(robot.lookup(".notification-bar").tryQuery()).isEmpty(); // watched: no notification
        away = true;
        robot.interact(() -> view.inspectAgain());
        waitIdle(robot);
        // ControlsFX's popup itself, under Monocle too
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxScenes.onFx(() -> robot.lookup(".notification-bar .title")
                .tryQuery().isPresent()));
        assertThat(robot.lookup(".notification-bar .title").queryAs(Label.class).getText())
                .isEqualTo("Inspection finished: FAIL — " + dev.preflight.core.demo.DemoCard.FILE_NAME);
        assertThat(robot.lookup(".notification-bar .label").queryAllAs(Label.class)).extracting(Label::getText)
                .anySatisfy(t -> assertThat(t).startsWith("1 error(s), 9 warning(s)"));
    }

    @Test
    void rawJsonEditsUpdateTheFormAndCanBeUndone(FxRobot robot) throws Exception {
        Path img = cardCopy("pf-raw", Fixtures.built("fx-edit", ImageSpec.raspberryPi()));
        inspect(robot, img);
        openEditor(robot, "tabConfig", configVm.loadedProperty());
        javafx.scene.control.TextArea raw = robot.lookup("#cfgRaw").queryAs(javafx.scene.control.TextArea.class);
        robot.interact(() -> raw.setText(raw.getText().replaceFirst("\\{", "{\n  \"hostname\": \"dock-3\",")));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> "dock-3".equals(configVm.hostname.get()));
        assertThat(robot.lookup("#cfgHostname").queryAs(javafx.scene.control.TextField.class).getText())
                .isEqualTo("dock-3");
        robot.interact(() -> raw.setText(raw.getText() + "}"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> configVm.rawErrorProperty().get() != null);
        assertThat(robot.lookup("#cfgRawError").queryAs(Label.class).getText()).startsWith("Not valid JSON");
        robot.clickOn("#cfgUndo");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(configVm.hostname.get()).isEmpty();
        assertThat(configVm.rawErrorProperty().get()).isNull();
        assertThat(raw.getText()).doesNotContain("dock-3");
    }

    /** Whether ControlsFX shows its validation icon on {@code n} (read on the FX thread). */
    static boolean decorated(javafx.scene.Node n) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            var d = Decorator.getDecorations(n);
            return d != null && d.stream().anyMatch(x -> x instanceof org.controlsfx.control.decoration.GraphicDecoration);
        }).get();
    }

    static void screenshotWindow(FxRobot robot, String query, String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        javafx.scene.Node root = robot.lookup(query).query().getScene().getRoot();
        FxService.serviceContext().getCaptureSupport().saveImage(robot.capture(root).getImage(), dir.resolve(name));
    }

    /** Saves a PNG of the window to target/screenshots (see assets/screenshots/README.md). */
    static void screenshot(FxRobot robot, String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        javafx.scene.Node root = robot.lookup("#verdictBanner").query().getScene().getRoot();
        javafx.scene.image.Image image = robot.capture(root).getImage();
        FxService.serviceContext().getCaptureSupport().saveImage(image, dir.resolve(name));
    }
}
