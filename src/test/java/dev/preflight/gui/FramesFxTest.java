package dev.preflight.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.gui.common.Frames;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class FramesFxTest {
    private Label shown;

    @Start
    void start(Stage stage) {
        shown = new Label("shown");
        stage.setScene(new Scene(new StackPane(shown), 200, 100));
        stage.show();
    }

    @Test
    void workRunsOnceAfterTheNextFrame(FxRobot robot) throws Exception {
        AtomicInteger runs = new AtomicInteger();
        robot.interact(() -> Frames.afterNextFrame(shown, runs::incrementAndGet));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> runs.get() == 1);
        Thread.sleep(700); // later frames and the fallback timer do not run it again
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(runs.get()).isEqualTo(1);
    }

    @Test
    void workInAWindowThatIsNeverDrawnStillRuns(FxRobot robot) throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Label hidden = new Label("never shown");
        robot.interact(() -> {
            new Scene(new StackPane(hidden)); // a scene without a window: no frames
            Frames.afterNextFrame(hidden, runs::incrementAndGet);
        });
        assertThat(runs.get()).isZero();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> runs.get() == 1);
    }
}
