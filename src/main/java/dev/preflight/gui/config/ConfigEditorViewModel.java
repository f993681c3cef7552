package dev.preflight.gui.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.preflight.core.configjson.ConfigJsonDocument;
import dev.preflight.core.configjson.ConfigJsonValidator;
import dev.preflight.core.configjson.ConfigService;
import dev.preflight.core.configjson.Secrets;
import dev.preflight.core.edit.BackupStore;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.report.Severity;
import dev.preflight.core.task.CancellationToken;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The config.json form: the common keys as properties, live validation with the same checks as the
 * CLI, and saving through {@link ConfigService} (validated, backed up, written with the write protocol,
 * read back). Secrets are only shown when revealed.
 */
public final class ConfigEditorViewModel {
    private final Executor worker;
    private final Executor ui;
    private final ConfigService service;
    private String path;
    private ConfigJsonDocument original;

    public final StringProperty hostname = new SimpleStringProperty("");
    public final StringProperty country = new SimpleStringProperty("");
    public final StringProperty ntpServers = new SimpleStringProperty("");
    public final StringProperty dnsServers = new SimpleStringProperty("");
    public final BooleanProperty persistentLogging = new SimpleBooleanProperty();
    public final BooleanProperty developmentMode = new SimpleBooleanProperty();
    public final BooleanProperty revealSecrets = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper raw = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("No card open.");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();
    private final ObservableList<Finding> diagnostics = FXCollections.observableArrayList();

    public ConfigEditorViewModel(Executor worker, Executor ui, BackupStore backups) {
        this.worker = worker;
        this.ui = ui;
        this.service = new ConfigService(backups);
        for (javafx.beans.Observable o : new javafx.beans.Observable[] {hostname, country, ntpServers, dnsServers,
                persistentLogging, developmentMode, revealSecrets}) {
            o.addListener(x -> refresh());
        }
    }

    /** Loads config.json of {@code path} in the background. */
    public void load(String path) {
        this.path = path;
        status.set("Reading config.json…");
        worker.execute(() -> {
            try {
                ConfigJsonDocument doc = service.read(path, new CancellationToken());
                ui.execute(() -> loaded(doc));
            } catch (PreflightException e) {
                ui.execute(() -> {
                    original = null;
                    status.set(e.getMessage());
                    raw.set("");
                    diagnostics.clear();
                });
            }
        });
    }

    private void loaded(ConfigJsonDocument doc) {
        original = doc;
        hostname.set(text(doc.get("hostname")));
        country.set(text(doc.get("country")));
        ntpServers.set(text(doc.get("ntpServers")));
        dnsServers.set(text(doc.get("dnsServers")));
        persistentLogging.set(bool(doc.get("persistentLogging")));
        developmentMode.set(bool(doc.get("developmentMode")));
        status.set("config.json of " + path);
        refresh();
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "" : n.asText();
    }

    private static boolean bool(JsonNode n) {
        return n != null && (n.asBoolean() || "true".equalsIgnoreCase(n.asText()));
    }

    /** The document the form describes: the original with the form's keys applied. */
    ConfigJsonDocument edited() {
        if (original == null) {
            return null;
        }
        try {
            ConfigJsonDocument d = ConfigJsonDocument.parse(original.render());
            putText(d, "hostname", hostname.get());
            putText(d, "country", country.get());
            putText(d, "ntpServers", ntpServers.get());
            putText(d, "dnsServers", dnsServers.get());
            putBool(d, "persistentLogging", persistentLogging.get());
            putBool(d, "developmentMode", developmentMode.get());
            return d;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void putText(ConfigJsonDocument d, String key, String value) {
        String was = text(original.get(key));
        if (value == null || value.isEmpty()) {
            if (original.get(key) != null && !was.isEmpty()) {
                d.unset(key);
            }
        } else if (!value.equals(was)) {
            d.set(key, TextNode.valueOf(value));
        }
    }

    private void putBool(ConfigJsonDocument d, String key, boolean value) {
        if (value != bool(original.get(key)) || (original.get(key) != null && !original.get(key).isBoolean())) {
            d.set(key, BooleanNode.valueOf(value));
        }
    }

    private void refresh() {
        ConfigJsonDocument d = edited();
        if (d == null) {
            return;
        }
        raw.set(ConfigJsonDocument.pretty(revealSecrets.get() ? d.root() : Secrets.masked(d.root())));
        List<Finding> f = new ConfigJsonValidator().validate(d.root(), new ConfigJsonValidator.Context("config.json",
                null));
        diagnostics.setAll(f.stream().filter(x -> x.severity() != Severity.INFO).toList());
    }

    public boolean dirty() {
        ConfigJsonDocument d = edited();
        return d != null && !java.util.Arrays.equals(d.render(), original.render());
    }

    public boolean valid() {
        return diagnostics.stream().noneMatch(f -> f.severity() == Severity.ERROR);
    }

    /** What saving would change, secrets masked: "- old" / "+ new" lines. */
    public String diff() {
        ConfigJsonDocument d = edited();
        if (d == null) {
            return "";
        }
        return dev.preflight.core.edit.LineDiff.lines(ConfigJsonDocument.pretty(Secrets.masked(original.root())),
                ConfigJsonDocument.pretty(Secrets.masked(d.root())));
    }

    public String path() {
        return path;
    }

    /** Writes the edited config.json with the write protocol, then reloads it; {@code done} runs on the UI thread. */
    public void save(Runnable done) {
        ConfigJsonDocument d = edited();
        if (d == null || !valid()) {
            error.set("config.json is not valid; nothing was written.");
            return;
        }
        byte[] bytes = d.render();
        status.set("Writing config.json to " + path + "…");
        worker.execute(() -> {
            try {
                ConfigService.EditResult r = service.inject(path, null, bytes, new CancellationToken());
                ui.execute(() -> {
                    status.set("Saved config.json on " + r.where() + ".");
                    error.set(null);
                    load(path);
                    done.run();
                });
            } catch (PreflightException e) {
                ui.execute(() -> {
                    error.set(e.getMessage() + (e.hint() == null ? "" : "\n" + e.hint()));
                    status.set("Not saved.");
                });
            }
        });
    }

    public ReadOnlyStringProperty rawProperty() {
        return raw.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ObservableList<Finding> diagnostics() {
        return diagnostics;
    }
}
