package dev.preflight.gui;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The window a TestFX flow runs in: the app's stylesheet and the light theme, as the app sets them. */
final class FxScenes {
    private FxScenes() {
    }

    static void show(Stage stage, Parent root, double width, double height) {
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(FxScenes.class.getResource("/dev/preflight/gui/preflight.css").toExternalForm());
        dev.preflight.gui.app.Theme.apply(dev.preflight.gui.app.Theme.Mode.LIGHT, scene);
        stage.setScene(scene);
        stage.show();
    }
}
