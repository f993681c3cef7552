package dev.preflight.gui.release;

import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.release.Release;
import dev.preflight.core.report.Finding;
import dev.preflight.gui.common.FindingsPane;
import dev.preflight.gui.common.Tables;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;

/**
 * The Release tab: what balena preload put on the card (fleet, commit, format, state, pinning), its services
 * with whether each image is in the store, and the release, preload and resin-state findings in the app's
 * findings list, whose "Show me" selects the service a finding is about. On a card without a preload the
 * tab stays and says so, and why: a technician looking for the release finds the answer where they look.
 */
public final class ReleaseView extends VBox {
    private static final double KEY_WIDTH = 90;
    private final ReleaseViewModel vm;
    private final Consumer<Finding> elsewhere;
    private final TilePane factsGrid = new TilePane(24, 4);
    private final TableView<Release.Service> services;
    private final FindingsPane findings;

    /**
     * @param elsewhere opens what this tab does not show: config.json's applicationId for a fleet mismatch
     */
    public ReleaseView(ReleaseViewModel vm, Consumer<Finding> elsewhere) {
        super(8);
        this.vm = vm;
        this.elsewhere = elsewhere;
        setId("releaseView");
        getStyleClass().add("body");
        Label headline = new Label();
        headline.setId("releaseHeadline");
        headline.getStyleClass().add("release-headline");
        headline.textProperty().bind(vm.headlineProperty());
        headline.setMinWidth(Region.USE_PREF_SIZE);
        Label explanation = new Label();
        explanation.setId("releaseExplanation");
        explanation.setWrapText(true);
        explanation.textProperty().bind(vm.explanationProperty());
        explanation.visibleProperty().bind(vm.explanationProperty().isNotEmpty());
        explanation.managedProperty().bind(explanation.visibleProperty());
        factsGrid.setId("releaseFacts");
        factsGrid.getStyleClass().add("summary");
        factsGrid.setTileAlignment(Pos.CENTER_LEFT);
        factsGrid.setPrefColumns(3);
        vm.facts().addListener((ListChangeListener<ReleaseViewModel.Fact>) c -> fillFacts());
        services = servicesTable();
        Label imagesNote = new Label(); // on the headline's line: every pixel of height goes to the findings
        imagesNote.setId("releaseImages");
        imagesNote.textProperty().bind(vm.imagesProperty());
        imagesNote.setMinWidth(0);
        HBox head = new HBox(16, headline, imagesNote);
        head.setAlignment(Pos.BASELINE_LEFT);
        for (Region r : new Region[] {factsGrid, services}) {
            r.visibleProperty().bind(vm.preloadedProperty());
            r.managedProperty().bind(vm.preloadedProperty());
        }
        findings = new FindingsPane("release", vm.findings(), vm.sourceProperty()::get, ReleaseViewModel.AREAS,
                new FindingsPane.Show("Show me", "Select the service this finding is about; a fleet mismatch opens"
                        + " config.json's applicationId (double-click a row)", vm::canShow, this::showMe));
        Region body = findings.body();
        VBox.setVgrow(body, Priority.ALWAYS);
        getChildren().addAll(head, explanation, factsGrid, services,
                findings.header("Release and device-trace findings"), body);
    }

    private TableView<Release.Service> servicesTable() {
        TableView<Release.Service> t = new TableView<>(vm.services());
        t.setId("releaseServices");
        t.getColumns().add(fixed(Tables.text("Service", 170, Release.Service::name)));
        t.getColumns().add(fixed(Tables.text("In image store", 130, s -> s.inStore() ? "yes" : "no — missing")));
        TableColumn<Release.Service, String> image = Tables.text("Image", 600, Release.Service::image);
        image.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                // registry and digest end both matter; the middle of the hash is what can go
                setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
                setTooltip(empty || s == null ? null : new Tooltip(s));
            }
        });
        t.getColumns().add(image);
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.setRowFactory(tv -> new TableRow<>() {
            @Override
            protected void updateItem(Release.Service s, boolean empty) {
                super.updateItem(s, empty);
                getStyleClass().remove("sev-error");
                if (!empty && s != null && !s.inStore()) {
                    getStyleClass().add("sev-error");
                }
            }
        });
        t.setPlaceholder(new Label("The release names no services."));
        // as tall as its rows (one to six), so the findings below keep the height
        t.prefHeightProperty().bind(Bindings.createDoubleBinding(() -> t.getFixedCellSize() <= 0 ? 150
                : t.getFixedCellSize() * (Math.max(1, Math.min(6, vm.services().size())) + 1.15),
                t.fixedCellSizeProperty(), vm.services()));
        t.setMinHeight(Region.USE_PREF_SIZE);
        return t;
    }

    private static <T> TableColumn<T, String> fixed(TableColumn<T, String> c) {
        c.setMinWidth(c.getPrefWidth());
        return c;
    }

    /**
     * Fact by fact, in tiles as wide as the widest: three a row in a wide window (the findings keep the
     * height), two when the start panel or a narrow window leaves less room, never cut off.
     */
    private void fillFacts() {
        factsGrid.getChildren().clear();
        for (ReleaseViewModel.Fact f : vm.facts()) {
            Label k = new Label(f.key());
            k.getStyleClass().add("summary-key");
            k.setMinWidth(Region.USE_PREF_SIZE);
            k.setPrefWidth(KEY_WIDTH);
            Label v = new Label(f.value());
            v.setMinWidth(Region.USE_PREF_SIZE);
            v.setId("release-" + f.key().toLowerCase(Locale.ROOT).replace(' ', '-'));
            factsGrid.getChildren().add(new HBox(k, v));
        }
    }

    /** Shows {@code r}'s release (called when the tab is first shown after a report). */
    public void show(InspectionReport r) {
        vm.show(r);
    }

    /** Brings {@code f} forward: selected in the findings list, and its service selected in the table. */
    public void reveal(Finding f) {
        findings.select(f);
        selectService(f);
    }

    private void showMe(Finding f) {
        if (ReleaseViewModel.aboutConfigJson(f)) {
            elsewhere.accept(f);
        } else if (selectService(f)) {
            services.requestFocus();
        }
    }

    private boolean selectService(Finding f) {
        int row = vm.serviceIndex(f);
        if (row < 0) {
            return false;
        }
        services.getSelectionModel().select(row);
        services.scrollTo(row);
        return true;
    }
}
