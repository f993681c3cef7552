package dev.preflight.gui;

import dev.preflight.gui.app.Theme;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The window a TestFX flow runs in: the app's stylesheet and the light theme, as the app sets them. The
 * theme is global, so every flow sets it: otherwise a result would depend on which test class ran before.
 */
final class FxScenes {
    private FxScenes() {
    }

    static void show(Stage stage, Parent root, double width, double height) {
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(FxScenes.class.getResource("/dev/preflight/gui/preflight.css").toExternalForm());
        Theme.apply(Theme.Mode.LIGHT, scene);
        stage.setScene(scene);
        stage.show();
    }
}
