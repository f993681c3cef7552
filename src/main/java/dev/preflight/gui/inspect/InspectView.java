package dev.preflight.gui.inspect;

import dev.preflight.core.configtxt.ConfigTxtFixes;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.Verdict;
import dev.preflight.core.report.FindingCode;
import dev.preflight.gui.common.Buttons;
import dev.preflight.gui.common.Dialogs;
import dev.preflight.gui.common.FileDrops;
import dev.preflight.gui.common.FindingsPane;
import dev.preflight.gui.common.Jobs;
import dev.preflight.gui.common.Notifier;
import dev.preflight.gui.config.ConfigEditorView;
import dev.preflight.gui.config.ConfigEditorViewModel;
import dev.preflight.gui.configtxt.ConfigTxtEditorView;
import dev.preflight.gui.configtxt.ConfigTxtEditorViewModel;
import dev.preflight.gui.release.ReleaseView;
import dev.preflight.gui.release.ReleaseViewModel;
import dev.preflight.gui.wifi.WifiView;
import dev.preflight.gui.wifi.WifiViewModel;
import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.controlsfx.control.StatusBar;

/** The inspection dashboard: verdict banner, identity, partitions to scale, findings. */
public final class InspectView extends BorderPane {
    private final InspectViewModel vm;
    private final Label verdict = new Label("No card open");
    private final Label verdictDetail = new Label();
    private final GridPane summary = new GridPane();
    private final PartitionBar bar = new PartitionBar();
    private final FindingsPane findings;
    private final DetailTabs details = new DetailTabs();
    private final Jobs jobs = new Jobs();
    private final Notifier notifier;

