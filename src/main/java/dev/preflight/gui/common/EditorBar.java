package dev.preflight.gui.common;

import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;

/**
 * The controls every file editor's toolbar starts with: Save to card…, Undo, Redo, and the status line
 * (the error if there is one, else "Unsaved changes — " and the status). Ids are {@code prefix} + Save,
 * Undo, Redo, Status.
 */
public record EditorBar(Button save, Button undo, Button redo, Label status) {
    public static EditorBar of(String prefix, CardFileEditor<?, ?> vm, Runnable saveToCard) {
        Button save = new Button("Save to card…");
        save.setId(prefix + "Save");
        save.setTooltip(new Tooltip("Shows what will change and asks before writing (Ctrl+S)"));
        save.setOnAction(e -> saveToCard.run());
        Button undo = new Button("Undo");
        undo.setId(prefix + "Undo");
        undo.disableProperty().bind(vm.canUndoProperty().not());
        undo.setOnAction(e -> vm.undo());
        Button redo = new Button("Redo");
        redo.setId(prefix + "Redo");
        redo.disableProperty().bind(vm.canRedoProperty().not());
        redo.setOnAction(e -> vm.redo());
        Label status = new Label();
        status.setId(prefix + "Status");
        status.setWrapText(true);
        status.textProperty().bind(Bindings.createStringBinding(() -> vm.errorProperty().get() != null
                ? vm.errorProperty().get() : (vm.dirty() ? "Unsaved changes — " : "") + vm.statusProperty().get(),
                vm.errorProperty(), vm.statusProperty(), vm.dirtyProperty()));
        return new EditorBar(save, undo, redo, status);
    }
}
