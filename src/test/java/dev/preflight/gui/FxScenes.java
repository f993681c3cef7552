package dev.preflight.gui;

import dev.preflight.gui.app.Theme;
import javafx.scene.Parent;
import javafx.scene.Scene;
import java.util.concurrent.Callable;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window a TestFX flow runs in: the app's stylesheet and the light theme, as the app sets them. The
 * theme is global, so every flow sets it: otherwise a result would depend on which test class ran before.
 */
final class FxScenes {
    private FxScenes() {
    }

    /**
     * {@code check} evaluated on the FX thread, for a wait that polls a lookup: a lookup from the test thread
     * while the scene changes can fail inside JavaFX's child lists.
     */
    static boolean onFx(Callable<Boolean> check) throws Exception {
        return WaitForAsyncUtils.asyncFx(check).get();
    }

    static void show(Stage stage, Parent root, double width, double height) {
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(FxScenes.class.getResource("/dev/preflight/gui/preflight.css").toExternalForm());
        Theme.apply(Theme.Mode.LIGHT, scene);
        stage.setScene(scene);
        stage.show();
    }
}
