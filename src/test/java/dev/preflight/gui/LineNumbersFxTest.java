package dev.preflight.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.preflight.gui.common.LineNumbers;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The config.txt editor's line numbers stay beside their lines while the text scrolls. */
@ExtendWith(ApplicationExtension.class)
class LineNumbersFxTest {
    private TextArea text;
    private TextArea gutter;

    @Start
    void start(Stage stage) {
        text = new TextArea();
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= 200; i++) {
            b.append(i == 150 ? "dtoverlay=" + "x".repeat(400) : "dtparam=line" + i).append('\n');
        }
        text.setText(b.toString()); // line 150 is wide: the text gets a horizontal scroll bar
        gutter = LineNumbers.gutterFor(text);
        HBox row = new HBox(gutter, text);
        HBox.setHgrow(text, Priority.ALWAYS);
        FxScenes.show(stage, row, 500, 300);
    }

    @Test
    void theNumbersFollowTheTextToTheLastLine(FxRobot robot) throws Exception {
        assertThat(gutter.getText()).startsWith("  1\n  2\n").contains("\n200\n");
        robot.interact(() -> text.setScrollTop(1000));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(gutter.getScrollTop()).isEqualTo(text.getScrollTop())
                .isCloseTo(1000, offset(0.001)); // 1000.0000000000001 in the theme
        robot.interact(() -> text.setScrollTop(Double.MAX_VALUE)); // the bottom
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> text.positionCaret(text.getLength()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text.getScrollTop()).isGreaterThan(1000);
        assertThat(gutter.getScrollTop()).isEqualTo(text.getScrollTop());
        robot.interact(() -> text.appendText("one more\n"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(gutter.getText()).contains("\n201\n");
    }
}
