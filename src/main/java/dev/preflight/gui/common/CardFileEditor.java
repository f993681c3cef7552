package dev.preflight.gui.common;

import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * What the config.json and config.txt editors share: reading the file from a card in the background,
 * loaded/dirty/status/error state, undo history, and saving with a note that outlives the reload.
 *
 * @param <S> what a read returns (the document or snapshot)
 * @param <H> what the undo history keeps
 */
public abstract class CardFileEditor<S, H> {
    protected final Executor worker;
    protected final Executor ui;
    protected final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("No card open.");
    protected final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();
    protected final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper();
    protected final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper();
    protected final EditHistory<H> history = new EditHistory<>();
    private final String file;
    private final AfterLoad afterLoad = new AfterLoad();
    private Runnable onSaved = () -> { };
    private String path;
    private String savedNote;

    protected CardFileEditor(Executor worker, Executor ui, String file) {
        this.worker = worker;
        this.ui = ui;
        this.file = file;
    }

    /** Reads the file on the worker (throws PreflightException with a clear message). */
    protected abstract S read(String path);

    /** Shows what was read (FX thread). */
    protected abstract void show(S read);

    /** Forgets the document after a failed read (FX thread). */
    protected abstract void clear();

    /** Where the file is, for the status line ("partition 1 (resin-boot) of card.img"). */
    protected abstract String where(S read);

    /** Undoes the last edit that is not saved yet. */
    public abstract void undo();

    /** Redoes the last undone edit. */
    public abstract void redo();

    /** Reads the file of {@code path} in the background. */
    public final void load(String path) {
        if (!path.equals(this.path)) {
            savedNote = null;
        }
        this.path = path;
        status.set("Reading " + file + "…");
        CardIo.read(worker, ui, afterLoad, file, () -> read(path), s -> {
            history.clear();
            show(s);
            loaded.set(true);
            error.set(null);
            status.set(savedNote != null ? savedNote : file + " of " + where(s)); // kept until the next edit
        }, message -> {
            history.clear();
            clear();
            loaded.set(false);
            dirty.set(false);
            status.set(message);
        });
    }

    /** A write of the file to {@code target} (on the worker). */
    protected interface Write {
        CardIo.Written to(String target);
    }

    /** Writes on the worker, records it in the provisioning log, then reads the card again. */
    protected final void write(String where, Write write, Runnable done) {
        String target = path;
        status.set("Writing " + file + " to " + where + "…");
        CardIo.write(worker, ui, target, () -> write.to(target), message -> {
            error.set(null);
            savedNote = message;
            load(target);
            done.run();
            onSaved.run();
        }, message -> {
            error.set(message);
            status.set("Not saved.");
        });
    }

    /** An edit was made: the last save's note gives way to the edit's state. */
    protected final void edited() {
        savedNote = null;
    }

    /** Runs {@code r} once the file is loaded: now, or when the load in progress ends. */
    public final void whenLoaded(Runnable r) {
        afterLoad.run(loaded.get(), r);
    }

    /** The card or image the editor reads and writes. */
    public final String path() {
        return path;
    }

    /** Runs on the UI thread after every successful save (the window re-inspects the card). */
    public final void setOnSaved(Runnable r) {
        onSaved = r;
    }

    public final ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public final ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public final ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

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
