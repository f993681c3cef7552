package dev.preflight.gui.common;

import dev.preflight.core.report.Finding;
import dev.preflight.core.report.Severity;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
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
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.util.StringConverter;
import org.controlsfx.control.CheckComboBox;
import javafx.scene.Node;

/**
 * A list of findings as the app shows them (the dashboard, the Release tab, the lint window): filters by
 * severity and area (ControlsFX check-combo boxes), the table, and below it the selected finding in full —
 * message, location and hint, wrapped and selectable for copying — so nothing that matters needs hovering.
 * The first of the most severe findings is selected when new findings arrive. A button ("Show in editor",
 * "Show me") opens what the selected finding is about, where the screen knows it.
 */
public final class FindingsPane {
    private static final double CODE_WIDTH = 265;
    private final String ids;
    private final ObservableList<Finding> findings;
    private final Supplier<String> source;
    private final TableView<Finding> table = new TableView<>();
    private final CheckComboBox<Severity> severities = new CheckComboBox<>(
            FXCollections.observableArrayList(Severity.ERROR, Severity.WARNING, Severity.INFO));
    private final CheckComboBox<String> areas;
    private final TableColumn<Finding, String> code = Tables.text("Code", CODE_WIDTH, f -> f.code().name());
    private final Label title = new Label();
    private final TextArea detail = new TextArea();
    private final Button openInEditor = new Button();
    private final ObservableList<Finding> listed = FXCollections.observableArrayList();
    private final FilteredList<Finding> shown = new FilteredList<>(listed, f -> true);
    private String sourcePath;
    private Finding wanted;
    private VBox selected;

