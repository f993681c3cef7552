package dev.preflight.gui.release;

import dev.preflight.core.report.Finding;
import dev.preflight.gui.common.Buttons;
import dev.preflight.gui.common.FileDrops;
import dev.preflight.gui.common.FindingsPane;
import dev.preflight.gui.common.Sections;
import dev.preflight.gui.common.TextAreas;
import dev.preflight.gui.common.VerdictBanner;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.controlsfx.control.StatusBar;
import javafx.beans.binding.Bindings;

/**
 * The lint window: a verdict banner, the findings in the app's findings list, and beside it the lines the
 * selected finding names (read-only, the line marked) with the file's path; "Open file" hands the file to
 * the desktop's editor. A folder or file dropped on the window is linted.
 */
public final class LintView extends BorderPane {
    private final LintViewModel vm;
    private final Consumer<Path> opener;
    private final FindingsPane findings;
    private final Label sourceTitle = new Label();
    private final TextField sourcePath = new TextField();
    private final TextArea source = new TextArea();

    /** @param opener opens a file with the desktop's own application (HostServices in the app) */
    public LintView(LintViewModel vm, Consumer<Path> opener) {
        this.vm = vm;
        this.opener = opener;
        setId("lintView");
        findings = new FindingsPane("lint", vm.findings(), () -> {
            Path p = vm.lintedProperty().get();
            return p == null ? null : p.toString();
        }, List.of("release"), new FindingsPane.Show("Open file", "Open the file this finding names with the"
                + " desktop's editor (double-click a row)", f -> vm.excerpt(f) != null,
                f -> opener.accept(vm.excerpt(f).path())));
        findings.selectedProperty().addListener((o, a, f) -> showSource(f));
        setTop(new VBox(toolbar(), banner()));
        setCenter(body());
        setBottom(statusBar());
        FileDrops.open(this, f -> vm.lint(f.toPath()));
    }

    private ToolBar toolbar() {
        Button folder = Buttons.withTip("lintFolder", "Lint folder…", "Lint a balena project folder (docker-compose.yml or"
                + " a Dockerfile)");
        folder.setOnAction(e -> chooseFolder());
        Button file = Buttons.withTip("lintFile", "Lint file…", "Lint a docker-compose.yml or a single Dockerfile");
        file.setOnAction(e -> chooseFile());
        Button again = Buttons.withTip("lintAgain", "Lint again", "Read the project again, e.g. after editing it");
        again.disableProperty().bind(vm.lintedProperty().isNull().or(vm.busyProperty()));
        again.setOnAction(e -> vm.lintAgain());
        return new ToolBar(folder, file, new Separator(), again);
    }

    private Region banner() {
        VerdictBanner banner = new VerdictBanner("lintVerdict", "lintDetail", "lintBanner");
        banner.title().textProperty().bind(vm.headingProperty());
        banner.detail().setWrapText(true);
        banner.detail().textProperty().bind(vm.detailProperty());
        Runnable restyle = () -> banner.colour(vm.verdictProperty().get(), vm.errorProperty().get() != null);
        vm.verdictProperty().addListener((o, a, v) -> restyle.run());
        vm.errorProperty().addListener((o, a, err) -> restyle.run());
        return banner.node();
    }

    private Region body() {
        Region list = findings.body();
        VBox left = Sections.body(10, list, findings.header("Findings"), list);
        sourceTitle.setId("lintSourceTitle");
        sourceTitle.getStyleClass().add("section-title");
        sourcePath.setId("lintSourcePath");
        sourcePath.setEditable(false);
        sourcePath.setAccessibleText("The file the selected finding names");
        source.setId("lintSource");
        source.getStyleClass().add("code-area");
        source.setEditable(false);
        source.setWrapText(false);
        source.setAccessibleText("The lines the selected finding names, that line marked with >");
        VBox right = Sections.body(8, source, sourceTitle, sourcePath, source);
        showSource(null);
        SplitPane split = new SplitPane(left, right);
        split.setId("lintSplit");
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.58);
        return split;
    }

    private void showSource(Finding f) {
        LintViewModel.Excerpt x = f == null ? null : vm.excerpt(f);
        if (x == null) {
            sourceTitle.setText(f == null ? "Source" : "Source: this finding names no line");
            sourcePath.setText(f == null || f.location() == null ? "" : f.location());
            source.setText("");
            return;
        }
        sourceTitle.setText(x.file() + ", line " + x.line());
        sourcePath.setText(x.path() + ":" + x.line());
        sourcePath.end(); // a long path shows its end: the file's name and the line
        source.setText(x.text());
        TextAreas.selectLine(source, x.markedRow()); // the line in the theme's selection colour
    }

    private Region statusBar() {
        StatusBar status = new StatusBar();
        status.setId("lintStatus");
        status.textProperty().bind(vm.statusProperty());
        status.progressProperty().bind(Bindings.when(vm.busyProperty()).then(-1.0)
                .otherwise(0.0));
        return status;
    }

    /** Asks for a project folder and lints it. */
    public void chooseFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Lint a balena project folder");
        File f = dc.showDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            vm.lint(f.toPath());
        }
    }

    /** Asks for a docker-compose.yml or a Dockerfile and lints it. */
    public void chooseFile() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Lint a docker-compose.yml or a Dockerfile");
        fc.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Compose files and Dockerfiles", "docker-compose.yml",
                        "docker-compose.yaml", "Dockerfile", "Dockerfile.*", "*.Dockerfile", "*.dockerfile"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File f = fc.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            vm.lint(f.toPath());
        }
    }

    /** The window's title for the last path linted. */
    static String title(Path linted) {
        return "Preflight — Lint" + (linted == null ? "" : " — " + linted.getFileName());
    }
}
