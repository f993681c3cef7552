package dev.preflight.gui.common;

import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * What every desktop view of files on a card shares (the config.json and config.txt editors, the network
 * connections): reading in the background, loaded/busy/status/error state, and writing through the core
 * services with a note that outlives the reload and a hook that re-inspects the card.
 *
 * @param <S> what a read returns (the document, snapshot or listing)
 */
public abstract class CardFileView<S> {
    protected final Executor worker;
    protected final Executor ui;
    protected final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("No card open.");
    protected final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();
    protected final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper();
    protected final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private boolean changedOnCard;
    private final String file;
    private final AfterLoad afterLoad = new AfterLoad();
    private Runnable onSaved = () -> { };
    private String path;
    private String savedNote;

    protected CardFileView(Executor worker, Executor ui, String file) {
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

    /** The status line after a read (the last save's note wins until the next edit). */
    protected String loadedStatus(S read) {
        return file + " of " + where(read);
    }

    /** What the subclass resets on every load (FX thread); {@code readOk} says whether the read succeeded. */
    protected void reset(boolean readOk) {
    }

    /** Reads the file of {@code path} in the background. */
    public final void load(String path) {
        if (!path.equals(this.path)) {
            savedNote = null;
        }
        this.path = path;
        status.set("Reading " + file + "…");
        CardIo.read(worker, ui, afterLoad, file, () -> read(path), s -> {
            changedOnCard = false;
            reset(true);
            show(s);
            loaded.set(true);
            error.set(null);
            status.set(savedNote != null ? savedNote : loadedStatus(s)); // kept until the next edit
        }, message -> {
            reset(false);
            clear();
            loaded.set(false);
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
        busy.set(true);
        status.set("Writing " + file + " to " + where + "…");
        CardIo.write(worker, ui, target, () -> write.to(target), message -> {
            busy.set(false);
            error.set(null);
            savedNote = message;
            load(target);
            done.run();
            onSaved.run();
        }, message -> {
            busy.set(false);
            error.set(message);
            status.set("Not saved.");
        }, () -> changedOnCard = true);
    }

    /**
     * Whether the last save was refused because the file on the card is no longer the version this editor
     * opened: the next inspection of the card loads the card's version, even over unsaved changes (the
     * refusal said so), as keeping them could only be refused again. False again once a read succeeds.
     */
    public final boolean changedOnCard() {
        return changedOnCard;
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

    /** Whether a write is running. */
    public final ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
