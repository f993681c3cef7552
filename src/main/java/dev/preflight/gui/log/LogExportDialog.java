package dev.preflight.gui.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.provision.LogExport;
import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.gui.common.Dialogs;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Export the provisioning log for a customer: CSV, JSON or a printable HTML report, filtered by date
 * range (UTC days), batch and verdict — the same export as {@code preflight log export}. Also checks
 * the log's hash chain and says whether it is intact.
 */
public final class LogExportDialog {
    static final String ANY = "any";
    final ChoiceBox<String> format = new ChoiceBox<>();
    final DatePicker since = new DatePicker();
    final DatePicker until = new DatePicker();
    final ChoiceBox<String> batch = new ChoiceBox<>();
    final ChoiceBox<String> verdict = new ChoiceBox<>();
    final Label matching = new Label();
    final Label integrity = new Label();
    private final Path log;
    private final List<ObjectNode> records;

    /** Reads the log (a few MB at most; the caller may do this off the FX thread). */
    public LogExportDialog(Path log) throws IOException {
        this.log = log;
        ProvisioningLog pl = new ProvisioningLog(log);
        this.records = Files.exists(log) ? pl.read().records() : List.of();
        List<String> problems = Files.exists(log) ? pl.verify() : List.of();
        integrity.setText(!Files.exists(log) ? "There is no provisioning log yet (" + log + ")."
                : problems.isEmpty() ? records.size() + " record(s); the hash chain is intact."
                : "The log has been altered: " + String.join(" ", problems));
        format.getItems().setAll("html", "csv", "json");
        format.setValue("html");
        batch.getItems().add(ANY);
        records.stream().map(r -> r.path("batch").asText(null)).filter(Objects::nonNull).distinct().sorted()
                .forEach(batch.getItems()::add);
        batch.setValue(ANY);
        verdict.getItems().setAll(ANY, "pass", "warn", "fail");
        verdict.setValue(ANY);
        matching.textProperty().bind(Bindings.createStringBinding(() -> selected().size() + " record(s) match.",
                since.valueProperty(), until.valueProperty(), batch.valueProperty(), verdict.valueProperty()));
    }

    /** The records the filters select: since/until are whole UTC days, until inclusive. */
    List<ObjectNode> selected() {
        Instant from = since.getValue() == null ? null : since.getValue().atStartOfDay(ZoneOffset.UTC).toInstant();
        LocalDate last = until.getValue();
        Instant to = last == null ? null : last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return LogExport.filter(records, from, to, ANY.equals(verdict.getValue()) ? null : verdict.getValue(),
                ANY.equals(batch.getValue()) ? null : batch.getValue());
    }

    /** Writes the export of the selected records to {@code file}. */
    void write(Path file) throws IOException {
        write(file, selected(), format.getValue());
    }

    private static void write(Path file, List<ObjectNode> records, String format) throws IOException {
        Files.writeString(file, LogExport.render(records, format), StandardCharsets.UTF_8);
    }

    public void show(Window owner) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Export provisioning log");
        d.setHeaderText("Export " + log.getFileName() + " for a customer");
        d.getDialogPane().setId("logExportDialog");
        d.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, ButtonType.OK);
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        g.addRow(0, new Label("Format"), format);
        g.addRow(1, new Label("From (UTC day)"), since);
        g.addRow(2, new Label("To (UTC day)"), until);
        g.addRow(3, new Label("Batch"), batch);
        g.addRow(4, new Label("Verdict"), verdict);
        g.add(matching, 1, 5);
        integrity.setWrapText(true);
        integrity.setMaxWidth(420);
        g.add(integrity, 0, 6, 2, 1);
        Label note = new Label("Exports never contain Wi-Fi passwords or API keys.");
        note.getStyleClass().add("muted");
        g.add(note, 0, 7, 2, 1);
        d.getDialogPane().setContent(g);
        Button ok = (Button) d.getDialogPane().lookupButton(ButtonType.OK);
        ok.setText("Export…");
        if (d.showAndWait().filter(b -> b == ButtonType.OK).isEmpty()) {
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the export");
        fc.setInitialFileName("provisioning-report." + format.getValue());
        File f = fc.showSaveDialog(owner);
        if (f == null) {
            return;
        }
        List<ObjectNode> chosen = selected();
        String as = format.getValue();
        int count = chosen.size();
        // rendered and written off the FX thread: a long log makes a large report
        java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                write(f.toPath(), chosen, as);
                Platform.runLater(() -> {
                    Alert done = new Alert(Alert.AlertType.INFORMATION, "Exported " + count + " record(s) to " + f + ".");
                    done.initOwner(owner);
                    done.setTitle("Preflight");
                    done.setHeaderText("Provisioning log exported");
                    done.getDialogPane().setId("logExportDone");
                    done.show();
                });
            } catch (IOException | RuntimeException e) {
                Platform.runLater(() -> Dialogs.error(owner, "logExportError", "The export was not written",
                        Dialogs.notWritten(f, e), null));
            }
        });
    }
}
