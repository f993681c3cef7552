package dev.preflight.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.gui.serial.SerialView;
import dev.preflight.gui.serial.SerialViewModel;
import dev.preflight.support.PtyPair;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.control.ListView;
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

/** The live serial console on a real pseudo-terminal pair (socat): connect, watch a boot, search. */
@ExtendWith(ApplicationExtension.class)
class SerialViewFxTest {
    /** Removed after each test (the cards copied here are hundreds of megabytes). */
    @TempDir
    Path tmp;
    private final ExecutorService worker = Executors.newCachedThreadPool();
    private SerialViewModel vm;
    private PtyPair pty;

    @Start
    void start(Stage stage) throws Exception {
        vm = new SerialViewModel(worker, Platform::runLater, Files.createDirectories(tmp.resolve("serial")).resolve("log.jsonl"));
        FxScenes.show(stage, new SerialView(vm, new SimpleStringProperty()), 1000, 620);
    }

    @AfterEach
    void stop() throws Exception {
        vm.disconnect();
        worker.shutdownNow();
        if (pty != null) {
            pty.close();
        }
    }

    @Test
    void aBootScrollsByAndItsMilestonesAndFailuresAppear(FxRobot robot) throws Exception {
        pty = PtyPair.open(Files.createDirectories(tmp.resolve("pty")));
        robot.clickOn("#serialPortPath").write(pty.device());
        robot.clickOn("#serialConnect");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> vm.connectedProperty().get());
        Thread.sleep(300);
        try (OutputStream o = Files.newOutputStream(pty.board())) {
            o.write(Files.readAllBytes(Path.of("src/test/resources/bootlogs/failing-card.log")));
        }
        TextArea console = robot.lookup("#serialConsole").queryAs(TextArea.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxScenes.onFx(() -> !robot.lookup("#serialFindings")
                .queryAs(ListView.class).getItems().isEmpty()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(console.getText()).contains("Linux version");
        assertThat(robot.lookup("#serialMilestones").queryAs(ListView.class).getItems()).isNotEmpty();
        robot.clickOn("#serialSearch").write("mmc").type(javafx.scene.input.KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(console.getSelectedText().toLowerCase()).isEqualTo("mmc");
        InspectViewFxTest.screenshotWindow(robot, "#serialView", "serial.png");
        robot.clickOn("#serialConnect");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !vm.connectedProperty().get());
    }
}