    /**
     * @param ids      prefix of the controls' ids: "" on the dashboard ("findingsTable"), "release" on the
     *                 Release tab ("releaseFindingsTable")
     * @param findings what to list; the table follows its changes, a frame after each
     * @param source   the path the window already names, left out of the messages (may give null)
     * @param areas    the areas the filter offers; with one area there is no area filter
     * @param show     the button's text and tooltip, which findings it can open, and how
     */
    public FindingsPane(String ids, ObservableList<Finding> findings, Supplier<String> source, List<String> areas,
                        Show show) {
        this.ids = ids;
        this.findings = findings;
        this.source = source;
        this.areas = new CheckComboBox<>(FXCollections.observableArrayList(areas));
        table.setId(id("findingsTable"));
        table.setPlaceholder(new Label("No findings."));
        table.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
        // fixed columns keep their width; the message takes the rest, and the pane below shows it whole
        if (areas.size() > 1) { // a list of one area's findings does not repeat it on every row
            table.getColumns().add(fixed(Tables.text("Area", 115, f -> f.code().area())));
        }
        table.getColumns().add(fixed(Tables.text("Severity", 85, f -> f.severity().word().toUpperCase(Locale.ROOT))));
        table.getColumns().add(fixed(code));
        TableColumn<Finding, String> message = Tables.text("Message", 400, this::message);
        message.setMinWidth(200);
        table.getColumns().add(message);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setRowFactory(tv -> Tables.findingRow(this::message));
        // the table gets the findings one frame after the verdict and summary are drawn: the first result
        // never waits for a whole table to be laid out (the FX thread stays under 100 ms per frame)
        findings.addListener((ListChangeListener<Finding>) c -> Frames.afterNextFrame(table, this::fill));
        table.setItems(shown);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, f) -> showDetail(f));
        filters();
        openInEditor.setId(ids.isEmpty() ? "showInEditor" : ids + "ShowMe");
        openInEditor.setText(show.text());
        openInEditor.setTooltip(new Tooltip(show.tip()));
        openInEditor.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            Finding f = table.getSelectionModel().getSelectedItem();
            return f == null || !show.can().test(f);
        }, table.getSelectionModel().selectedItemProperty()));
        openInEditor.setOnAction(e -> show.action().accept(table.getSelectionModel().getSelectedItem()));
        table.setOnMouseClicked(e -> {
            Finding f = table.getSelectionModel().getSelectedItem();
            if (e.getClickCount() == 2 && f != null && show.can().test(f)) {
                show.action().accept(f);
            }
        });
    }

    /** The finding selected in the table, or null. */
    public ReadOnlyObjectProperty<Finding> selectedProperty() {
        return table.getSelectionModel().selectedItemProperty();
    }

    /** Selects {@code f} (the same finding object) now, or when the table next fills if it is not listed yet. */
    public void select(Finding f) {
        wanted = f;
        selectWanted();
    }

    private void selectWanted() {
        int i = wanted == null ? -1 : indexOf(shown, wanted);
        if (i >= 0) {
            wanted = null;
            table.getSelectionModel().select(i);
            table.scrollTo(i);
        }
    }

    private static int indexOf(List<Finding> list, Finding f) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == f) {
                return i;
            }
        }
        return -1;
    }

    /** The "show" button: its text and tooltip, whether a finding can be shown, and showing it. */
    public record Show(String text, String tip, Predicate<Finding> can, Consumer<Finding> action) {
    }

    private String id(String name) {
        return ids.isEmpty() ? name : ids + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static TableColumn<Finding, String> fixed(TableColumn<Finding, String> c) {
        c.setMinWidth(c.getPrefWidth());
        return c;
    }

    private void fill() {
        sourcePath = source.get();
        listed.setAll(findings);
        table.getSelectionModel().clearSelection(); // a new report starts at its first finding
        selectWanted();
        selectFirstIfNone();
        Frames.afterNextFrame(table, this::fitCodes);
        if (detail.getParent() == null) { // its skin is made a frame after the table's rows, not in either frame
            Frames.afterNextFrame(table, () -> {
                if (detail.getParent() == null) { // two reports in a row ask twice
                    selected.getChildren().add(detail);
                    VBox.setVgrow(detail, Priority.ALWAYS);
                }
            });
        }
    }

    /** Widens the code column to the longest code listed (RELEASE_SUPERVISOR_API_UNTHROTTLED), in the cells' font. */
    private void fitCodes() {
        Text t = new Text();
        Node cell = table.lookup(".table-row-cell .table-cell");
        t.setFont(cell instanceof Labeled l ? l.getFont() : Font.getDefault());
        double widest = 0;
        for (Finding f : listed) {
            t.setText(f.code().name());
            widest = Math.max(widest, t.getLayoutBounds().getWidth());
        }
        double width = Math.max(CODE_WIDTH, Math.ceil(widest) + 26); // the cell's padding, and a little air
        code.setMinWidth(width);
        code.setPrefWidth(width);
    }

    private String message(Finding f) {
        return FindingText.withoutSource(f.message(), sourcePath);
    }

    /** With nothing selected, the first of the most severe findings shown: what decides the verdict. */
    private void selectFirstIfNone() {
        if (table.getSelectionModel().getSelectedItem() == null && !shown.isEmpty()) {
            int worst = 0;
            for (int i = 1; i < shown.size(); i++) {
                if (!shown.get(worst).severity().atLeast(shown.get(i).severity())) {
                    worst = i;
                }
            }
            table.getSelectionModel().select(worst);
            table.scrollTo(worst);
        }
    }

    private void filters() {
        severities.setId(id("findingsSeverity"));
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
        areas.setId(id("findingsArea"));
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

    /** The filter bar: the section title ("Findings, by area") and the filters. */
    public Region header(String heading) {
        Label findingsTitle = Sections.title(heading);
        Label sevLabel = new Label("Severity");
        sevLabel.setLabelFor(severities);
        Label areaLabel = new Label("Area");
        areaLabel.setLabelFor(areas);
        HBox bar = new HBox(10, findingsTitle, sevLabel, severities);
        if (areas.getItems().size() > 1) {
            bar.getChildren().addAll(areaLabel, areas);
        }
        bar.setAlignment(Pos.CENTER_LEFT);
        HBox.setMargin(sevLabel, new Insets(0, 0, 0, 12));
        return bar;
    }

    /** The table above the selected finding's detail; the divider can be dragged. */
    public Region body() {
        title.setId(id("findingTitle"));
        title.getStyleClass().add("finding-title");
        detail.setId(id("findingDetail"));
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
        split.setId(id("findingsSplit"));
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.72);
        SplitPane.setResizableWithParent(selected, false);
        return split;
    }
}
