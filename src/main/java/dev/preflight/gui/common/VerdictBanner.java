package dev.preflight.gui.common;

import dev.preflight.core.report.Finding;
import dev.preflight.core.report.Severity;
import dev.preflight.core.report.Verdict;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The verdict banner of the dashboard and of the lint window: a title ("FAIL — card.img"), a line of counts
 * below it, and the verdict's colour (the theme's verdict-* classes).
 */
public final class VerdictBanner {
    private final Label title = new Label();
    private final Label detail = new Label();
    private final VBox box = new VBox(2, title, detail);

    /** @param ids the ids of the title, the detail line and the banner, for tests and the theme */
    public VerdictBanner(String titleId, String detailId, String boxId) {
        title.setId(titleId);
        title.getStyleClass().add("verdict-title");
        detail.setId(detailId);
        detail.getStyleClass().add("verdict-detail");
        box.setId(boxId);
        box.getStyleClass().addAll("verdict-banner", "verdict-none");
    }

    public Region node() {
        return box;
    }

    public Label title() {
        return title;
    }

    public Label detail() {
        return detail;
    }

    /** Colours the banner for {@code v}: as a failure when {@code failed}, grey while there is no verdict. */
    public void colour(Verdict v, boolean failed) {
        box.getStyleClass().removeAll("verdict-none", "verdict-pass", "verdict-warn", "verdict-fail");
        box.getStyleClass().add(failed ? "verdict-fail" : v == null ? "verdict-none" : "verdict-" + v.word());
    }

    /** PASS, WARNINGS or FAIL, as the banner's title starts. */
    public static String word(Verdict v) {
        return v == Verdict.PASS ? "PASS" : v == Verdict.WARN ? "WARNINGS" : "FAIL";
    }

    /** "1 error(s), 2 warning(s), 5 finding(s) in all". */
    public static String counts(List<Finding> findings) {
        long errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        long warnings = findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
        return String.format("%d error(s), %d warning(s), %d finding(s) in all", errors, warnings, findings.size());
    }
}
