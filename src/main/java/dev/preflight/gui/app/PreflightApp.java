package dev.preflight.gui.app;

import dev.preflight.Version;
import dev.preflight.core.batch.RemovableCards;
import dev.preflight.core.demo.DemoCard;
import dev.preflight.core.edit.Editing;
import dev.preflight.core.provision.EditJournal;
import dev.preflight.gui.common.Dialogs;
import dev.preflight.gui.common.Frames;
import dev.preflight.gui.common.Jobs;
import dev.preflight.gui.common.Notifier;
import dev.preflight.gui.config.ConfigEditorViewModel;
import dev.preflight.gui.configtxt.ConfigTxtEditorViewModel;
import dev.preflight.gui.inspect.InspectView;
import dev.preflight.gui.inspect.InspectViewModel;
import dev.preflight.gui.log.LogExportDialog;
import dev.preflight.gui.release.LintWindow;
import dev.preflight.gui.serial.SerialView;
import dev.preflight.gui.serial.SerialViewModel;
import dev.preflight.gui.start.RecentItems;
import dev.preflight.gui.start.StartPanel;
import dev.preflight.gui.station.StationView;
import dev.preflight.gui.station.StationViewModel;
import dev.preflight.gui.wifi.WifiViewModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

/** The desktop app. Start it through {@link #launchApp}, never as the jar's main class. */
public final class PreflightApp extends Application {
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> daemon(r, "preflight-worker"));
    private final ScheduledExecutorService scanner = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "preflight-card-scan"));
    private final Preferences prefs = Preferences.userNodeForPackage(PreflightApp.class);
    private LintWindow lint;

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public static void launchApp(String path) {
        launchApp(path, null);
    }

    /** With {@code stationProfile}, the station window opens on that profile as well. */
    public static void launchApp(String path, String stationProfile) {
        List<String> args = new ArrayList<>();
        if (stationProfile != null) {
            args.add("--station=" + stationProfile);
        }
        if (path != null) {
            args.add(path);
        }
        Application.launch(PreflightApp.class, args.toArray(new String[0]));
    }

    /** Whether a window can be shown (Linux needs an X11 or Wayland display). */
    public static boolean displayAvailable() {
        String os = System.getProperty("os.name", "").toLowerCase();
        if (os.contains("win") || os.contains("mac") || "Monocle".equals(System.getProperty("glass.platform"))) {
            return true;
        }
        return notBlank(System.getenv("DISPLAY")) || notBlank(System.getenv("WAYLAND_DISPLAY"));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    @Override
    public void start(Stage stage) {
        TimingRun timing = Boolean.getBoolean("preflight.timing") ? new TimingRun() : null;
        Editing editing = EditJournal.forUser();
        InspectViewModel vm = new InspectViewModel(worker, Platform::runLater, DemoCard.defaultCacheDir(),
                EditJournal.defaultLog());
        InspectView view = new InspectView(vm, new InspectView.Editors(
                new ConfigEditorViewModel(worker, Platform::runLater, editing),
                new ConfigTxtEditorViewModel(worker, Platform::runLater, editing),
                new WifiViewModel(worker, Platform::runLater, editing)));
        RecentItems recent = new RecentItems(prefs.node("recent"));
        StartPanel start = new StartPanel(recent, view::open, view::chooseImage, view::chooseFolder, view::openDemo);
        vm.onReport(r -> {
            String src = vm.sourceProperty().get();
            if (src != null && !src.startsWith(DemoCard.defaultCacheDir().toString())) {
                recent.add(src);
            }
        });
        start.watch(scanner, RemovableCards::present);

        BorderPane root = new BorderPane(view);
        root.setLeft(prefs.getBoolean("startPanel", true) ? start : null);
        Scene scene = new Scene(root, 1180, 780);
        scene.getStylesheets().add(PreflightApp.class.getResource("/dev/preflight/gui/preflight.css").toExternalForm());
        Theme.Mode mode = Theme.parse(prefs.get("theme", "system"));
        Theme.apply(mode, scene);
        MenuBar menus = view.menuBar(() -> {
            if (view.confirmDiscard("quit")) {
                stage.close();
            }
        });
        stage.setOnCloseRequest(e -> { // the window's close button: the same question as File > Quit
            if (!view.confirmDiscard("close Preflight")) {
                e.consume();
            }
        });
        menus.getMenus().add(1, viewMenu(scene, root, start, mode));
        lint = new LintWindow(stage, view.jobs(), p -> getHostServices().showDocument(p.toUri().toString()));
        menus.getMenus().get(0).getItems().addAll(3, List.of(new SeparatorMenuItem(),
                lint.menuItem())); // File, after the ways to open a card
        MenuItem stationItem = new MenuItem("Station mode…");
        stationItem.setAccelerator(KeyCombination.keyCombination("Shortcut+B"));
        stationItem.setOnAction(e -> station(stage, null, view.jobs()));
        MenuItem serialItem = new MenuItem("Serial console…");
        serialItem.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+S"));
        serialItem.setOnAction(e -> serial(stage, vm));
        MenuItem exportItem = new MenuItem("Export provisioning log…");
        exportItem.setAccelerator(KeyCombination.keyCombination("Shortcut+E"));
        exportItem.setOnAction(e -> worker.execute(() -> {
            Path log = EditJournal.defaultLog();
            try {
                LogExportDialog d = new LogExportDialog(log)
                        .reportingTo(view.jobs(), Notifier.controlsFx());
                Platform.runLater(() -> d.show(stage));
            } catch (IOException ex) {
                Platform.runLater(() -> Dialogs.error(stage, "logReadError",
                        "The provisioning log cannot be read", log + ": " + ex.getMessage(), null));
            }
        }));
        menus.getMenus().add(2, new Menu("_Tools", null, stationItem, serialItem,
                new SeparatorMenuItem(), exportItem));
        root.setTop(menus);

        stage.setTitle("Preflight " + Version.get());
        stage.getIcons().add(new Image(PreflightApp.class.getResourceAsStream(
                "/dev/preflight/gui/preflight-256.png")));
        stage.setScene(scene);
        stage.setWidth(prefs.getDouble("width", 1180));
        stage.setHeight(prefs.getDouble("height", 780));
        stage.setOnHiding(e -> {
            prefs.putDouble("width", stage.getWidth());
            prefs.putDouble("height", stage.getHeight());
        });
        stage.setMinWidth(820);
        stage.setMinHeight(520);
        stage.show();
        if (timing != null) {
            timing.windowShown(scene, vm);
        }
        List<String> args = getParameters().getUnnamed();
        String stationProfile = getParameters().getNamed().get("station");
        if (stationProfile != null) {
            station(stage, Path.of(stationProfile), view.jobs());
        }
        // the first inspection starts once the window's first frame is painted: the worker does not compete
        // with that (software-rendered) first paint, and the window answers at once
        Runnable first = args.isEmpty() || args.get(0).isBlank() ? vm::openDemo : () -> vm.inspect(args.get(0));
        Frames.afterNextFrame(root, () -> Frames.afterNextFrame(root,
                first));
    }

    private Stage stationStage;
    private Stage serialStage;

    /** The station window: one per app; reopening brings it to the front. */
    private void station(Stage owner, Path profile, Jobs jobs) {
        if (stationStage == null) {
            StationViewModel svm = new StationViewModel(
                    Executors.newFixedThreadPool(3, r -> daemon(r, "preflight-station")), Platform::runLater,
                    EditJournal.defaultLog());
            svm.reportJobsTo(jobs); // the main window's status bar shows the checks while they run
            StationView sv = new StationView(svm);
            scanner.scheduleWithFixedDelay(() -> {
                List<RemovableCards.Card> now = RemovableCards.present();
                Platform.runLater(() -> svm.cardsNow(now));
            }, 0, 1500, TimeUnit.MILLISECONDS);
            stationStage = new Stage();
            Scene scene = new Scene(sv, 1100, 720);
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
            scene.getRoot().getStyleClass().addAll(owner.getScene().getRoot().getStyleClass());
            stationStage.setScene(scene);
            stationStage.setTitle("Preflight — Station");
            stationStage.getIcons().addAll(owner.getIcons());
            stationStage.setUserData(svm);
        }
        if (profile != null) {
            ((StationViewModel) stationStage.getUserData()).openProfile(profile);
        }
        stationStage.show();
        stationStage.toFront();
    }

    private void serial(Stage owner, InspectViewModel vm) {
        if (serialStage == null) {
            SerialViewModel svm = new SerialViewModel(
                    Executors.newSingleThreadExecutor(r -> daemon(r, "preflight-serial")), Platform::runLater,
                    EditJournal.defaultLog());
            serialStage = new Stage();
            Scene scene = new Scene(new SerialView(svm, vm.sourceProperty()), 1000, 680);
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
            serialStage.setScene(scene);
            serialStage.setTitle("Preflight — Serial console");
            serialStage.getIcons().addAll(owner.getIcons());
            serialStage.setOnHiding(e -> svm.disconnect());
        }
        serialStage.show();
        serialStage.toFront();
    }

    private Menu viewMenu(Scene scene, BorderPane root, StartPanel start, Theme.Mode mode) {
        ToggleGroup group = new ToggleGroup();
        Menu theme = new Menu("Theme");
        for (Theme.Mode m : Theme.Mode.values()) {
            RadioMenuItem item = new RadioMenuItem(switch (m) {
                case SYSTEM -> "Follow the system";
                case LIGHT -> "Light";
                case DARK -> "Dark";
            });
            item.setId("theme" + m.name());
            item.setToggleGroup(group);
            item.setSelected(m == mode);
            item.setOnAction(e -> {
                prefs.put("theme", m.name().toLowerCase());
                Theme.apply(m, scene);
            });
            theme.getItems().add(item);
        }
        CheckMenuItem showStart = new CheckMenuItem("Start panel");
        showStart.setAccelerator(KeyCombination.keyCombination("F9"));
        showStart.setSelected(root.getLeft() != null);
        showStart.setOnAction(e -> {
            root.setLeft(showStart.isSelected() ? start : null);
            prefs.putBoolean("startPanel", showStart.isSelected());
        });
        return new Menu("_View", null, showStart, theme);
    }

    @Override
    public void stop() {
        worker.shutdownNow();
        scanner.shutdownNow();
        if (lint != null) {
            lint.stop();
        }
    }
}
