package dev.preflight.gui.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.configjson.ConfigForm;
import dev.preflight.core.configjson.ConfigJsonDocument;
import dev.preflight.core.configjson.ConfigJsonValidator;
import dev.preflight.core.edit.ConfigService;
import dev.preflight.core.edit.Editing;
import dev.preflight.core.edit.LineDiff;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.Severity;
import dev.preflight.core.secret.JsonMasking;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.gui.common.CardFileEditor;
import dev.preflight.gui.common.CardIo;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * The config.json editor. One working document is the truth; the form fields and the raw JSON
 * are two views of it and either can change it. Every change is validated with the CLI's checks,
 * can be undone, and is saved only through {@link ConfigService} (validated, backed up, written
 * with the write protocol, read back). Secrets stay masked in the raw view unless revealed, and a
 * masked value typed back keeps the card's real secret.
 */
public final class ConfigEditorViewModel extends CardFileEditor<ConfigJsonDocument, byte[]> {
    /** Form keys in display order: config.json key -> label. */
    /** The form's text fields (config.json key to label), as {@link ConfigForm} defines them. */
    public static final Map<String, String> TEXT_FIELDS = ConfigForm.TEXT_FIELDS;

    private final ConfigService service;
    private ConfigJsonDocument original;
    private ConfigJsonDocument working;
    private boolean syncing;

    private final Map<String, StringProperty> text = new LinkedHashMap<>();
    public final StringProperty hostname;
    public final StringProperty country;
    public final StringProperty ntpServers;
    public final StringProperty dnsServers;
    public final BooleanProperty persistentLogging = new SimpleBooleanProperty();
    public final BooleanProperty developmentMode = new SimpleBooleanProperty();
    public final BooleanProperty revealSecrets = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper raw = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper rawError = new ReadOnlyStringWrapper();
    private final ObservableList<Finding> diagnostics = FXCollections.observableArrayList();
    private final ObservableMap<String, String> fieldErrors = FXCollections.observableHashMap();

    public ConfigEditorViewModel(Executor worker, Executor ui, Editing editing) {
        super(worker, ui, "config.json");
        this.service = new ConfigService(editing);
        for (String key : TEXT_FIELDS.keySet()) {
            StringProperty p = new SimpleStringProperty("");
            p.addListener((o, a, b) -> formChanged());
            text.put(key, p);
        }
        hostname = text.get("hostname");
        country = text.get("country");
        ntpServers = text.get("ntpServers");
        dnsServers = text.get("dnsServers");
        persistentLogging.addListener(o -> formChanged());
        developmentMode.addListener(o -> formChanged());
        revealSecrets.addListener(o -> showRaw());
    }

    /** The form property for a config.json key of {@link #TEXT_FIELDS}. */
    public StringProperty field(String key) {
        return text.get(key);
    }

    @Override
    protected ConfigJsonDocument read(String path) {
        return service.read(path, new CancellationToken());
    }

    @Override
    protected void show(ConfigJsonDocument doc) {
        original = doc;
        working = ConfigForm.copy(doc);
        sync(true);
    }

    @Override
    protected void clear() {
        original = null;
        working = null;
        raw.set("");
        diagnostics.clear();
        fieldErrors.clear();
    }

    @Override
    protected String where(ConfigJsonDocument doc) {
        return path();
    }

    /** A form field changed: apply the whole form to a copy of the working document. */
    private void formChanged() {
        if (syncing || working == null) {
            return;
        }
        Map<String, String> values = new LinkedHashMap<>();
        text.forEach((key, p) -> values.put(key, p.get()));
        Map<String, Boolean> flags = new LinkedHashMap<>();
        flags.put("persistentLogging", persistentLogging.get());
        flags.put("developmentMode", developmentMode.get());
        commit(ConfigForm.apply(working, values, flags), true);
    }

    /**
     * The raw JSON was edited. Valid JSON becomes the working document (secrets shown masked keep
     * their real values); a syntax error is reported with its line and leaves the document as it was.
     */
    public void applyRaw(String json) {
        if (working == null || syncing) {
            return;
        }
        ConfigForm.Raw r = ConfigForm.fromRaw(json, working);
        rawError.set(r.error());
        if (r.document() != null) {
            raw.set(json); // the raw view keeps the user's own layout; an undo replaces it
            commit(r.document(), false);
        }
    }

