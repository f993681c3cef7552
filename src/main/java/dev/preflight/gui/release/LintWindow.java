package dev.preflight.gui.release;

import dev.preflight.gui.common.Jobs;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCombination;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import java.io.File;
import javafx.beans.binding.Bindings;

/**
 * File > Lint project…: asks for a project folder, then shows the lint window (one per app, made on first
 * use) and lints there. The lint runs on its own worker thread, so a long inspection never holds it up,
 * and is listed in the main window's jobs while it runs.
 */
public final class LintWindow {
    private final Stage owner;
    private final Jobs jobs;
    private final Consumer<Path> opener;
    private Stage stage;
    private ExecutorService worker;

    /** @param opener opens a file with the desktop's own application */
    public LintWindow(Stage owner, Jobs jobs, Consumer<Path> opener) {
        this.owner = owner;
        this.jobs = jobs;
        this.opener = opener;
    }

    /** The File menu's "Lint project…" (Ctrl+Shift+L). */
    public MenuItem menuItem() {
        MenuItem item = new MenuItem("Lint project…");
        item.setId("menuLint");
        item.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+L"));
        item.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Lint a balena project folder");
            File f = dc.showDialog(stage != null && stage.isShowing() ? stage : owner);
            if (f != null) {
                lint(f.toPath());
            }
        });
        return item;
    }

    /** Shows the lint window (brought to the front) and lints {@code path} in it. */
    public void lint(Path path) {
        if (stage == null) {
            worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "preflight-lint");
                t.setDaemon(true);
                return t;
            });
            LintViewModel vm = new LintViewModel(worker, Platform::runLater);
            vm.reportJobsTo(jobs);
            stage = new Stage();
            Scene scene = new Scene(new LintView(vm, opener), 1180, 720);
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
            scene.getRoot().getStyleClass().addAll(owner.getScene().getRoot().getStyleClass());
            stage.setScene(scene);
            stage.getIcons().addAll(owner.getIcons());
            stage.titleProperty().bind(Bindings.createStringBinding(
                    () -> LintView.title(vm.lintedProperty().get()), vm.lintedProperty()));
            stage.setUserData(vm);
        }
        ((LintViewModel) stage.getUserData()).lint(path);
        stage.show();
        stage.toFront();
    }

    /** Stops the lint worker (the app is closing). */
    public void stop() {
        if (worker != null) {
            worker.shutdownNow();
        }
    }
}
