package dev.preflight.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.gui.common.Jobs;
import dev.preflight.gui.release.LintView;
import dev.preflight.gui.release.LintViewModel;
import dev.preflight.gui.release.LintWindow;
import dev.preflight.support.LintProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** File > Lint project…: the lint window on project folders written to disk (Monocle headless). */
@ExtendWith(ApplicationExtension.class)
class LintViewFxTest {
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final List<Path> opened = new CopyOnWriteArrayList<>();
    private LintViewModel vm;
    private Stage stage;
    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        vm = new LintViewModel(worker, Platform::runLater);
        FxScenes.show(stage, new LintView(vm, opened::add), 1180, 720);
    }

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    private TableView<Finding> lint(FxRobot robot, Path path) throws Exception {
        robot.interact(() -> vm.lint(path));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !vm.busyProperty().get());
        TableView<Finding> table = robot.lookup("#lintFindingsTable").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == vm.findings().size()
                && (table.getItems().isEmpty() || FxScenes.onFx(() -> robot.lookup("#lintFindingDetail").tryQuery().isPresent())));
        WaitForAsyncUtils.waitForFxEvents();
        return table;
    }

    private static String label(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    @Test
    void anUnpinnedBaseImageIsListedWithItsFileLineAndTheLineItself(FxRobot robot) throws Exception {
        TableView<Finding> table = lint(robot, LintProjects.unpinned(dir));
        assertThat(label(robot, "#lintVerdict")).isEqualTo("WARNINGS — " + dir.getFileName());
        assertThat(robot.lookup("#lintBanner").query().getStyleClass()).contains("verdict-warn");
        // one area only: no area column, no area filter
        assertThat(table.getColumns()).extracting(javafx.scene.control.TableColumn::getText)
                .containsExactly("Severity", "Code", "Message");
        assertThat(robot.lookup("#lintFindingsArea").tryQuery()).isEmpty();
        Finding unpinned = table.getItems().stream().filter(f -> f.code() == FindingCode.RELEASE_BASE_IMAGE_UNPINNED)
                .findFirst().orElseThrow();
        robot.interact(() -> table.getSelectionModel().select(unpinned));
        assertThat(robot.lookup("#lintFindingDetail").queryAs(TextArea.class).getText())
                .contains("Base image debian:bookworm is not pinned", "Where: app/Dockerfile:1", "What to do: Pin it");
        assertThat(label(robot, "#lintSourceTitle")).isEqualTo("app/Dockerfile, line 1");
        assertThat(robot.lookup("#lintSourcePath").queryAs(TextField.class).getText())
                .isEqualTo(dir.resolve("app/Dockerfile") + ":1");
        TextArea source = robot.lookup("#lintSource").queryAs(TextArea.class);
        assertThat(source.getText()).startsWith("> 1  FROM debian:bookworm\n");
        assertThat(source.getSelectedText()).isEqualTo("> 1  FROM debian:bookworm");
        assertThat(source.isEditable()).isFalse();
        robot.clickOn("#lintShowMe"); // "Open file": handed to the desktop
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(opened).containsExactly(dir.resolve("app/Dockerfile"));
        // a compose finding shows the service's lines of docker-compose.yml
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(f -> "docker-compose.yml services.web".equals(f.location())).findFirst().orElseThrow()));
        assertThat(label(robot, "#lintSourceTitle")).isEqualTo("docker-compose.yml, line 7");
        assertThat(source.getSelectedText()).isEqualTo("> 7    web:");
    }

    @Test
    void aPathThatCannotBeLintedIsOneMessageInTheWindow(FxRobot robot) throws Exception {
        Path missing = dir.resolve("no-such-project");
        TableView<Finding> table = lint(robot, missing);
        assertThat(label(robot, "#lintVerdict")).isEqualTo("Could not lint no-such-project");
        assertThat(label(robot, "#lintDetail")).isEqualTo(missing + " does not exist. Give the project folder"
                + " (with docker-compose.yml or a Dockerfile) or a Dockerfile.");
        assertThat(robot.lookup("#lintBanner").query().getStyleClass()).contains("verdict-fail");
        assertThat(table.getItems()).isEmpty();
        assertThat(Window.getWindows()).as("no dialog, no trace").hasSize(1);
        // nothing to lint in an empty folder: the same, with its own words
        lint(robot, Files.createDirectories(dir.resolve("empty")));
        assertThat(label(robot, "#lintDetail")).contains("holds no docker-compose.yml").doesNotContain("Exception");
        // fixed on disk, "Lint again" finds the project
        LintProjects.unpinned(dir.resolve("empty"));
        robot.clickOn("#lintAgain");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> label(robot, "#lintVerdict").startsWith("WARNINGS"));
        assertThat(robot.lookup("#lintBanner").query().getStyleClass()).contains("verdict-warn")
                .doesNotContain("verdict-fail");
    }

    @Test
    void theKioskProjectScreenshot(FxRobot robot) throws Exception {
        TableView<Finding> table = lint(robot, LintProjects.kiosk(Files.createDirectories(dir.resolve("kiosk"))));
        assertThat(table.getItems()).extracting(Finding::code).contains(FindingCode.RELEASE_IPTABLES_HOST_NETWORK,
                FindingCode.RELEASE_LOGS_UNROTATED, FindingCode.RELEASE_SUPERVISOR_API_UNTHROTTLED);
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(f -> f.code() == FindingCode.RELEASE_IPTABLES_HOST_NETWORK).findFirst().orElseThrow()));
        assertThat(label(robot, "#lintSourceTitle")).isEqualTo("kiosk/start.sh, line 3");
        InspectViewFxTest.screenshotWindow(robot, "#lintView", "lint.png");
    }

    @Test
    void theFileMenuItemAndTheWindowItOpens(FxRobot robot) throws Exception {
        LintProjects.unpinned(dir);
        Jobs jobs = new Jobs();
        LintWindow[] window = new LintWindow[1];
        MenuItem item = WaitForAsyncUtils.asyncFx(() -> {
            window[0] = new LintWindow(stage, jobs, opened::add);
            return window[0].menuItem();
        }).get();
        assertThat(item.getText()).isEqualTo("Lint project…");
        assertThat(item.getId()).isEqualTo("menuLint");
        robot.interact(() -> window[0].lint(dir));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Window.getWindows().stream().anyMatch(w ->
                w instanceof Stage s && s.getTitle() != null && s.getTitle().equals("Preflight — Lint — "
                        + dir.getFileName()) && ((Label) s.getScene().lookup("#lintVerdict")).getText()
                        .startsWith("WARNINGS")));
        assertThat(jobs.running()).isEmpty();
        robot.interact(() -> {
            window[0].stop();
            Window.getWindows().stream().filter(w -> w != stage).toList().forEach(Window::hide);
        });
    }
}
