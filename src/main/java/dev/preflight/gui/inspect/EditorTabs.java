package dev.preflight.gui.inspect;

import dev.preflight.core.configtxt.ConfigTxtFixes;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.report.Finding;
import dev.preflight.gui.common.CardFileEditor;
import dev.preflight.gui.config.ConfigEditorView;
import dev.preflight.gui.configtxt.ConfigTxtEditorView;
import dev.preflight.gui.release.ReleaseView;
import dev.preflight.gui.release.ReleaseViewModel;
import dev.preflight.gui.wifi.WifiView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.StackPane;

/**
 * The dashboard's tabs: the overview, the read-only views (integrity, wear) and the editors (config.json,
 * config.txt, network). A tab is filled from the last report when it is opened, not before; "show me" opens
 * the tab and the place a finding is about; unsaved edits are found and saved or thrown away here.
 */
final class EditorTabs {
    private final TabPane tabs = new TabPane();
    private final InspectView.Editors editors;
    private final DetailTabs details = new DetailTabs();
    private final Tab integrityTab;
    private final Tab wearTab;
    private final Tab releaseTab;
    private final ReleaseView release;
    private ConfigEditorView configView;
    private ConfigTxtEditorView configTxtView;
    private Tab configTab;
    private Tab configTxtTab;
    private Tab networkTab;
    /** What a tab still has to show of the last report: filled in when the tab is opened, not before. */
    private final Map<Tab, Runnable> whenShown = new HashMap<>();
    private String lastSource;

    EditorTabs(Node overview, InspectView.Editors editors) {
        this.editors = editors;
        Tab overviewTab = new Tab("Overview", overview);
        overviewTab.setId("tabOverview");
        integrityTab = new Tab("Integrity", details.integrity());
        integrityTab.setId("tabIntegrity");
        wearTab = new Tab("Wear", details.wear());
        wearTab.setId("tabWear");
        release = new ReleaseView(new ReleaseViewModel(), this::showInEditor);
        releaseTab = new Tab("Release", release);
        releaseTab.setId("tabRelease");
        tabs.getTabs().addAll(overviewTab, integrityTab, wearTab, releaseTab);
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
    }

    TabPane pane() {
        return tabs;
    }

    private static Tab tab(String id, String title, Node content) {
        // wrapped: a Tab sets its content's disable state, and the editors bind theirs to "loaded"
        Tab t = new Tab(title, new StackPane(content));
        t.setId(id);
        return t;
    }

    /** A report arrived for {@code src}: each tab is filled from it when it is next opened. */
    void show(InspectionReport r, String src) {
        whenShown(integrityTab, () -> details.showIntegrity(r));
        whenShown(wearTab, () -> details.showWear(r));
        whenShown(releaseTab, () -> release.show(r));
        boolean sameCard = src != null && src.equals(lastSource);
        lastSource = src;
        if (src == null) {
            return;
        }
        if (editors.config() != null && reloads(sameCard, editors.config())) {
            whenShown(configTab, () -> editors.config().load(src));
        }
        if (editors.configTxt() != null && reloads(sameCard, editors.configTxt())) {
            whenShown(configTxtTab, () -> editors.configTxt().load(src));
        }
        if (editors.wifi() != null) {
            whenShown(networkTab, () -> editors.wifi().load(src));
        }
    }

    /**
     * Whether a report for the card reloads {@code editor}: a re-inspection of the same card never throws away
     * unsaved edits, unless their save was refused because the card's file changed since it was opened (the
     * refusal told the technician the next inspection loads the card's version).
     */
    static boolean reloads(boolean sameCard, CardFileEditor<?, ?> editor) {
        return !sameCard || !editor.dirty() || editor.changedOnCard();
    }

    private void whenShown(Tab tab, Runnable fill) {
        if (tab.isSelected()) {
            whenShown.remove(tab);
            fill.run();
        } else {
            whenShown.put(tab, fill);
        }
    }

    /**
     * Opens the place a finding is about: the config.txt line, the config.json field, the network
     * tab, the boot file in the integrity view or the wear view. Returns the tab's id, or null.
     */
    String showInEditor(Finding f) {
        String target = FindingTargets.tabFor(f);
        if (target == null) {
            return null;
        }
        Tab t = tabs.getTabs().stream().filter(x -> target.equals(x.getId())).findFirst().orElse(null);
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

    /** The editors holding changes not yet written to the card ("config.json", "config.txt"). */
    List<String> unsaved() {
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

    /** Throws away unsaved edits now (the user said so). */
    void discard() {
        if (editors.config() != null) {
            editors.config().revert();
        }
        if (editors.configTxt() != null) {
            editors.configTxt().revert();
        }
    }

    /** Whether the tab on screen cannot save (it is not the config.json or config.txt editor). */
    BooleanBinding cannotSave() {
        return Bindings.createBooleanBinding(() -> {
            Tab t = tabs.getSelectionModel().getSelectedItem();
            return t == null || (t != configTab && t != configTxtTab);
        }, tabs.getSelectionModel().selectedItemProperty());
    }

    /** The config.json or config.txt editor on screen saves, after its diff. */
    void saveOpenEditor() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        if (t != null && t == configTab) {
            configView.saveToCard();
        } else if (t != null && t == configTxtTab) {
            configTxtView.saveToCard();
        }
    }
}
