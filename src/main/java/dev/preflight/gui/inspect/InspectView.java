package dev.preflight.gui.inspect;

import dev.preflight.Version;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.Verdict;
import dev.preflight.gui.common.Dialogs;
import dev.preflight.gui.common.FileDrops;
import dev.preflight.gui.common.Jobs;
import dev.preflight.gui.common.Notifier;
import dev.preflight.gui.common.VerdictBanner;
import dev.preflight.gui.config.ConfigEditorViewModel;
import dev.preflight.gui.configtxt.ConfigTxtEditorViewModel;
import dev.preflight.gui.inspect.InspectActions.Action;
import dev.preflight.gui.wifi.WifiViewModel;
import java.io.File;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.controlsfx.control.StatusBar;

/**
 * The inspection window: the commands (toolbar and File menu, from one {@link InspectActions} list), the
 * {@link Overview} and the other tabs ({@link EditorTabs}), and the status bar. It opens cards and asks
 * before unsaved edits would be lost.
 */
public final class InspectView extends BorderPane {
    private final InspectViewModel vm;
    private final Overview overview;
    private final EditorTabs tabs;
    private final Jobs jobs = new Jobs();
    private final Notifier notifier;

    /** The editors shown as tabs beside the inspection; any may be null. */
    public record Editors(ConfigEditorViewModel config,
                          ConfigTxtEditorViewModel configTxt,
                          WifiViewModel wifi) {
        public static Editors none() {
            return new Editors(null, null, null);
        }
    }

    public InspectView(InspectViewModel vm) {
        this(vm, Editors.none());
    }

    public InspectView(InspectViewModel vm, Editors editors) {
        this(vm, editors, Notifier.controlsFx());
    }

    /** With {@code notifier}: an inspection that ends while the window is not focused is announced there. */
    public InspectView(InspectViewModel vm, Editors editors, Notifier notifier) {
        this.vm = vm;
        this.notifier = notifier;
        this.overview = new Overview(vm, this::showInEditor);
        this.tabs = new EditorTabs(overview.body(), editors);
        Runnable reinspect = () -> { // after a write, the dashboard shows the card as it is now
            String src = vm.sourceProperty().get();
            if (src != null) {
                vm.inspect(src);
            }
        };
        if (editors.config() != null) {
            editors.config().setOnSaved(reinspect);
        }
        if (editors.configTxt() != null) {
            editors.configTxt().setOnSaved(reinspect);
        }
        if (editors.wifi() != null) {
            editors.wifi().setOnSaved(reinspect);
        }
        getStyleClass().add("inspect-view");
        setTop(new VBox(actions(null).toolBar(), overview.banner()));
        setCenter(tabs.pane());
        setBottom(statusBar());
        vm.onReport(r -> {
            overview.show(r);
            tabs.show(r, vm.sourceProperty().get());
        });
        vm.onReport(r -> notifier.jobEnded(window(), new Notifier.Notice("Inspection finished: "
                + Overview.heading(r), VerdictBanner.counts(r.findings()), r.verdict() != Verdict.PASS)));
        vm.errorProperty().addListener((o, a, msg) -> {
            if (msg != null) {
                showError(msg, vm.errorDetailsProperty().get());
            }
        });
        FileDrops.open(this, f -> open(f.getAbsolutePath()));
    }

    /** The window's commands; {@code quit} null leaves Quit out (the toolbar has none). */
    private InspectActions actions(Runnable quit) {
        BooleanBinding noCardOrBusy = vm.reportProperty().isNull().or(vm.busyProperty());
        InspectActions a = new InspectActions()
                .group(new Action("openImage", "Open image…", "Open image…",
                                "Open a raw or compressed balenaOS image", "Shortcut+O", this::chooseImage, null),
                        new Action("openFolder", "Open boot folder…", "Open boot folder…",
                                "Open a mounted resin-boot partition", "Shortcut+Shift+O", this::chooseFolder, null),
                        new Action("openDemo", "Demo card", "Open demo card", "Inspect the bundled demo card",
                                "Shortcut+D", this::openDemo, null))
                .group(new Action("cancel", "Cancel", null, "Stop the running inspection", null, vm::cancel,
                        vm.busyProperty().not()))
                .group(new Action("inspectAgain", "Inspect again", "Inspect again",
                                "Read the card again, e.g. after changing it elsewhere", "F5", this::inspectAgain,
                                noCardOrBusy),
                        new Action("inspectWhole", "Read whole image", "Read whole image", "Read every partition,"
                                + " even deep inside a gzip, bzip2, zstd or zip image (slower; like 'inspect --deep')",
                                null, vm::inspectWholeImage, noCardOrBusy));
        if (vm.hasLog()) {
            a.add(new Action("recordInLog", "Record in log", "Record in provisioning log",
                    "Add this inspection to the provisioning log, as 'inspect --record' does", "Shortcut+L",
                    vm::recordInLog, noCardOrBusy.or(vm.recordedProperty().greaterThan(0))));
        }
        a.group(new Action("save", null, "Save to card…", "Save the open editor to the card", "Shortcut+S",
                this::saveOpenEditor, tabs.cannotSave()));
        if (quit != null) {
            a.group(new Action("quit", null, "Quit", "Quit Preflight", "Shortcut+Q", quit, null));
        }
        return a;
    }

