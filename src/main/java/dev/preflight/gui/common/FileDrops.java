package dev.preflight.gui.common;

import java.io.File;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.input.TransferMode;

/** A file or folder dropped anywhere on a window's content opens there. */
public final class FileDrops {
    private FileDrops() {
    }

    /** Hands the first file dropped on {@code target} to {@code open}, after the drop has finished. */
    public static void open(Node target, Consumer<File> open) {
        target.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        target.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty();
            if (ok) { // later: opening may ask a question (unsaved edits), which must not hold the drop up
                File dropped = e.getDragboard().getFiles().get(0);
                Platform.runLater(() -> open.accept(dropped));
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }
}
