package dev.preflight.gui.common;

import javafx.scene.control.Label;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.VBox;

/**
 * An editor's status line (what was saved and its notes, or why a write was refused) on its own row under
 * the toolbar, as wide as the view and wrapped. Inside the toolbar, a long line (a card's full path, a
 * note about repaired FAT copies) was moved into the toolbar's overflow menu and not shown at all.
 */
public final class StatusLine {
    private StatusLine() {
    }

    /** {@code bar} with {@code status} under it; the row takes no room while the status is empty. */
    public static VBox under(ToolBar bar, Label status) {
        status.getStyleClass().add("status-line");
        status.setWrapText(true);
        status.setMaxWidth(Double.MAX_VALUE);
        status.managedProperty().bind(status.textProperty().isNotEmpty());
        status.visibleProperty().bind(status.managedProperty());
        return new VBox(bar, status);
    }
}
