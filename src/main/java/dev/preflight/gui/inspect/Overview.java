package dev.preflight.gui.inspect;

import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.gui.common.FindingsPane;
import dev.preflight.gui.common.Sections;
import dev.preflight.gui.common.VerdictBanner;
import java.io.File;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;

/** The dashboard's first page: the verdict banner, what the card is, its partitions to scale and its findings. */
final class Overview {
    private final VerdictBanner banner = new VerdictBanner("verdictLabel", "verdictDetail", "verdictBanner");
    private final GridPane summary = new GridPane();
    private final PartitionBar bar = new PartitionBar();
    private final FindingsPane findings;

    /** @param showInEditor "show me" for a finding */
    Overview(InspectViewModel vm, Consumer<Finding> showInEditor) {
        this.findings = new FindingsPane("", vm.findings(), () -> vm.reportProperty().get() == null ? null
                : vm.reportProperty().get().source().path(), FindingCode.AREAS, new FindingsPane.Show("Show in editor",
                "Open the line, field or file this finding is about (double-click a row)",
                f -> FindingTargets.tabFor(f) != null, showInEditor));
    }

    Region banner() {
        banner.title().setText("No card open");
        return banner.node();
    }

    Region body() {
        summary.setId("summary");
        summary.getStyleClass().add("summary");
        summary.setHgap(16);
        summary.setVgap(4);
        Region findingsBody = findings.body();
        return Sections.body(10, findingsBody, summary, Sections.title("Partitions"), bar,
                findings.header("Findings, by area"), findingsBody);
    }

    /** "FAIL — card.img", as the banner's title says. */
    static String heading(InspectionReport r) {
        return VerdictBanner.word(r.verdict()) + " — " + new File(r.source().path()).getName();
    }

    void show(InspectionReport r) {
        banner.colour(r.verdict(), false);
        banner.title().setText(heading(r));
        banner.detail().setText(VerdictBanner.counts(r.findings()));
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
}
