package dev.preflight.gui.configtxt;

import dev.preflight.core.configtxt.ConfigTxtFixes;
import dev.preflight.core.edit.ConfigTxtService;
import dev.preflight.core.edit.Editing;
import dev.preflight.core.edit.LineDiff;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.Severity;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.gui.common.CardFileEditor;
import dev.preflight.gui.common.CardIo;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The config.txt editor: the file as text, per-line diagnostics from the same checker as the CLI
 * (against this card's boot files and device type), safe quick fixes, undo/redo, and saving through
 * {@link ConfigTxtService#replace} which refuses a change that adds an error. The text is kept in
 * ISO-8859-1, as the firmware reads bytes, so every byte survives a round trip.
 */
public final class ConfigTxtEditorViewModel extends CardFileEditor<ConfigTxtService.Snapshot, String> {
    private final ConfigTxtService service;
    private ConfigTxtService.Snapshot snapshot;
    private List<Finding> before = List.of();
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private final ReadOnlyIntegerWrapper selectedLine = new ReadOnlyIntegerWrapper();
    private final ObservableList<Finding> diagnostics = FXCollections.observableArrayList();

    public ConfigTxtEditorViewModel(Executor worker, Executor ui, Editing editing) {
        super(worker, ui, "config.txt");
        this.service = new ConfigTxtService(editing);
    }

    @Override
    protected ConfigTxtService.Snapshot read(String path) {
        return service.snapshot(path, new CancellationToken());
    }

    @Override
    protected void show(ConfigTxtService.Snapshot s) {
        snapshot = s;
        before = ConfigTxtService.check(s.content(), s);
        text.set(decode(s.content()));
        refresh();
    }

    @Override
    protected void clear() {
        snapshot = null;
        text.set("");
        diagnostics.clear();
    }

    @Override
    protected String where(ConfigTxtService.Snapshot s) {
        return s.where();
    }

    private static String decode(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] encode(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The text was edited (typed or pasted); characters outside Latin-1 are refused, as the firmware reads bytes. */
    public void edit(String newText) {
        if (snapshot == null || newText.equals(text.get())) {
            return;
        }
        if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(newText)) {
            error.set("config.txt can only hold plain (Latin-1) characters; the firmware reads bytes.");
            return;
        }
        error.set(null);
        edited();
        history.changed(text.get());
        text.set(newText);
        refresh();
    }

    /** Applies the quick fix for {@code f}; returns false when it has none. */
    public boolean quickFix(Finding f) {
        ConfigTxtFixes.Fix fix = ConfigTxtFixes.fixFor(f);
        if (fix == null || snapshot == null) {
            return false;
        }
        edit(decode(ConfigTxtFixes.apply(encode(text.get()), fix)));
        if (fix.line() > 0) {
            selectedLine.set(fix.line());
        }
        return true;
    }

    /** Applies every safe quick fix at once. */
    public void fixAll() {
        if (snapshot != null) {
            edit(decode(ConfigTxtFixes.applyAll(encode(text.get()), diagnostics)));
        }
    }

    public static String fixTitle(Finding f) {
        ConfigTxtFixes.Fix fix = ConfigTxtFixes.fixFor(f);
        return fix == null ? null : fix.title();
    }

    private void refresh() {
        List<Finding> f = ConfigTxtService.check(encode(text.get()), snapshot);
        diagnostics.setAll(f.stream().filter(x -> x.severity() != Severity.INFO)
                .sorted(Comparator.comparingInt(ConfigTxtFixes::lineOf)).toList());
        dirty.set(!text.get().equals(decode(snapshot.content())));
    }

    /** Errors the edit would add; saving is refused while there are any (existing errors do not block). */
    public List<Finding> newErrors() {
        return ConfigTxtService.newErrors(before, diagnostics);
    }

    /** Throws away unsaved changes (can be undone). */
    public void revert() {
        if (snapshot != null && dirty.get()) {
            history.changed(text.get());
            text.set(decode(snapshot.content()));
            refresh();
        }
    }

    @Override
    public void undo() {
        restore(history.undo(text.get()));
    }

    @Override
    public void redo() {
        restore(history.redo(text.get()));
    }

    private void restore(String state) {
        if (state != null) {
            text.set(state);
            refresh();
        }
    }

    /** Asks the view to select line {@code n} (1-based). */
    /** Selects line {@code n} in the view; when the file is still being read, once it is loaded. */
    public void selectLine(int n) {
        whenLoaded(() -> {
            selectedLine.set(0);
            selectedLine.set(n);
        });
    }

    public String diff() {
        return snapshot == null ? "" : LineDiff.lines(decode(snapshot.content()), text.get());
    }

    public String where() {
        return snapshot == null ? path() : snapshot.where();
    }

    public void save(Runnable done) {
        if (snapshot == null) {
            return;
        }
        byte[] bytes = encode(text.get());
        byte[] opened = snapshot.content().clone();
        write(where(), target -> {
            ConfigTxtService.EditResult r = service.replaceOpened(target, null, opened, bytes,
                    "config.txt: edited in the desktop app", new CancellationToken());
            return new CardIo.Written("Saved config.txt on " + r.where() + ".", r.notes());
        }, done);
    }

    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty selectedLineProperty() {
        return selectedLine.getReadOnlyProperty();
    }

    public ObservableList<Finding> diagnostics() {
        return diagnostics;
    }
}