    private final Editors editors;
    private final TabPane tabs = new TabPane();
    private ConfigEditorView configView;
    private ConfigTxtEditorView configTxtView;
    private Tab integrityTab;
    private Tab wearTab;
    private Tab releaseTab;
    private ReleaseView release;
    private Tab configTab;
    private Tab configTxtTab;
    private Tab networkTab;
    /** What a tab still has to show of the last report: filled in when the tab is opened, not before. */
    private final Map<Tab, Runnable> whenShown = new HashMap<>();
    private String lastSource;

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
        this.editors = editors;
        this.notifier = notifier;
        this.findings = new FindingsPane("", vm.findings(), () -> vm.reportProperty().get() == null ? null
                : vm.reportProperty().get().source().path(), FindingCode.AREAS, new FindingsPane.Show("Show in editor",
                "Open the line, field or file this finding is about (double-click a row)",
                f -> FindingTargets.tabFor(f) != null, this::showInEditor));
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
        setTop(new VBox(toolbar(), banner()));
        setCenter(body());
        setBottom(statusBar());
        vm.onReport(this::show);
        vm.onReport(r -> notifier.jobEnded(window(), new Notifier.Notice("Inspection finished: "
                + verdictWord(r) + " — " + new File(r.source().path()).getName(), verdictDetail.getText(),
                r.verdict() != Verdict.PASS)));
        vm.errorProperty().addListener((o, a, msg) -> {
            if (msg != null) {
                showError(msg, vm.errorDetailsProperty().get());
            }
        });
        FileDrops.open(this, f -> open(f.getAbsolutePath()));
    }

    private ToolBar toolbar() {
        Button image = button("openImage", "Open image…", "Open a raw or compressed balenaOS image (Ctrl+O)");
        image.setOnAction(e -> chooseImage());
        Button folder = button("openFolder", "Open boot folder…", "Open a mounted resin-boot partition");
        folder.setOnAction(e -> chooseFolder());
        Button demo = button("openDemo", "Demo card", "Inspect the bundled demo card");
        demo.setOnAction(e -> openDemo());
        Button cancel = button("cancel", "Cancel", "Stop the running inspection");
        cancel.disableProperty().bind(vm.busyProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        Button again = button("inspectAgain", "Inspect again", "Read the card again, e.g. after changing it elsewhere (F5)");
        again.disableProperty().bind(noCardOrBusy());
        again.setOnAction(e -> inspectAgain());
        Button whole = button("inspectWhole", "Read whole image",
                "Read every partition, even deep inside a gzip, bzip2, zstd or zip image (slower; like 'inspect --deep')");
        whole.disableProperty().bind(noCardOrBusy());
        whole.setOnAction(e -> vm.inspectWholeImage());
        Button record = button("recordInLog", "Record in log",
                "Add this inspection to the provisioning log, as 'inspect --record' does (Ctrl+L)");
        record.disableProperty().bind(noCardOrBusy().or(vm.recordedProperty().greaterThan(0)));
        record.setOnAction(e -> vm.recordInLog());
        ToolBar bar = new ToolBar(image, folder, demo, new Separator(), cancel, new Separator(), again, whole);
        if (vm.hasLog()) {
            bar.getItems().add(record);
        }
        return bar;
    }

    private BooleanBinding noCardOrBusy() {
        return vm.reportProperty().isNull().or(vm.busyProperty());
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
        List<String> out = new ArrayList<>();
        if (configView != null) {
            configView.flushRaw(); // typing not yet handed over counts too
        }
        if (configTxtView != null) {
            configTxtView.flushTyping();
        }
        if (editors.config() != null && editors.config().dirty()) {
            out.add("config.json");
        }
        if (editors.configTxt() != null && editors.configTxt().dirty()) {
            out.add("config.txt");
        }
        return out;
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
            if (editors.config() != null) {
                editors.config().revert();
            }
            if (editors.configTxt() != null) {
                editors.configTxt().revert();
            }
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

    private static Button button(String id, String text, String tip) {
        return Buttons.withTip(id, text, tip);
    }

    private Region banner() {
        verdict.setId("verdictLabel");
        verdict.getStyleClass().add("verdict-title");
        verdictDetail.setId("verdictDetail");
        verdictDetail.getStyleClass().add("verdict-detail");
        VBox box = new VBox(2, verdict, verdictDetail);
        box.setId("verdictBanner");
        box.getStyleClass().addAll("verdict-banner", "verdict-none");
        return box;
    }

    private Region body() {
        summary.setId("summary");
        summary.getStyleClass().add("summary");
        summary.setHgap(16);
        summary.setVgap(4);
        Label partsTitle = new Label("Partitions");
        partsTitle.getStyleClass().add("section-title");
        Region findingsBody = findings.body();
        VBox box = new VBox(10, summary, partsTitle, bar, findings.header("Findings, by area"), findingsBody);
        box.getStyleClass().add("body");
        VBox.setVgrow(findingsBody, Priority.ALWAYS);
        Tab overview = new Tab("Overview", box);
        overview.setId("tabOverview");
        integrityTab = new Tab("Integrity", details.integrity());
        integrityTab.setId("tabIntegrity");
        wearTab = new Tab("Wear", details.wear());
        wearTab.setId("tabWear");
        release = new ReleaseView(new ReleaseViewModel(), this::showInEditor);
        releaseTab = new Tab("Release", release);
        releaseTab.setId("tabRelease");
        tabs.getTabs().addAll(overview, integrityTab, wearTab, releaseTab);
        if (editors.config() != null) {
            configView = new ConfigEditorView(editors.config());
            configTab = tab("tabConfig", "config.json", configView);
            tabs.getTabs().add(configTab);
        }
        if (editors.configTxt() != null) {
            configTxtView = new ConfigTxtEditorView(editors.configTxt());
            configTxtTab = tab("tabConfigTxt", "config.txt", configTxtView);
            tabs.getTabs().add(configTxtTab);
        }
        if (editors.wifi() != null) {
            networkTab = tab("tabNetwork", "Network", new WifiView(editors.wifi()));
            tabs.getTabs().add(networkTab);
        }
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, t) -> {
            Runnable fill = whenShown.remove(t);
            if (fill != null) {
                fill.run();
            }
        });
        tabs.setId("tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        return tabs;
    }

    private static Tab tab(String id, String title, Node content) {
        // wrapped: a Tab sets its content's disable state, and the editors bind theirs to "loaded"
        Tab t = new Tab(title, new StackPane(content));
        t.setId(id);
        return t;
    }

    /**
     * Opens the place a finding is about: the config.txt line, the config.json field, the network
     * tab, the boot file in the integrity view or the wear view. Returns the tab's id, or null.
     */
    public String showInEditor(Finding f) {
        String target = FindingTargets.tabFor(f);
        if (target == null) {
            return null;
        }
        Tab t = tabs.getTabs().stream().filter(x -> target.equals(x.getId())).findFirst()
                .orElse(null);
        if (t == null) {
            return null;
        }
        tabs.getSelectionModel().select(t);
        switch (target) {
            case "tabConfigTxt" -> {
                int line = ConfigTxtFixes.lineOf(f);
                if (line > 0) {
                    editors.configTxt().selectLine(line);
                }
            }
            case "tabConfig" -> {
                String key = FindingTargets.configKey(f);
                if (key != null) { // after the tab is laid out, and after config.json is read if it is being read
                    editors.config().whenLoaded(() -> Platform.runLater(() -> configView.focusKey(key)));
                }
            }
            case "tabIntegrity" -> details.filter.setText(FindingTargets.bootFile(f));
            case "tabRelease" -> release.reveal(f);
            default -> { }
        }
        return target;
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

    private static String verdictWord(InspectionReport r) {
        return r.verdict() == Verdict.PASS ? "PASS" : r.verdict() == Verdict.WARN ? "WARNINGS" : "FAIL";
    }

    private void show(InspectionReport r) {
        Region banner = (Region) lookup("#verdictBanner");
        banner.getStyleClass().removeAll("verdict-none", "verdict-pass", "verdict-warn", "verdict-fail");
        banner.getStyleClass().add("verdict-" + r.verdict().word());
        String name = new File(r.source().path()).getName();
        verdict.setText(verdictWord(r) + " — " + name);
        long errors = r.findings().stream().filter(f -> f.severity().word().equals("error")).count();
        long warnings = r.findings().stream().filter(f -> f.severity().word().equals("warning")).count();
        verdictDetail.setText(String.format("%d error(s), %d warning(s), %d finding(s) in all", errors, warnings,
                r.findings().size()));
        summary.getChildren().clear();
        // two pairs a row (the source on a row of its own): the height goes to the findings and their detail
        add(0, 0, "Device type", r.os() == null ? null : r.os().deviceType());
        add(0, 2, "balenaOS", r.os() == null ? null : (r.os().version() == null ? "unknown"
                : r.os().version() + (r.os().variant() == null ? "" : " (" + r.os().variant() + ")"))
                + (r.os() != null && r.os().flasher() ? ", flasher image" : ""));
        add(1, 0, "Fleet", r.config() == null || r.config().applicationId() == null ? "not configured"
                : String.valueOf(r.config().applicationId()));
        add(1, 2, "Boot partition", r.boot() == null ? "not found" : (r.boot().partition() == null ? "folder"
                : "#" + r.boot().partition()) + " " + (r.boot().label() == null ? "" : r.boot().label()) + ", "
                + r.boot().filesystem() + ", " + r.boot().fileCount() + " files");
        Label source = add(2, 0, "Source", r.source().path() + " (" + r.source().kind() + ")");
        GridPane.setColumnSpan(source, 3);
        bar.show(r);
        // The other tabs are filled when they are opened (at once for the one on screen): the frame that
        // draws the verdict never also lays out hidden tables and editors.
        whenShown(integrityTab, () -> details.showIntegrity(r));
        whenShown(wearTab, () -> details.showWear(r));
        whenShown(releaseTab, () -> release.show(r));
        String src = vm.sourceProperty().get();
        boolean sameCard = src != null && src.equals(lastSource);
        lastSource = src;
        if (src == null) {
            return;
        }
        // a re-inspection of the same card never throws away unsaved edits
        if (editors.config() != null && !(sameCard && editors.config().dirty())) {
            whenShown(configTab, () -> editors.config().load(src));
        }
        if (editors.configTxt() != null && !(sameCard && editors.configTxt().dirty())) {
            whenShown(configTxtTab, () -> editors.configTxt().load(src));
        }
        if (editors.wifi() != null) {
            whenShown(networkTab, () -> editors.wifi().load(src));
        }
    }

    private void whenShown(Tab tab, Runnable fill) {
        if (tab.isSelected()) {
            whenShown.remove(tab);
            fill.run();
        } else {
            whenShown.put(tab, fill);
        }
    }

    private Label add(int row, int column, String key, String value) {
        Label k = new Label(key);
        k.getStyleClass().add("summary-key");
        Label v = new Label(value == null ? "—" : value);
        v.setId("summary-" + key.toLowerCase(Locale.ROOT).replace(' ', '-'));
        if (column > 0) {
            GridPane.setMargin(k, new Insets(0, 0, 0, 24));
        }
        summary.add(k, column, row);
        summary.add(v, column + 1, row);
        return v;
    }

    /** The File and Help menus, with keyboard shortcuts. */
    public MenuBar menuBar(Runnable quit) {
        MenuItem open = new MenuItem("Open image…");
        open.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        open.setOnAction(e -> chooseImage());
        MenuItem folder = new MenuItem("Open boot folder…");
        folder.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+O"));
        folder.setOnAction(e -> chooseFolder());
        MenuItem demo = new MenuItem("Open demo card");
        demo.setAccelerator(KeyCombination.keyCombination("Shortcut+D"));
        demo.setOnAction(e -> openDemo());
        MenuItem again = new MenuItem("Inspect again");
        again.setAccelerator(KeyCombination.keyCombination("F5"));
        again.setOnAction(e -> inspectAgain());
        again.disableProperty().bind(noCardOrBusy());
        MenuItem whole = new MenuItem("Read whole image");
        whole.setOnAction(e -> vm.inspectWholeImage());
        whole.disableProperty().bind(noCardOrBusy());
        MenuItem record = new MenuItem("Record in provisioning log");
        record.setAccelerator(KeyCombination.keyCombination("Shortcut+L"));
        record.setOnAction(e -> vm.recordInLog());
        record.disableProperty().bind(noCardOrBusy().or(vm.recordedProperty().greaterThan(0)));
        MenuItem save = new MenuItem("Save to card…");
        save.setId("menuSave");
        save.setAccelerator(KeyCombination.keyCombination("Shortcut+S"));
        save.setOnAction(e -> saveOpenEditor());
        save.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            Tab t = tabs.getSelectionModel().getSelectedItem();
            return t == null || (t != configTab && t != configTxtTab);
        }, tabs.getSelectionModel().selectedItemProperty()));
        MenuItem exit = new MenuItem("Quit");
        exit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        exit.setOnAction(e -> quit.run());
        Menu file = new Menu("_File", null, open, folder, demo,
                new SeparatorMenuItem(), again, whole,
                new SeparatorMenuItem(), save,
                new SeparatorMenuItem(), exit);
        MenuItem about = new MenuItem("About Preflight");
        about.setId("menuAbout");
        about.setOnAction(e -> about());
        Menu help = new Menu("_Help", null, about);
        if (vm.hasLog()) {
            file.getItems().add(file.getItems().indexOf(whole) + 1, record);
        }
        MenuBar mb = new MenuBar(file, help);
        mb.setId("menuBar");
        return mb;
    }

    /** File > Save to card… (Ctrl+S): the config.json or config.txt editor on screen saves, after its diff. */
    public void saveOpenEditor() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        if (t != null && t == configTab) {
            configView.saveToCard();
        } else if (t != null && t == configTxtTab) {
            configTxtView.saveToCard();
        }
    }

    private void about() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(window());
        a.setTitle("About Preflight");
        a.setHeaderText("Preflight " + dev.preflight.Version.get());
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
