package dev.preflight.gui.common;

import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * What the config.json and config.txt editors add to {@link CardFileView}: unsaved changes (dirty) and an
 * undo history, both forgotten on every reload.
 *
 * @param <S> what a read returns (the document or snapshot)
 * @param <H> what the undo history keeps
 */
public abstract class CardFileEditor<S, H> extends CardFileView<S> {
    protected final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper();
    protected final EditHistory<H> history = new EditHistory<>();

    protected CardFileEditor(Executor worker, Executor ui, String file) {
        super(worker, ui, file);
    }

    @Override
    protected void reset(boolean readOk) {
        history.clear();
        if (!readOk) {
            dirty.set(false);
        }
    }

    /** Undoes the last edit that is not saved yet. */
    public abstract void undo();

    /** Redoes the last undone edit. */
    public abstract void redo();

    /** Whether there are changes not written to the card. */
    public final boolean dirty() {
        return dirty.get();
    }

    public final ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    public final ReadOnlyBooleanProperty canUndoProperty() {
        return history.canUndoProperty();
    }

    public final ReadOnlyBooleanProperty canRedoProperty() {
        return history.canRedoProperty();
    }
}
