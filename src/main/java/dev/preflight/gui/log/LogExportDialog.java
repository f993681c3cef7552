package dev.preflight.gui.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.provision.AtomicFiles;
import dev.preflight.core.provision.LogCheck;
import dev.preflight.core.provision.LogExport;
import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.core.provision.SharedLog;
import dev.preflight.core.provision.SharedLogUrl;
import dev.preflight.core.provision.SharedPusher;
import dev.preflight.core.provision.SignedExport;
import dev.preflight.core.provision.StationKey;
import dev.preflight.core.provision.StationSettings;
import dev.preflight.core.report.PreflightException;
import dev.preflight.gui.common.Dialogs;
import dev.preflight.gui.common.Jobs;
import dev.preflight.gui.common.Notifier;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
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
 * range (UTC days), batch and verdict — the same signed export as {@code preflight log export}. Also
 * checks the log's hash chain and its signed head, and says whether both hold.
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
    static final String LOCAL = "this station's log";
    final ChoiceBox<String> source = new ChoiceBox<>();
    final Label shared = new Label();
    private final SharedLogUrl sharedUrl;
    private final Path log;
    private final List<ObjectNode> records;
    private final LogCheck check;
    private Jobs jobs = new Jobs();
    private Notifier notifier = Notifier.controlsFx();

    /** Reads and checks the log (a few MB at most; the caller may do this off the FX thread). */
    public LogExportDialog(Path log) throws IOException {
        this.log = log;
        ProvisioningLog pl = new ProvisioningLog(log);
        this.records = Files.exists(log) ? pl.read().records() : List.of();
        this.check = pl.check();
        integrity.setText(integrityText(log, records.size(), check));
        format.getItems().setAll("html", "csv", "json");
        format.setValue("html");
        batch.getItems().add(ANY);
        records.stream().map(r -> r.path("batch").asText(null)).filter(Objects::nonNull).distinct().sorted()
                .forEach(batch.getItems()::add);
        batch.setValue(ANY);
        verdict.getItems().setAll(ANY, "pass", "warn", "fail");
        verdict.setValue(ANY);
        matching.textProperty().bind(Bindings.createStringBinding(() -> fromShared() ? "Records are selected on"
                + " the server, every station's." : selected().size() + " record(s) match.", since.valueProperty(),
                until.valueProperty(), batch.valueProperty(), verdict.valueProperty(), source.valueProperty()));
        SharedLogUrl url = null;
        String state;
        try {
            StationSettings.Configured c = StationSettings.sharedLog();
            url = c.url();
            state = url == null ? "No shared log is configured: this station's records are only here."
                    : new SharedPusher(pl, url).describe();
        } catch (PreflightException e) {
            state = "Shared log: " + e.getMessage();
        }
        this.sharedUrl = url;
        shared.setText(state);
        source.getItems().add(LOCAL);
        if (url != null) {
            source.getItems().add(sharedChoice());
        }
        source.setValue(LOCAL);
    }

    private String sharedChoice() {
        return "shared log (" + sharedUrl.server() + ")";
    }

    boolean fromShared() {
        return sharedUrl != null && sharedChoice().equals(source.getValue());
    }

    /**
     * The shared log's records the filters select, written as a signed export (streamed from the server,
     * only reading it: a role with SELECT will do; a server silent for longer than SharedLog.stallSeconds()
     * ends it with a message).
     */
    long writeShared(Path file, String as, SharedLog.Filter filter) throws IOException {
        try (SharedLog s = SharedLog.reading(sharedUrl)) {
            return AtomicFiles.stream(file, w -> s.export(w, as, filter, StationKey.ofThisStation()));
        }
    }

    SharedLog.Filter sharedFilter() {
        Map<String, String> f = filter();
        return new SharedLog.Filter(f.containsKey("since") ? Instant.parse(f.get("since")) : null,
                f.containsKey("until") ? Instant.parse(f.get("until")) : null, f.get("verdict"), f.get("batch"), null);
    }

    static String integrityText(Path log, int records, LogCheck check) {
        if (!Files.exists(log)) {
            return "There is no provisioning log yet (" + log + ").";
        }
        if (!check.intact()) {
            return "The log has been altered: " + String.join("; ", check.problems()) + ".";
        }
        String signature = check.signedBy() != null ? " and its signed head verifies (" + check.signedBy() + ")"
                : check.keyMissing() ? "; its signed head could not be checked (this station has no key)" : "";
        String notes = check.notes().isEmpty() ? "" : " Note: " + String.join("; ", check.notes()) + ".";
        return records + " record(s); the hash chain is intact" + signature + "." + notes;
    }

    /** The filters as the export's signed head records them (whole UTC days, until exclusive). */
    Map<String, String> filter() {
        Map<String, String> f = new LinkedHashMap<>();
        if (since.getValue() != null) {
            f.put("since", since.getValue().atStartOfDay(ZoneOffset.UTC).toInstant().toString());
        }
        if (until.getValue() != null) {
            f.put("until", until.getValue().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
        }
        if (!ANY.equals(verdict.getValue())) {
            f.put("verdict", verdict.getValue());
        }
        if (!ANY.equals(batch.getValue())) {
            f.put("batch", batch.getValue());
        }
        return f;
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
        write(file, selected(), format.getValue(), source());
    }

    private SignedExport.Source source() {
        return SignedExport.Source.of(records, check, filter());
    }

    private static void write(Path file, List<ObjectNode> records, String format, SignedExport.Source source)
            throws IOException {
        String text = SignedExport.render(records, format, source);
        AtomicFiles.stream(file, w -> {
            w.write(text);
            return records.size();
        });
    }

    /**
     * While the export is written it is listed in {@code jobs} (the main window's status bar); when it ends
     * while {@code owner} is not focused, {@code notifier} says so.
     */
    public LogExportDialog reportingTo(Jobs jobs, Notifier notifier) {
        this.jobs = jobs;
        this.notifier = notifier;
        return this;
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
        if (source.getItems().size() > 1) {
            g.addRow(8, new Label("Export from"), source);
        }
        shared.setId("logExportShared");
        shared.setWrapText(true);
        shared.setMaxWidth(420);
        g.add(shared, 0, 9, 2, 1);
        g.addRow(1, new Label("From (UTC day)"), since);
        g.addRow(2, new Label("To (UTC day)"), until);
        g.addRow(3, new Label("Batch"), batch);
        g.addRow(4, new Label("Verdict"), verdict);
        g.add(matching, 1, 5);
        integrity.setWrapText(true);
        integrity.setMaxWidth(420);
        g.add(integrity, 0, 6, 2, 1);
        Label note = new Label("Exports are signed with this station's key and never contain Wi-Fi passwords or API"
                + " keys. A customer checks one with 'preflight log verify --export FILE --key station.pub'.");
        note.setWrapText(true);
        note.setMaxWidth(420);
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
        SignedExport.Source source = source();
        Runnable ended = jobs.started("exporting " + f.getName());
        boolean fromShared = fromShared();
        SharedLog.Filter sharedFilter = sharedFilter();
        // rendered and written off the FX thread: a long log makes a large report
        CompletableFuture.runAsync(() -> {
            try {
                long count = chosen.size();
                if (fromShared) {
                    count = writeShared(f.toPath(), as, sharedFilter);
                } else {
                    write(f.toPath(), chosen, as, source);
                }
                long written = count;
                Platform.runLater(() -> {
                    ended.run();
                    notifier.jobEnded(owner, new Notifier.Notice("Provisioning log exported",
                            written + " record(s) in " + f.getName(), false));
                    Alert done = new Alert(Alert.AlertType.INFORMATION, "Exported " + written + " record(s)"
                            + (fromShared ? " from the shared log" : "") + " to " + f
                            + ", signed with this station's key.");
                    done.initOwner(owner);
                    done.setTitle("Preflight");
                    done.setHeaderText("Provisioning log exported");
                    done.getDialogPane().setId("logExportDone");
                    done.show();
                });
            } catch (IOException | RuntimeException e) { // includes the shared log not answering
                Platform.runLater(() -> {
                    ended.run();
                    notifier.jobEnded(owner, new Notifier.Notice("The export was not written", f.getName(), true));
                    Dialogs.error(owner, "logExportError", "The export was not written",
                            Dialogs.notWritten(f, e), null);
                });
            }
        });
    }
}