    /** Opens a card, image or folder; unsaved edits of another card are thrown away only if the user says so. */
    public void open(String path) {
        if (path.equals(vm.sourceProperty().get()) || confirmDiscard("open " + new File(path).getName())) {
            vm.inspect(path);
        }
    }

    /** Opens the bundled demo card, asking first about unsaved edits. */
    public void openDemo() {
        if (confirmDiscard("open the demo card")) {
            vm.openDemo();
        }
    }

    /** The editors holding changes not yet written to the card ("config.json", "config.txt"). */
    public List<String> unsavedEditors() {
        return tabs.unsaved();
    }

    /**
     * True when nothing unsaved would be lost by {@code action} ("quit", "open x.img"), or the user chose
     * to discard it.
     */
    public boolean confirmDiscard(String action) {
        List<String> unsaved = unsavedEditors();
        if (unsaved.isEmpty()) {
            return true;
        }
        String what = String.join(" and ", unsaved);
        String card = vm.sourceProperty().get() == null ? "the card" : new File(vm.sourceProperty().get()).getName();
        boolean discard = Dialogs.confirm(window(), "discardDialog",
                "Changes to " + what + " of " + card + " are not saved",
                "If you " + action + " now, they are lost. To keep them, choose Cancel and use Save to card… (Ctrl+S).",
                "Discard changes");
        if (discard) { // gone now, not when the editor next reads a card: nobody is asked about them again
            tabs.discard();
        }
        return discard;
    }

    /** Inspects the open card again (F5); unsaved edits in the editors are kept. */
    public void inspectAgain() {
        String src = vm.sourceProperty().get();
        if (src != null && !vm.busyProperty().get()) {
            vm.inspect(src);
        }
    }

    /**
     * Opens the place a finding is about: the config.txt line, the config.json field, the network
     * tab, the boot file in the integrity view or the wear view. Returns the tab's id, or null.
     */
    public String showInEditor(Finding f) {
        return tabs.showInEditor(f);
    }

    private Region statusBar() {
        StatusBar status = new StatusBar();
        status.setId("status");
        status.textProperty().bind(vm.statusProperty());
        // indeterminate while this window inspects or another job runs (station checks, a log export):
        // none of them reports a fraction the user could read anything from
        status.progressProperty().bind(Bindings.createDoubleBinding(() -> vm.busyProperty().get()
                || !jobs.running().isEmpty() ? -1.0 : 0.0, vm.busyProperty(), jobs.running()));
        Label running = new Label();
        running.setId("statusJobs");
        running.textProperty().bind(Bindings.createStringBinding(() -> Jobs.describe(jobs.running()),
                jobs.running()));
        status.getRightItems().add(running);
        return status;
    }

    /** Background jobs of other windows, shown in this window's status bar while they run. */
    public Jobs jobs() {
        return jobs;
    }

    /** The File and Help menus, with keyboard shortcuts (the same commands as the toolbar). */
    public MenuBar menuBar(Runnable quit) {
        Menu file = actions(quit).menu("_File");
        MenuItem about = new MenuItem("About Preflight");
        about.setId("menuAbout");
        about.setOnAction(e -> about());
        Menu help = new Menu("_Help", null, about);
        MenuBar mb = new MenuBar(file, help);
        mb.setId("menuBar");
        return mb;
    }

    /** File > Save to card… (Ctrl+S): the config.json or config.txt editor on screen saves, after its diff. */
    public void saveOpenEditor() {
        tabs.saveOpenEditor();
    }

    private void about() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(window());
        a.setTitle("About Preflight");
        a.setHeaderText("Preflight " + Version.get());
        a.setContentText("Checks balenaOS SD cards and images before they ship or are flashed.\n"
                + "Java " + System.getProperty("java.version") + ", JavaFX " + System.getProperty("javafx.runtime.version")
                + "\nCommand line: preflight --help");
        a.getDialogPane().setId("aboutDialog");
        a.show();
    }

    public void chooseImage() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a balenaOS image");
        fc.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Disk images", "*.img", "*.img.gz", "*.img.xz", "*.img.zst",
                        "*.img.bz2", "*.zip", "*.raw", "*.gz", "*.xz"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File f = fc.showOpenDialog(window());
        if (f != null) {
            open(f.getAbsolutePath());
        }
    }

    public void chooseFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open a mounted boot partition");
        File f = dc.showDialog(window());
        if (f != null) {
            open(f.getAbsolutePath());
        }
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    private void showError(String message, String details) {
        Alert a = new Alert(Alert.AlertType.ERROR);
        a.initOwner(window());
        a.setTitle("Preflight");
        a.setHeaderText(message);
        a.getDialogPane().setId("errorDialog");
        TextArea area = new TextArea(details);
        area.setEditable(false);
        area.setWrapText(true);
        a.getDialogPane().setExpandableContent(area);
        a.show();
    }
}
