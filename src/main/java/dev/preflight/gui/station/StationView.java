package dev.preflight.gui.station;

import dev.preflight.gui.common.Notifier;
import java.io.File;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.controlsfx.control.StatusBar;

/** Station mode: a large PASS/FAIL tile per reader, the profile in use, and the running totals. */
public final class StationView extends BorderPane {
    private final StationViewModel vm;
    private final FlowPane tiles = new FlowPane(14, 14);

    public StationView(StationViewModel vm) {
        this(vm, Notifier.controlsFx());
    }

    /** With {@code notifier}: a card that finishes while this window is not focused is announced there. */
    public StationView(StationViewModel vm, Notifier notifier) {
        this.vm = vm;
        setId("stationView");
        vm.onFinished(t -> notifier.jobEnded(getScene() == null ? null : getScene().getWindow(), notice(t)));
        Label profile = new Label();
        profile.setId("stationProfile");
        profile.getStyleClass().add("section-title");
        profile.textProperty().bind(Bindings.createStringBinding(() -> vm.profileProperty().get() == null
                ? "No profile" : "Profile: " + vm.profileProperty().get().name, vm.profileProperty()));
        Button open = new Button("Open profile…");
        open.setId("stationOpenProfile");
        open.setOnAction(e -> chooseProfile());
        Button edit = new Button("New / edit profile…");
        edit.setId("stationEditProfile");
        edit.setOnAction(e -> new ProfileDialog(vm.profileProperty().get(), vm.profilePathProperty().get())
                .show(getScene().getWindow()).ifPresent(r -> vm.useProfile(r.profile(), r.file())));
        Button image = new Button("Check image or folder…");
        image.setId("stationCheckImage");
        image.setTooltip(new Tooltip("Check an image file against the profile, e.g. before flashing a stack of cards"));
        image.setOnAction(e -> chooseImage());
        Button clear = new Button("Clear pulled cards");
        clear.setId("stationClear");
        clear.setOnAction(e -> vm.clearRemoved());
        Label totals = new Label();
        totals.setId("stationTotals");
        totals.textProperty().bind(Bindings.createStringBinding(() -> vm.passedProperty().get() + " passed · "
                + vm.failedProperty().get() + " failed", vm.passedProperty(), vm.failedProperty()));
        setTop(new ToolBar(profile, new Separator(), open, edit, image, clear, new Separator(), totals));

        tiles.setId("stationTiles");
        tiles.getStyleClass().add("body");
        ScrollPane scroll = new ScrollPane(tiles);
        scroll.setFitToWidth(true);
        setCenter(scroll);
        vm.tiles().addListener((ListChangeListener<StationTile>) c -> rebuild());
        rebuild();

        StatusBar status = new StatusBar();
        status.setId("stationStatus");
        status.textProperty().bind(vm.messageProperty());
        // indeterminate while any reader is being checked: the core reports no fraction per card
        status.progressProperty().bind(Bindings.when(vm.checkingProperty().greaterThan(0)).then(-1.0).otherwise(0.0));
        Label checking = new Label();
        checking.setId("stationChecking");
        checking.textProperty().bind(Bindings.createStringBinding(() -> vm.checkingProperty().get() == 0 ? ""
                : "checking " + vm.checkingProperty().get() + " card(s)", vm.checkingProperty()));
        Label log = new Label("Log: " + vm.logFile());
        log.getStyleClass().add("muted");
        Label shared = new Label();
        shared.setId("stationSharedLog");
        shared.getStyleClass().add("muted");
        shared.textProperty().bind(vm.sharedLogProperty());
        status.getRightItems().add(checking);
        // where the records go on a line of its own, so neither path nor shared-log state is cut off
        HBox logs = new HBox(8, log, new Separator(Orientation.VERTICAL), shared);
        logs.setPadding(new Insets(2, 8, 4, 8));
        setBottom(new VBox(status, logs));
    }

    /** "PASS — SanDisk 32 GB in Reader A" with the tile's detail and first reason. */
    static Notifier.Notice notice(StationTile t) {
        String card = t.cardName();
        String reason = t.reasons.isEmpty() ? "" : "\n" + t.reasons.get(0);
        return new Notifier.Notice(t.state.get().name() + " — " + card, t.detail.get() + reason,
                t.state.get() != StationTile.State.PASS);
    }

    private void rebuild() {
        tiles.getChildren().setAll(vm.tiles().stream().map(StationView::tile).toList());
        if (vm.tiles().isEmpty()) {
            Label empty = new Label("Insert a card into a reader. Each card is checked as soon as it appears;"
                    + " the result stays here when you pull it.");
            empty.setWrapText(true);
            empty.getStyleClass().add("muted");
            tiles.getChildren().add(empty);
        }
    }

    static VBox tile(StationTile t) {
        Label title = new Label();
        title.getStyleClass().add("tile-title");
        title.textProperty().bind(Bindings.createStringBinding(() -> switch (t.state.get()) {
            case PASS -> "PASS";
            case FAIL -> "FAIL";
            case CHECKING -> "Checking…";
            case WAITING -> "Waiting";
        }, t.state));
        Label card = new Label();
        card.getStyleClass().add("tile-card");
        card.setWrapText(true);
        card.textProperty().bind(Bindings.createStringBinding(t::cardName, t.card));
        Label detail = new Label();
        detail.setWrapText(true);
        detail.textProperty().bind(t.detail);
        Label presence = new Label();
        presence.textProperty().bind(t.presence);
        Label shared = new Label();
        shared.getStyleClass().add("muted");
        shared.textProperty().bind(t.shared);
        VBox reasons = new VBox(2);
        Runnable fill = () -> reasons.getChildren().setAll(t.reasons.stream().limit(6).map(r -> {
            Label l = new Label("• " + r);
            l.setWrapText(true);
            return l;
        }).toList());
        t.reasons.addListener((ListChangeListener<String>) c -> fill.run());
        fill.run();
        VBox box = new VBox(title, card, detail, reasons, new HBox(presence), shared);
        box.getStyleClass().add("tile");
        box.setId("tile-" + new File(t.device).getName().replaceAll("[^A-Za-z0-9_-]", "-"));
        Runnable style = () -> {
            box.getStyleClass().removeAll("tile-pass", "tile-fail", "tile-busy", "tile-idle");
            box.getStyleClass().add(switch (t.state.get()) {
                case PASS -> "tile-pass";
                case FAIL -> "tile-fail";
                case CHECKING -> "tile-busy";
                case WAITING -> "tile-idle";
            });
        };
        t.state.addListener(o -> style.run());
        style.run();
        box.setAccessibleText(t.device + " " + t.state.get().name().toLowerCase(Locale.ROOT));
        return box;
    }

    private void chooseProfile() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a station profile");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Station profiles", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File f = fc.showOpenDialog(getScene().getWindow());
        if (f != null) {
            vm.openProfile(f.toPath());
        }
    }

    private void chooseImage() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Check an image against the profile");
        File f = fc.showOpenDialog(getScene().getWindow());
        if (f != null) {
            vm.check(f.getAbsolutePath(), f.getName());
        }
    }

}
