package dev.preflight.gui.common;

import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** The app's dialogs: a short error with details behind the expander, and "write this diff to that card?". */
public final class Dialogs {
    private Dialogs() {
    }

    /** A short message; {@code details} (may be null) sit behind "Show details". Does not block. */
    public static Alert error(Window owner, String id, String header, String message, String details) {
        Alert a = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
        a.initOwner(owner);
        a.setTitle("Preflight");
        a.setHeaderText(header);
        a.getDialogPane().setId(id);
        if (details != null && !details.isBlank()) {
            TextArea area = new TextArea(details);
            area.setEditable(false);
            area.setWrapText(true);
            a.getDialogPane().setExpandableContent(area);
        }
        a.show();
        return a;
    }

    /** Asks before a write, showing exactly what changes; true when the user chose to write. */
    public static boolean confirmDiff(Window owner, String id, String header, String diff) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, null, ButtonType.CANCEL, ButtonType.OK);
        a.initOwner(owner);
        a.setTitle("Preflight");
        a.setHeaderText(header);
        TextArea text = new TextArea(diff.isBlank() ? "(no change)" : diff);
        text.setEditable(false);
        text.getStyleClass().add("code-area");
        text.setPrefRowCount(Math.min(18, Math.max(4, diff.split("\n").length + 1)));
        Label legend = new Label("Lines starting with - are removed, + are added. A backup is kept;"
                + " 'preflight undo' restores it.");
        legend.setWrapText(true);
        a.getDialogPane().setContent(new VBox(8, legend, text));
        a.getDialogPane().setId(id);
        ((Button) a.getDialogPane().lookupButton(ButtonType.OK)).setText("Write to card");
        return a.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    /** Asks before an action that loses something; true when the user chose {@code okText}. */
    public static boolean confirm(Window owner, String id, String header, String message, String okText) {
        Alert a = new Alert(Alert.AlertType.WARNING, message, ButtonType.CANCEL, ButtonType.OK);
        a.initOwner(owner);
        a.setTitle("Preflight");
        a.setHeaderText(header);
        a.getDialogPane().setId(id);
        ((Button) a.getDialogPane().lookupButton(ButtonType.OK)).setText(okText);
        ((Button) a.getDialogPane().lookupButton(ButtonType.OK)).setDefaultButton(false);
        ((Button) a.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        return a.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    /** What to tell a user whose file could not be written, and what to do about it. */
    public static String notWritten(Object file, Exception e) {
        return file + " could not be written (" + e.getMessage() + "). Choose another folder, or check that this"
                + " one is writable and the disk is not full.";
    }
}
