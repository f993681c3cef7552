package dev.preflight.gui.common;

import java.util.ArrayDeque;
import java.util.Deque;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * Undo/redo of an editor's unsaved states. States are whole documents (config files are a few KB),
 * so an undo can never leave a half-applied change behind. Bounded to the last 200 states.
 */
public final class EditHistory<T> {
    private static final int LIMIT = 200;
    private final Deque<T> undo = new ArrayDeque<>();
    private final Deque<T> redo = new ArrayDeque<>();
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper();

    /** Records {@code previous} as the state before a new change; clears redo. */
    public void changed(T previous) {
        undo.push(previous);
        if (undo.size() > LIMIT) {
            undo.removeLast();
        }
        redo.clear();
        update();
    }

    /** The state to go back to, given the current one; null when there is none. */
    public T undo(T current) {
        return move(undo, redo, current);
    }

    public T redo(T current) {
        return move(redo, undo, current);
    }

    /** Takes the last state of {@code from}, leaving {@code current} on {@code to}; null when from is empty. */
    private T move(Deque<T> from, Deque<T> to, T current) {
        if (from.isEmpty()) {
            return null;
        }
        to.push(current);
        T t = from.pop();
        update();
        return t;
    }

    public void clear() {
        undo.clear();
        redo.clear();
        update();
    }

    private void update() {
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }
}
