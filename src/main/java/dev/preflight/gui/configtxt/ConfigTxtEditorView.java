package dev.preflight.gui.configtxt;

import dev.preflight.core.configtxt.ConfigTxtFixes;
import dev.preflight.core.report.Finding;
import dev.preflight.gui.common.Dialogs;
import dev.preflight.gui.common.EditorBar;
import dev.preflight.gui.common.LineNumbers;
import dev.preflight.gui.common.Sections;
import dev.preflight.gui.common.StatusLine;
import dev.preflight.gui.common.Tables;
import dev.preflight.gui.common.TextAreas;
import dev.preflight.gui.common.TypedText;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** config.txt as text with per-line diagnostics, quick fixes, undo/redo and a confirmed, diffed save. */
public final class ConfigTxtEditorView extends BorderPane {
    private final ConfigTxtEditorViewModel vm;
    private final TextArea text = new TextArea();
    private TypedText typed;
    private final Label caret = new Label();

    public ConfigTxtEditorView(ConfigTxtEditorViewModel vm) {
        this.vm = vm;
        setTop(toolbar());
        SplitPane split = new SplitPane(editor(), diagnostics());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.62);
        setCenter(split);
        disableProperty().bind(vm.loadedProperty().not());
        vm.selectedLineProperty().addListener((o, a, n) -> {
            if (n.intValue() > 0) {
                selectLine(n.intValue());
            }
        });
    }

    private VBox toolbar() {
        EditorBar bar = EditorBar.of("txt", vm, this::saveToCard);
        Button fixAll = new Button("Fix all safe problems");
        fixAll.setId("txtFixAll");
        fixAll.setTooltip(new Tooltip("Comment out lines the firmware ignores or overrides, use LF line endings,"
                + " close an open section. Nothing is written until you save."));
        fixAll.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.diagnostics().stream()
                .noneMatch(f -> ConfigTxtFixes.fixFor(f) != null), vm.diagnostics()));
        fixAll.setOnAction(e -> vm.fixAll());
        return StatusLine.under(new ToolBar(bar.save(), new Separator(), bar.undo(), bar.redo(), fixAll), bar.status());
    }

    private VBox editor() {
        text.setId("txtText");
        text.getStyleClass().add("code-area");
        text.setAccessibleText("config.txt");
        typed = TypedText.bind(text, vm.textProperty(), vm::edit, () -> vm.loadedProperty().get());
        text.caretPositionProperty().addListener((o, a, p) -> caret.setText("Line " + TextAreas.lineAt(text, p.intValue())));
        caret.setId("txtCaret");
        caret.getStyleClass().add("muted");
        HBox lines = new HBox(0,
                LineNumbers.gutterFor(text), text);
        HBox.setHgrow(text, Priority.ALWAYS);
        return Sections.body(6, lines, Sections.title("config.txt"), lines, caret);
    }

    /** Hands text typed in the last moments (before its pause) to the view-model. */
    public void flushTyping() {
        typed.flush();
    }

    /** Selects line {@code n} (1-based) in the text and scrolls to it. */
    public void selectLine(int n) {
        text.requestFocus();
        TextAreas.selectLine(text, n);
    }

    private VBox diagnostics() {
        TableView<Finding> t = new TableView<>(vm.diagnostics());
        t.setId("txtDiagnostics");
        t.setPlaceholder(new Label("No problems."));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<Finding, String> line = Tables.text("Line", 60, f -> {
            int n = ConfigTxtFixes.lineOf(f);
            return n == 0 ? "" : String.valueOf(n);
        });
        TableColumn<Finding, String> sev = Tables.text("Severity", 90, f -> f.severity().word().toUpperCase(Locale.ROOT));
        TableColumn<Finding, String> msg = Tables.text("Problem", 560, Finding::message);
        TableColumn<Finding, Finding> fix = new TableColumn<>("Quick fix");
        fix.setPrefWidth(260);
        fix.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
        fix.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Finding f, boolean empty) {
                super.updateItem(f, empty);
                String title = empty || f == null ? null : ConfigTxtEditorViewModel.fixTitle(f);
                if (title == null) {
                    setGraphic(null);
                    return;
                }
                Button b = new Button(title);
                b.getStyleClass().add("small");
                b.setOnAction(e -> vm.quickFix(f));
                setGraphic(b);
            }
        });
        t.getColumns().addAll(List.of(line, sev, msg, fix));
        t.setRowFactory(tv -> Tables.findingRow(Finding::hint));
        t.getSelectionModel().selectedItemProperty().addListener((o, a, f) -> {
            if (f != null && ConfigTxtFixes.lineOf(f) > 0) {
                selectLine(ConfigTxtFixes.lineOf(f));
                t.requestFocus();
            }
        });
        return Sections.body(4, t, Sections.title("Diagnostics"), t);
    }

    /** Save to card… (also File > Save to card…, Ctrl+S): checks, shows the diff and asks before writing. */
    public void saveToCard() {
        if (!vm.loadedProperty().get()) {
            return; // nothing read yet: nothing to save
        }
        vm.edit(text.getText());
        if (!vm.newErrors().isEmpty()) {
            Dialogs.error(getScene().getWindow(), "txtInvalidDialog", "This change would break config.txt",
                    vm.newErrors().stream().map(Finding::message).collect(Collectors.joining("\n")),
                    "Nothing was written. Errors that were already on the card do not block saving; new ones do.");
            return;
        }
        if (!vm.dirtyProperty().get()) {
            return;
        }
        if (Dialogs.confirmDiff(getScene().getWindow(), "txtConfirmDialog", "Write config.txt to " + vm.where() + "?",
                vm.diff())) {
            vm.save(() -> { });
        }
    }
}
