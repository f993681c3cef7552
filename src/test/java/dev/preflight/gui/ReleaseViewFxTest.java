package dev.preflight.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.edit.BackupStore;
import dev.preflight.core.edit.Editing;
import dev.preflight.core.provision.EditJournal;
import dev.preflight.core.release.Release;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.gui.common.Notifier;
import dev.preflight.gui.config.ConfigEditorViewModel;
import dev.preflight.gui.inspect.InspectView;
import dev.preflight.gui.inspect.InspectViewModel;
import dev.preflight.support.Preloads;
import dev.preflight.support.ReleaseCards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Release tab on images with a real ext4 resin-data (Monocle headless). */
@ExtendWith(ApplicationExtension.class)
class ReleaseViewFxTest {
    /** Removed after each test (the cards copied here are hundreds of megabytes). */
    @TempDir
    Path tmp;
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private InspectViewModel vm;
    private Path dir;

    @Start
    void start(Stage stage) throws Exception {
        dir = Files.createDirectories(tmp.resolve("release"));
        vm = new InspectViewModel(worker, Platform::runLater, dir.resolve("demo"));
        ConfigEditorViewModel config = new ConfigEditorViewModel(worker, Platform::runLater,
                new Editing(new BackupStore(dir.resolve("backups")), EditJournal.log(dir.resolve("log.jsonl"))));
        InspectView view = new InspectView(vm, new InspectView.Editors(config, null, null),
                new Notifier(Notifier.CONTROLSFX, w -> true));
        FxScenes.show(stage, view, 1180, 760);
    }

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    private void inspect(FxRobot robot, Path img) throws Exception {
        robot.interact(() -> vm.inspect(img.toString()));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !vm.busyProperty().get());
        TableView<?> table = robot.lookup("#findingsTable").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == vm.findings().size());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Opens the Release tab and waits for its findings list (filled a frame after the tab) and detail. */
    private TableView<Finding> openReleaseTab(FxRobot robot) throws Exception {
        robot.clickOn("Release");
        return releaseFindings(robot);
    }

    private static TableView<Finding> releaseFindings(FxRobot robot) throws Exception {
        TableView<Finding> findings = robot.lookup("#releaseFindingsTable").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !findings.getItems().isEmpty()
                && FxScenes.onFx(() -> robot.lookup("#releaseFindingDetail").tryQuery().isPresent()));
        WaitForAsyncUtils.waitForFxEvents();
        return findings;
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    private static String selectedTab(FxRobot robot) {
        return robot.lookup("#tabs").queryAs(TabPane.class).getSelectionModel().getSelectedItem().getId();
    }

    @Test
    void aPreloadedImageShowsItsServicesAndTheMissingImageAndShowMeSelectsTheService(FxRobot robot)
            throws Exception {
        Preloads.assumeMkfs();
        inspect(robot, ReleaseCards.wifiImageMissing(dir));
        TableView<Finding> findings = openReleaseTab(robot);
        assertThat(text(robot, "#releaseHeadline")).isEqualTo("Preloaded release, not booted yet");
        assertThat(text(robot, "#release-commit")).isEqualTo("0b5e2a4c9d8f7e6a5b4c3d2e1f0a9b8c");
        assertThat(text(robot, "#release-fleet")).isEqualTo("1234567 (kiosk-fleet)");
        assertThat(text(robot, "#release-pinned")).startsWith("yes");
        assertThat(text(robot, "#releaseImages")).isEqualTo("1 of 2 service images in resin-data's image store, 1 missing");
        assertThat(robot.lookup("#releaseExplanation").query().isVisible()).isFalse();
        TableView<Release.Service> services = robot.lookup("#releaseServices").queryTableView();
        assertThat(services.getItems()).extracting(Release.Service::name).containsExactly("browser", "wifi-connect");
        assertThat(services.getItems().get(1).inStore()).isFalse();
        assertThat(robot.from(services).lookup(".table-row-cell.sev-error").queryAll()).hasSize(1);
        // the error first, selected, and shown whole below the list
        Finding missing = findings.getSelectionModel().getSelectedItem();
        assertThat(missing.code()).isEqualTo(FindingCode.PRELOAD_IMAGE_MISSING);
        assertThat(robot.lookup("#releaseFindingDetail").queryAs(TextArea.class).getText())
                .contains("Service 'wifi-connect'", "Where: partition ");
        assertThat(findings.getItems()).extracting(f -> f.code().area()).isSubsetOf("release", "device traces");
        assertThat(services.getSelectionModel().getSelectedItem()).isNull();
        robot.clickOn("#releaseShowMe");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(services.getSelectionModel().getSelectedItem().name()).isEqualTo("wifi-connect");
        assertThat(services.isFocused()).isTrue();
        InspectViewFxTest.screenshot(robot, "release.png");
    }

    @Test
    void theDashboardsShowInEditorOpensTheReleaseTabOnTheFinding(FxRobot robot) throws Exception {
        Preloads.assumeMkfs();
        inspect(robot, ReleaseCards.wifiImageMissing(dir));
        TableView<Finding> dashboard = robot.lookup("#findingsTable").queryTableView();
        Finding memory = dashboard.getItems().stream().filter(f -> f.code() == FindingCode.RELEASE_NO_MEMORY_LIMIT)
                .findFirst().orElseThrow();
        robot.interact(() -> dashboard.getSelectionModel().select(memory));
        robot.clickOn("#showInEditor");
        assertThat(selectedTab(robot)).isEqualTo("tabRelease");
        TableView<Finding> findings = releaseFindings(robot);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> findings.getSelectionModel().getSelectedItem() == memory);
        TableView<Release.Service> services = robot.lookup("#releaseServices").queryTableView();
        assertThat(services.getSelectionModel().getSelectedItem().name()).isEqualTo("wifi-connect");
    }

    @Test
    void aFleetMismatchOpensConfigJsonsApplicationId(FxRobot robot) throws Exception {
        Preloads.assumeMkfs();
        String apps = ReleaseCards.sample("apps-v3.json").replace("\"id\": 1234567", "\"id\": 7654321");
        inspect(robot, Preloads.data(dir, ReleaseCards.resinData(apps, ReleaseCards.BROWSER, ReleaseCards.WIFI)));
        TableView<Finding> findings = openReleaseTab(robot);
        robot.interact(() -> findings.getSelectionModel().select(findings.getItems().stream()
                .filter(f -> f.code() == FindingCode.PRELOAD_FLEET_MISMATCH).findFirst().orElseThrow()));
        robot.clickOn("#releaseShowMe");
        assertThat(selectedTab(robot)).isEqualTo("tabConfig");
        javafx.scene.control.TextField appId = robot.lookup("#cfgApplicationId")
                .queryAs(javafx.scene.control.TextField.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, appId::isFocused);
        assertThat(appId.getText()).isEqualTo("1234567");
    }

    @Test
    void aCardWithoutAPreloadSaysSoPlainly(FxRobot robot) throws Exception {
        Preloads.assumeMkfs();
        inspect(robot, ReleaseCards.notPreloaded(dir));
        robot.clickOn("Release");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text(robot, "#releaseHeadline")).isEqualTo("No preloaded release");
        assertThat(robot.lookup("#releaseExplanation").query().isVisible()).isTrue();
        assertThat(text(robot, "#releaseExplanation")).contains("needs a network at first boot");
        assertThat(robot.lookup("#releaseServices").query().isVisible()).isFalse();
        assertThat(robot.lookup("#releaseFacts").query().isVisible()).isFalse();
        TableView<Finding> findings = robot.lookup("#releaseFindingsTable").queryTableView();
        assertThat(findings.getItems()).isEmpty();
    }
}
