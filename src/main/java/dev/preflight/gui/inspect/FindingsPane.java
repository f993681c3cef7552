package dev.preflight.gui.inspect;

import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Severity;
import dev.preflight.gui.common.Frames;
import dev.preflight.gui.common.Tables;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.controlsfx.control.CheckComboBox;

/**
 * The dashboard's findings: filters by severity and area (ControlsFX check-combo boxes), the table, and
 * below it the selected finding in full — message, location and hint, wrapped and selectable for copying —
 * so nothing that matters needs hovering. The first finding is selected when a report arrives.
 */
final class FindingsPane {
    private final InspectViewModel vm;
    private final TableView<Finding> table = new TableView<>();
    private final CheckComboBox<Severity> severities = new CheckComboBox<>(
            FXCollections.observableArrayList(Severity.ERROR, Severity.WARNING, Severity.INFO));
    private final CheckComboBox<String> areas = new CheckComboBox<>(
            FXCollections.observableArrayList(FindingCode.AREAS));
    private final Label title = new Label();
    private final TextArea detail = new TextArea();
    private final Button openInEditor = new Button("Show in editor");
    private final ObservableList<Finding> listed = FXCollections.observableArrayList();
    private final FilteredList<Finding> shown = new FilteredList<>(listed, f -> true);
    private String source;
    private VBox selected;

    FindingsPane(InspectViewModel vm, Consumer<Finding> showInEditor) {
        this.vm = vm;
        table.setId("findingsTable");
        table.setPlaceholder(new Label("No findings."));
        table.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
        // fixed columns keep their width; the message takes the rest, and the pane below shows it whole
        table.getColumns().add(fixed(Tables.text("Area", 115, f -> f.code().area())));
        table.getColumns().add(fixed(Tables.text("Severity", 85, f -> f.severity().word().toUpperCase(Locale.ROOT))));
        table.getColumns().add(fixed(Tables.text("Code", 265, f -> f.code().name())));
        TableColumn<Finding, String> message = Tables.text("Message", 400, this::message);
        message.setMinWidth(200);
        table.getColumns().add(message);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setRowFactory(tv -> Tables.findingRow(this::message));
        // the table gets the findings one frame after the verdict and summary are drawn: the first result
        // never waits for a whole table to be laid out (the FX thread stays under 100 ms per frame)
        vm.findings().addListener((ListChangeListener<Finding>) c -> Frames.afterNextFrame(table, this::fill));
        table.setItems(shown);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, f) -> showDetail(f));
        filters();
        openInEditor.setId("showInEditor");
        openInEditor.setTooltip(new Tooltip("Open the line, field or file this finding is about (double-click a row)"));
        openInEditor.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            Finding f = table.getSelectionModel().getSelectedItem();
            return f == null || FindingTargets.tabFor(f) == null;
        }, table.getSelectionModel().selectedItemProperty()));
        openInEditor.setOnAction(e -> showInEditor.accept(table.getSelectionModel().getSelectedItem()));
        table.setOnMouseClicked(e -> {
            Finding f = table.getSelectionModel().getSelectedItem();
            if (e.getClickCount() == 2 && f != null) {
                showInEditor.accept(f);
            }
        });
    }

    private static TableColumn<Finding, String> fixed(TableColumn<Finding, String> c) {
        c.setMinWidth(c.getPrefWidth());
        return c;
    }

    private void fill() {
        InspectionReport r = vm.reportProperty().get();
        source = r == null ? null : r.source().path();
        listed.setAll(vm.findings());
        table.getSelectionModel().clearSelection(); // a new report starts at its first finding
        selectFirstIfNone();
        if (detail.getParent() == null) { // its skin is made a frame after the table's rows, not in either frame
            Frames.afterNextFrame(table, () -> {
                if (detail.getParent() == null) { // two reports in a row ask twice
                    selected.getChildren().add(detail);
                    VBox.setVgrow(detail, Priority.ALWAYS);
                }
            });
        }
    }

    private String message(Finding f) {
        return FindingText.withoutSource(f.message(), source);
    }

    private void selectFirstIfNone() {
        if (table.getSelectionModel().getSelectedItem() == null && !shown.isEmpty()) {
            table.getSelectionModel().select(0);
            table.scrollTo(0);
        }
    }

    private void filters() {
        severities.setId("findingsSeverity");
        severities.setConverter(new StringConverter<>() {
            @Override
            public String toString(Severity s) {
                return s == null ? "" : s.word();
            }

            @Override
            public Severity fromString(String s) {
                return Severity.valueOf(s.toUpperCase(Locale.ROOT));
            }
        });
        severities.getCheckModel().checkAll();
        severities.setTooltip(new Tooltip("Show findings of these severities"));
        areas.setId("findingsArea");
        areas.setTitle("Areas");
        areas.setShowCheckedCount(true);
        areas.getCheckModel().checkAll();
        areas.setTooltip(new Tooltip("Show findings about these parts of the card"));
        ListChangeListener<Object> refilter = c -> {
            shown.setPredicate(predicate(new HashSet<>(severities.getCheckModel().getCheckedItems()),
                    new HashSet<>(areas.getCheckModel().getCheckedItems())));
            selectFirstIfNone();
        };
        severities.getCheckModel().getCheckedItems().addListener(refilter);
        areas.getCheckModel().getCheckedItems().addListener(refilter);
    }

    /** The findings the filters let through: a ticked severity and a ticked area. */
    static Predicate<Finding> predicate(Set<Severity> severities, Set<String> areas) {
        return f -> severities.contains(f.severity()) && areas.contains(f.code().area());
    }

    private void showDetail(Finding f) {
        if (f == null) {
            title.setText("");
            detail.setText("");
            return;
        }
        title.setText(f.severity().word().toUpperCase(Locale.ROOT) + " · " + f.code().name() + " · "
                + f.code().area());
        StringBuilder text = new StringBuilder(message(f));
        if (f.location() != null) {
            text.append("\nWhere: ").append(f.location());
        }
        if (f.hint() != null) {
            text.append("\nWhat to do: ").append(f.hint());
        }
        detail.setText(text.toString());
    }

    /** The filter bar: the section title and both filters. */
    Region header() {
        Label findingsTitle = new Label("Findings, by area");
        findingsTitle.getStyleClass().add("section-title");
        Label sevLabel = new Label("Severity");
        sevLabel.setLabelFor(severities);
        Label areaLabel = new Label("Area");
        areaLabel.setLabelFor(areas);
        HBox bar = new HBox(10, findingsTitle, sevLabel, severities, areaLabel, areas);
        bar.setAlignment(Pos.CENTER_LEFT);
        HBox.setMargin(sevLabel, new Insets(0, 0, 0, 12));
        return bar;
    }

    /** The table above the selected finding's detail; the divider can be dragged. */
    Region body() {
        title.setId("findingTitle");
        title.getStyleClass().add("finding-title");
        detail.setId("findingDetail");
        detail.getStyleClass().add("finding-detail");
        detail.setEditable(false);
        detail.setWrapText(true);
        detail.setPrefRowCount(3);
        detail.setAccessibleText("The selected finding: message, where and what to do");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox head = new HBox(12, title, spacer, openInEditor);
        head.setAlignment(Pos.CENTER_LEFT);
        selected = new VBox(6, head); // the detail joins after the first report (fill)
        selected.setMinHeight(125); // the title row and four lines of text
        SplitPane split = new SplitPane(table, selected);
        split.setId("findingsSplit");
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.72);
        SplitPane.setResizableWithParent(selected, false);
        return split;
    }
}
