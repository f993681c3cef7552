package dev.preflight.gui.app;

import dev.preflight.Version;
import dev.preflight.core.demo.DemoCard;
import dev.preflight.gui.inspect.InspectView;
import dev.preflight.gui.inspect.InspectViewModel;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The desktop app. Start it through {@link #launchApp}, never as the jar's main class. */
public final class PreflightApp extends Application {
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "preflight-worker");
        t.setDaemon(true);
        return t;
    });

    public static void launchApp(String path) {
        Application.launch(PreflightApp.class, path == null ? new String[0] : new String[] {path});
    }

    /** Whether a window can be shown (Linux needs an X11 or Wayland display). */
    public static boolean displayAvailable() {
        String os = System.getProperty("os.name", "").toLowerCase();
        if (os.contains("win") || os.contains("mac") || "Monocle".equals(System.getProperty("glass.platform"))) {
            return true;
        }
        return notBlank(System.getenv("DISPLAY")) || notBlank(System.getenv("WAYLAND_DISPLAY"));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    @Override
    public void start(Stage stage) {
        InspectViewModel vm = new InspectViewModel(worker, Platform::runLater, DemoCard.defaultCacheDir());
        dev.preflight.gui.config.ConfigEditorViewModel configVm = new dev.preflight.gui.config.ConfigEditorViewModel(
                worker, Platform::runLater, dev.preflight.core.edit.BackupStore.forUser());
        InspectView view = new InspectView(vm, configVm);
        javafx.scene.layout.BorderPane root = new javafx.scene.layout.BorderPane(view);
        root.setTop(view.menuBar(stage::close));
        Scene scene = new Scene(root, 1100, 760);
        scene.getStylesheets().add(PreflightApp.class.getResource("/dev/preflight/gui/preflight.css").toExternalForm());
        stage.setTitle("Preflight " + Version.get());
        stage.setScene(scene);
        java.util.prefs.Preferences prefs = java.util.prefs.Preferences.userNodeForPackage(PreflightApp.class);
        stage.setWidth(prefs.getDouble("width", 1100));
        stage.setHeight(prefs.getDouble("height", 760));
        stage.setOnHiding(e -> {
            prefs.putDouble("width", stage.getWidth());
            prefs.putDouble("height", stage.getHeight());
        });
        stage.setMinWidth(760);
        stage.setMinHeight(480);
        stage.show();
        List<String> args = getParameters().getRaw();
        if (args.isEmpty() || args.get(0).isBlank()) {
            vm.openDemo();
        } else {
            vm.inspect(args.get(0));
        }
    }

    @Override
    public void stop() {
        worker.shutdownNow();
    }
}
