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
        if (undo.isEmpty()) {
            return null;
        }
        redo.push(current);
        T t = undo.pop();
        update();
        return t;
    }

    public T redo(T current) {
        if (redo.isEmpty()) {
            return null;
        }
        undo.push(current);
        T t = redo.pop();
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
