package dev.preflight.gui.inspect;

import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.integrity.IntegrityChecker;
import dev.preflight.core.wear.WearReport;
import dev.preflight.gui.common.Sections;
import dev.preflight.gui.common.Tables;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The integrity view (every boot file, filterable) and the wear view (each signal, its source and meaning). */
final class DetailTabs {
    final ObservableList<IntegrityChecker.FileResult> files = FXCollections.observableArrayList();
    final FilteredList<IntegrityChecker.FileResult> filtered = new FilteredList<>(files,
            f -> f.status() != IntegrityChecker.Status.MATCHES);
    final ObservableList<WearReport.Signal> signals = FXCollections.observableArrayList();
    final Label integritySummary = new Label();
    final Label wearSummary = new Label();
    final TextField filter = new TextField();
    final CheckBox differencesOnly = new CheckBox("Differences only");

    VBox integrity() {
        filter.setId("integrityFilter");
        filter.setPromptText("Filter by path");
        filter.setAccessibleText("Filter boot files by path");
        differencesOnly.setId("integrityDifferencesOnly");
        // what differs from the fingerprint is what matters; the matching files are one click away
        differencesOnly.setSelected(true);
        differencesOnly.setTooltip(new Tooltip("Untick to list every boot file"));
        filter.textProperty().addListener((o, a, b) -> refilter());
        differencesOnly.selectedProperty().addListener((o, a, b) -> refilter());
        TableView<IntegrityChecker.FileResult> t = new TableView<>(filtered);
        t.setId("integrityTable");
        Label placeholder = new Label();
        placeholder.textProperty().bind(Bindings.createStringBinding(() -> files.isEmpty()
                ? "No fingerprint to compare with." : differencesOnly.isSelected() && filter.getText().isEmpty()
                ? "No differences: every listed file matches the fingerprint. Untick \"Differences only\" to list them."
                : "No file matches the filter.", files, differencesOnly.selectedProperty(), filter.textProperty()));
        t.setPlaceholder(placeholder);
        t.getColumns().add(Tables.text("File", 380, IntegrityChecker.FileResult::path));
        t.getColumns().add(Tables.text("Status", 110, f -> f.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        t.getColumns().add(Tables.text("Judgement", 110, f -> f.judgement().name().toLowerCase(Locale.ROOT)));
        t.getColumns().add(Tables.text("Expected MD5", 250, f -> f.expectedMd5() == null ? "" : f.expectedMd5()));
        t.getColumns().add(Tables.text("Actual MD5", 250, f -> f.actualMd5() == null ? "" : f.actualMd5()));
        integritySummary.setId("integritySummary");
        HBox bar = new HBox(10, filter, differencesOnly, integritySummary);
        HBox.setHgrow(filter, Priority.SOMETIMES);
        return Sections.body(8, t, bar, t);
    }

    VBox wear() {
        TableView<WearReport.Signal> t = new TableView<>(signals);
        t.setId("wearTable");
        t.setPlaceholder(new Label("No wear signals."));
        t.getColumns().add(Tables.text("Signal", 200, WearReport.Signal::name));
        t.getColumns().add(Tables.text("Value", 180, WearReport.Signal::value));
        t.getColumns().add(Tables.text("Source", 320, WearReport.Signal::source));
        t.getColumns().add(Tables.text("Meaning", 420, WearReport.Signal::meaning));
        wearSummary.setId("wearSummary");
        wearSummary.setWrapText(true);
        return Sections.body(8, t, wearSummary, t);
    }

    void showIntegrity(InspectionReport r) {
        files.setAll(r.integrity() == null ? List.of() : r.integrity().files());
        integritySummary.setText(r.integrity() == null ? "No fingerprint on this boot partition."
                : r.integrity().fingerprintFile() + ": " + r.integrity().counts().get(IntegrityChecker.Status.MATCHES)
                + " match, " + r.integrity().counts().get(IntegrityChecker.Status.MODIFIED) + " modified, "
                + r.integrity().counts().get(IntegrityChecker.Status.MISSING) + " missing, "
                + r.integrity().counts().get(IntegrityChecker.Status.NOT_LISTED) + " not listed");
    }

    void showWear(InspectionReport r) {
        signals.setAll(r.wear() == null ? List.of() : r.wear().signals());
        wearSummary.setText(r.wear() == null ? "" : switch (r.wear().registers()) {
            case "available" -> "Card registers read from the SD/MMC host.";
            case "hidden-by-reader" -> "This USB reader hides the card's registers (CID, CSD, eMMC health); file-system"
                    + " signals below still apply.";
            default -> "An image or folder: no card registers; signals come from its file systems.";
        });
    }

    private void refilter() {
        String text = filter.getText() == null ? "" : filter.getText().toLowerCase(Locale.ROOT);
        boolean diffs = differencesOnly.isSelected();
        filtered.setPredicate(f -> f.path().toLowerCase(Locale.ROOT).contains(text)
                && (!diffs || f.status() != IntegrityChecker.Status.MATCHES));
    }
}
