package dev.preflight.gui.wifi;

import dev.preflight.core.network.Connection;
import dev.preflight.core.report.Finding;
import dev.preflight.gui.common.Sections;
import dev.preflight.gui.common.StatusLine;
import dev.preflight.gui.common.Tables;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;

/** The card's network connections (never their passwords), with add, change and remove. */
public final class WifiView extends BorderPane {
    private final WifiViewModel vm;
    private final TableView<Connection> table = new TableView<>();

    public WifiView(WifiViewModel vm) {
        this.vm = vm;
        Button add = new Button("Add Wi-Fi…");
        add.setId("wifiAdd");
        add.setTooltip(new Tooltip("Add a Wi-Fi network to the card (balena-wifi-NN)"));
        add.setOnAction(e -> new WifiDialog(vm, null).showFor(getScene().getWindow()));
        Button edit = new Button("Change…");
        edit.setId("wifiEdit");
        edit.disableProperty().bind(Bindings.createBooleanBinding(() -> selectedWifi() == null,
                table.getSelectionModel().selectedItemProperty()));
        edit.setOnAction(e -> new WifiDialog(vm, selectedWifi()).showFor(getScene().getWindow()));
        Button remove = new Button("Remove…");
        remove.setId("wifiRemove");
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> confirmRemove(table.getSelectionModel().getSelectedItem()));
        Label status = new Label();
        status.setId("wifiStatus");
        status.setWrapText(true);
        status.textProperty().bind(Bindings.createStringBinding(() -> vm.errorProperty().get() != null
                ? vm.errorProperty().get() : vm.statusProperty().get(), vm.errorProperty(), vm.statusProperty()));
        setTop(StatusLine.under(new ToolBar(add, edit, remove), status));

        table.setId("wifiTable");
        table.setItems(vm.connections());
        table.setPlaceholder(new Label("No network connections: the device will only use Ethernet."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(Tables.<Connection>text("File", 160, Connection::file));
        table.getColumns().add(Tables.<Connection>text("Type", 80, c -> c.isWifi() ? "Wi-Fi" : String.valueOf(c.type())));
        table.getColumns().add(Tables.<Connection>text("SSID", 170, c -> c.ssid() == null ? "" : c.ssid()));
        table.getColumns().add(Tables.<Connection>text("Security", 110, c -> c.security() == null ? "" : switch (c.security()) {
            case "wpa-psk" -> "WPA2";
            case "sae" -> "WPA3";
            case "open", "none" -> "open";
            default -> c.security();
        }));
        table.getColumns().add(Tables.<Connection>text("Password", 100, c -> c.isWifi() ? (c.hasPsk() ? "set (hidden)" : "none") : ""));
        table.getColumns().add(Tables.<Connection>text("Hidden", 70, c -> c.hidden() ? "yes" : ""));
        table.getColumns().add(Tables.<Connection>text("IPv4", 130, c -> c.ipv4Address() != null ? c.ipv4Address()
                : c.ipv4Method() == null ? "" : c.ipv4Method().toLowerCase(Locale.ROOT)));
        table.getColumns().add(Tables.<Connection>text("Active", 110, c -> c.active() ? "yes" : "no (.ignore)"));
        table.setRowFactory(tv -> {
            TableRow<Connection> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty() && row.getItem().isWifi()) {
                    new WifiDialog(vm, row.getItem()).showFor(getScene().getWindow());
                }
            });
            return row;
        });
        ListView<Finding> problems = new ListView<>(vm.findings());
        problems.setId("wifiFindings");
        problems.setPrefHeight(110);
        problems.setPlaceholder(new Label("No problems with the network configuration."));
        problems.setCellFactory(lv -> Tables.findingCell(Tables::findingLine, false));
        setCenter(Sections.body(8, table, Sections.title("Connections (system-connections/)"), table,
                Sections.title("Network findings"), problems));
        disableProperty().bind(vm.loadedProperty().not().or(vm.busyProperty()));
    }

    private Connection selectedWifi() {
        Connection c = table.getSelectionModel().getSelectedItem();
        return c != null && c.isWifi() ? c : null;
    }

    private void confirmRemove(Connection c) {
        if (c == null) {
            return;
        }
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "A backup is kept; 'preflight undo' restores it.",
                ButtonType.CANCEL, ButtonType.OK);
        a.initOwner(getScene().getWindow());
        a.setTitle("Preflight");
        a.setHeaderText("Remove " + c.file() + (c.ssid() == null ? "" : " (" + c.ssid() + ")") + " from "
                + vm.path() + "?");
        a.getDialogPane().setId("wifiRemoveDialog");
        a.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> vm.remove(c, () -> { }));
    }
}
