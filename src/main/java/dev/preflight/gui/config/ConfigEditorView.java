package dev.preflight.gui.config;

import dev.preflight.core.report.Finding;
import dev.preflight.gui.common.Dialogs;
import dev.preflight.gui.common.EditorBar;
import dev.preflight.gui.common.Sections;
import dev.preflight.gui.common.StatusLine;
import dev.preflight.gui.common.Tables;
import dev.preflight.gui.common.TypedText;
import dev.preflight.gui.common.Validation;
import impl.org.controlsfx.skin.DecorationPane;
import java.util.HashMap;
import java.util.Map;
import javafx.collections.MapChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.ValidationSupport;

/**
 * The config.json editor: a form for the common keys with per-field messages, the raw JSON
 * (editable, live schema diagnostics, secrets masked unless revealed), undo/redo, and saving
 * after a confirmation that shows the diff and names the card.
 */
public final class ConfigEditorView extends BorderPane {
    private final ConfigEditorViewModel vm;
    private final Map<String, TextField> fields = new HashMap<>();
    private final TextArea raw = new TextArea();
    private TypedText typedRaw;
    private final ValidationSupport validation = Validation.support();

    public ConfigEditorView(ConfigEditorViewModel vm) {
        this.vm = vm;
        setTop(toolbar());
        GridPane form = form();
        // the decorations' own pane, around the form only: without it ControlsFX would wrap the window's
        // root, and the theme's style class on that root would no longer be on the root
        DecorationPane decorated = new DecorationPane();
        decorated.setRoot(form);
        ScrollPane formScroll = new ScrollPane(decorated);
        formScroll.setFitToWidth(true);
        SplitPane split = new SplitPane(formScroll, rawPane());
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.48);
        setCenter(split);
        setBottom(diagnosticsPane());
        disableProperty().bind(vm.loadedProperty().not());
    }

    private VBox toolbar() {
        EditorBar bar = EditorBar.of("cfg", vm, this::saveToCard);
        bar.save().setDefaultButton(true); // Enter in a form field saves (after the diff)
        Button revert = new Button("Revert");
        revert.setId("cfgRevert");
        revert.setTooltip(new Tooltip("Throw away the unsaved changes (can be undone)"));
        revert.disableProperty().bind(vm.dirtyProperty().not());
        revert.setOnAction(e -> vm.revert());
        CheckBox reveal = new CheckBox("Reveal secrets");
        reveal.setId("cfgReveal");
        reveal.setTooltip(new Tooltip("Show apiKey and deviceApiKey in the JSON below (never in logs or exports)"));
        reveal.selectedProperty().bindBidirectional(vm.revealSecrets);
        return StatusLine.under(new ToolBar(bar.save(), new Separator(), bar.undo(), bar.redo(), revert,
                new Separator(), reveal), bar.status());
    }

    private GridPane form() {
        GridPane form = new GridPane();
        form.getStyleClass().add("body");
        form.setHgap(12);
        form.setVgap(2);
        int row = 0;
        for (Map.Entry<String, String> e : ConfigEditorViewModel.TEXT_FIELDS.entrySet()) {
            row = field(form, row, e.getValue(), e.getKey());
        }
        CheckBox logging = new CheckBox("Persistent logging (writes the journal to the card)");
        logging.setId("cfgPersistentLogging");
        logging.selectedProperty().bindBidirectional(vm.persistentLogging);
        CheckBox dev = new CheckBox("Development mode (open SSH, engine socket, console)");
        dev.setId("cfgDevelopmentMode");
        dev.selectedProperty().bindBidirectional(vm.developmentMode);
        form.add(logging, 1, row++);
        form.add(dev, 1, row);
        // decorations from the view-model's rules: a field shows the icon and the red border exactly when the
        // view-model has a message for it (from the form or from the raw JSON), also for values read from the card
        fields.forEach((key, t) -> Validation.register(validation, t, () -> vm.fieldErrors().get(key)));
        validation.initInitialDecoration();
        vm.fieldErrors().addListener((MapChangeListener<String, String>) c -> {
            markFields();
            TextField t = fields.get(c.getKey());
            if (t != null) {
                validation.revalidate(t);
            }
        });
        return form;
    }

    private int field(GridPane g, int row, String label, String key) {
        Label l = new Label(label);
        l.setMinWidth(Region.USE_PREF_SIZE);
        TextField t = new TextField();
        t.setId("cfg" + Character.toUpperCase(key.charAt(0)) + key.substring(1));
        t.setPrefColumnCount(30);
        t.setAccessibleText(label);
        t.textProperty().bindBidirectional(vm.field(key));
        l.setLabelFor(t);
        Label error = new Label();
        error.setId(t.getId() + "Error");
        error.getStyleClass().add("field-error");
        error.setWrapText(true);
        error.setManaged(false);
        error.setVisible(false);
        t.setUserData(error);
        fields.put(key, t);
        g.addRow(row, l, t);
        g.add(error, 1, row + 1);
        GridPane.setHgrow(t, Priority.ALWAYS);
        return row + 2;
    }

    /** The message under each field: readable without hovering over the decoration. */
    private void markFields() {
        fields.forEach((key, t) -> {
            String msg = vm.fieldErrors().get(key);
            Label error = (Label) t.getUserData();
            error.setText(msg == null ? "" : msg);
            error.setVisible(msg != null);
            error.setManaged(msg != null);
        });
    }

    private VBox rawPane() {
        raw.setId("cfgRaw");
        raw.getStyleClass().add("code-area");
        raw.setAccessibleText("config.json as JSON");
        typedRaw = TypedText.bind(raw, vm.rawProperty(), vm::applyRaw, () -> true);
        Label rawError = new Label();
        rawError.setId("cfgRawError");
        rawError.getStyleClass().add("field-error");
        rawError.setWrapText(true);
        rawError.textProperty().bind(vm.rawErrorProperty());
        rawError.visibleProperty().bind(vm.rawErrorProperty().isNotNull());
        rawError.managedProperty().bind(rawError.visibleProperty());
        return Sections.body(6, raw, Sections.title("config.json"), raw, rawError);
    }

    /** Hands raw JSON typed in the last moments (before its pause) to the view-model. */
    public void flushRaw() {
        typedRaw.flush();
    }

    private VBox diagnosticsPane() {
        ListView<Finding> diagnostics = new ListView<>(vm.diagnostics());
        diagnostics.setId("cfgDiagnostics");
        diagnostics.setPrefHeight(120);
        diagnostics.setPlaceholder(new Label("No problems."));
        diagnostics.setCellFactory(lv -> Tables.findingCell(
                Tables::findingLine, true)); // wrapped: a long rule is read whole
        diagnostics.getSelectionModel().selectedItemProperty().addListener((o, a, f) -> {
            if (f != null) {
                focusKeyFromFinding(f);
            }
        });
        VBox box = new VBox(4, Sections.title("Diagnostics"), diagnostics);
        box.getStyleClass().add("body");
        return box;
    }

    /** A diagnostic about a form field moves the focus to that field. */
    private void focusKeyFromFinding(Finding f) {
        String key = f.locus() == null ? null : f.locus().topLevelKey();
        if (key != null && vm.fieldErrors().containsKey(key)) {
            focusKey(key);
        }
    }

    /** Moves the focus to the form field of {@code key}, or selects its line in the raw JSON. */
    public void focusKey(String key) {
        TextField t = fields.get(key);
        if (t != null) {
            t.requestFocus();
            t.selectAll();
            return;
        }
        int at = raw.getText().indexOf("\"" + key + "\"");
        if (at >= 0) {
            raw.requestFocus();
            int end = raw.getText().indexOf('\n', at);
            raw.selectRange(at, end < 0 ? raw.getLength() : end);
        }
    }

    /** Save to card… (also File > Save to card…, Ctrl+S): checks, shows the diff and asks before writing. */
    public void saveToCard() {
        if (!vm.loadedProperty().get()) {
            return; // nothing read yet: nothing to save
        }
        flushRaw();
        if (!vm.valid()) {
            Dialogs.error(getScene().getWindow(), "cfgInvalidDialog", "config.json is not valid",
                    "Fix the errors listed under Diagnostics first; nothing was written.", null);
            return;
        }
        if (!vm.dirty()) {
            return;
        }
        if (Dialogs.confirmDiff(getScene().getWindow(), "cfgConfirmDialog",
                "Write config.json to " + vm.path() + "?", vm.diff())) {
            vm.save(() -> { });
        }
    }
}
