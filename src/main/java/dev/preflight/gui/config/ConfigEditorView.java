package dev.preflight.gui.config;

import dev.preflight.core.report.Finding;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The config.json editor: a form for the common keys, live diagnostics, the JSON (secrets masked), save with a diff. */
public final class ConfigEditorView extends VBox {
    public ConfigEditorView(ConfigEditorViewModel vm) {
        setSpacing(10);
        getStyleClass().add("body");
        GridPane form = new GridPane();
        form.setHgap(12);
        form.setVgap(6);
        int row = 0;
        row = field(form, row, "Hostname", "cfgHostname", vm.hostname);
        row = field(form, row, "Country (Wi-Fi)", "cfgCountry", vm.country);
        row = field(form, row, "NTP servers", "cfgNtp", vm.ntpServers);
        row = field(form, row, "DNS servers", "cfgDns", vm.dnsServers);
        CheckBox logging = new CheckBox("Persistent logging (writes the journal to the card)");
        logging.setId("cfgPersistentLogging");
        logging.selectedProperty().bindBidirectional(vm.persistentLogging);
        CheckBox dev = new CheckBox("Development mode (open SSH, engine socket, console)");
        dev.setId("cfgDevelopmentMode");
        dev.selectedProperty().bindBidirectional(vm.developmentMode);
        form.add(logging, 1, row++);
        form.add(dev, 1, row);
        ListView<Finding> diagnostics = new ListView<>(vm.diagnostics());
        diagnostics.setId("cfgDiagnostics");
        diagnostics.setPrefHeight(110);
        diagnostics.setPlaceholder(new Label("No problems."));
        diagnostics.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(Finding f, boolean empty) {
                super.updateItem(f, empty);
                setText(empty || f == null ? null : f.severity().word().toUpperCase(Locale.ROOT) + "  " + f.code() + ": "
                        + f.message());
            }
        });
        CheckBox reveal = new CheckBox("Reveal secrets");
        reveal.setId("cfgReveal");
        reveal.selectedProperty().bindBidirectional(vm.revealSecrets);
        TextArea raw = new TextArea();
        raw.setId("cfgRaw");
        raw.setEditable(false);
        raw.setStyle("-fx-font-family: monospace;");
        raw.textProperty().bind(vm.rawProperty());
        Button save = new Button("Save to card…");
        save.setId("cfgSave");
        save.setDefaultButton(true);
        save.setOnAction(e -> confirmAndSave(vm));
        Label status = new Label();
        status.setId("cfgStatus");
        status.textProperty().bind(Bindings.createStringBinding(() -> vm.errorProperty().get() != null
                ? vm.errorProperty().get() : vm.statusProperty().get(), vm.errorProperty(), vm.statusProperty()));
        status.setWrapText(true);
        HBox actions = new HBox(12, save, reveal, status);
        getChildren().addAll(form, new Label("Diagnostics"), diagnostics, new Label("config.json"), raw, actions);
        VBox.setVgrow(raw, Priority.ALWAYS);
    }

    private static int field(GridPane g, int row, String label, String id, javafx.beans.property.StringProperty p) {
        Label l = new Label(label);
        TextField t = new TextField();
        t.setId(id);
        t.setPrefColumnCount(36);
        t.textProperty().bindBidirectional(p);
        l.setLabelFor(t);
        g.addRow(row, l, t);
        return row + 1;
    }

    private void confirmAndSave(ConfigEditorViewModel vm) {
        if (!vm.valid()) {
            Alert a = new Alert(Alert.AlertType.ERROR, "Fix the errors listed under Diagnostics first; nothing was"
                    + " written.", ButtonType.OK);
            a.setHeaderText("config.json is not valid");
            a.getDialogPane().setId("cfgInvalidDialog");
            a.initOwner(getScene().getWindow());
            a.show();
            return;
        }
        if (!vm.dirty()) {
            return;
        }
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, null, ButtonType.CANCEL, ButtonType.OK);
        a.setHeaderText("Write config.json to " + vm.path() + "?");
        TextArea diff = new TextArea(vm.diff());
        diff.setEditable(false);
        diff.setStyle("-fx-font-family: monospace;");
        a.getDialogPane().setContent(diff);
        a.getDialogPane().setId("cfgConfirmDialog");
        a.initOwner(getScene().getWindow());
        a.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> vm.save(() -> { }));
    }
}