    private void commit(ConfigJsonDocument d, boolean showRaw) {
        if (Arrays.equals(d.render(), working.render())) {
            if (showRaw) {
                sync(true);
            }
            return;
        }
        history.changed(working.render());
        working = d;
        edited();
        sync(showRaw);
    }

    /** Brings the form, the raw view and the diagnostics in line with the working document. */
    private void sync(boolean showRaw) {
        syncing = true;
        try {
            for (Map.Entry<String, StringProperty> e : text.entrySet()) {
                e.getValue().set(ConfigForm.text(working.get(e.getKey())));
            }
            persistentLogging.set(ConfigForm.flag(working.get("persistentLogging")));
            developmentMode.set(ConfigForm.flag(working.get("developmentMode")));
            if (showRaw) {
                rawError.set(null);
                showRaw();
            }
        } finally {
            syncing = false;
        }
        validate();
        dirty.set(!Arrays.equals(working.render(), original.render()));
    }

    private void showRaw() {
        if (working != null) {
            boolean was = syncing;
            syncing = true;
            raw.set(ConfigJsonDocument.pretty(revealSecrets.get() ? working.root() : JsonMasking.masked(working.root())));
            syncing = was;
        }
    }

    private void validate() {
        List<Finding> f = new ConfigJsonValidator().validate(working.root(), new ConfigJsonValidator.Context(
                "config.json", null));
        diagnostics.setAll(f.stream().filter(x -> x.severity() != Severity.INFO).toList());
        fieldErrors.clear();
        for (Finding x : diagnostics) {
            String key = x.locus() == null ? null : x.locus().topLevelKey();
            if (key != null && TEXT_FIELDS.containsKey(key)) {
                fieldErrors.putIfAbsent(key, x.message());
            }
        }
    }

    @Override
    public void undo() {
        byte[] s = working == null ? null : history.undo(working.render());
        restore(s);
    }

    @Override
    public void redo() {
        byte[] s = working == null ? null : history.redo(working.render());
        restore(s);
    }

    private void restore(byte[] state) {
        if (state != null) {
            try {
                working = ConfigJsonDocument.parse(state);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            sync(true);
        }
    }

    /** Throws away unsaved changes. */
    public void revert() {
        if (original != null) {
            history.changed(working.render());
            working = ConfigForm.copy(original);
            sync(true);
        }
    }

    public boolean valid() {
        return working != null && rawError.get() == null
                && diagnostics.stream().noneMatch(f -> f.severity() == Severity.ERROR);
    }

    /** What saving would change, secrets masked: "- old" / "+ new" lines. */
    public String diff() {
        if (working == null) {
            return "";
        }
        return LineDiff.lines(ConfigJsonDocument.pretty(JsonMasking.masked(original.root())),
                ConfigJsonDocument.pretty(JsonMasking.masked(working.root())));
    }

    /** Writes the working config.json with the write protocol, then reloads it; {@code done} runs on the UI thread. */
    public void save(Runnable done) {
        if (!valid()) {
            error.set("config.json is not valid; nothing was written.");
            return;
        }
        byte[] bytes = working.render();
        List<String> changes = ConfigForm.changedKeys(original.root(), working.root()).stream()
                .map(k -> "config.json: " + k + " changed in the desktop app").toList();
        JsonNode opened = original.root().deepCopy();
        write(path(), target -> {
            ConfigService.EditResult r = service.replaceOpened(target, null, opened, bytes, changes.isEmpty()
                    ? List.of("config.json: edited in the desktop app") : changes, new CancellationToken());
            return new CardIo.Written("Saved config.json on " + r.where() + ".", r.notes());
        }, done);
    }

    public ReadOnlyStringProperty rawProperty() {
        return raw.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty rawErrorProperty() {
        return rawError.getReadOnlyProperty();
    }

    public ObservableList<Finding> diagnostics() {
        return diagnostics;
    }

    /** config.json key -> the first problem with it, for the form's per-field messages. */
    public ObservableMap<String, String> fieldErrors() {
        return fieldErrors;
    }
}
