package dev.preflight.gui.common;

import dev.preflight.core.report.Finding;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.Tooltip;

/** The tables' and lists' common parts: text columns, and findings coloured by severity. */
public final class Tables {
    private Tables() {
    }

    /** A read-only text column. */
    public static <T> TableColumn<T, String> text(String title, double width, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }

    /**
     * A row styled {@code sev-error}, {@code sev-warning} or {@code sev-info} by its finding, with the tooltip
     * {@code tip} gives (none for null). The tooltip is made on the first hover and reused: a tooltip is a
     * window of its own, too costly to make for every row a table shows.
     */
    public static TableRow<Finding> findingRow(Function<Finding, String> tip) {
        return new TableRow<>() {
            private Tooltip tooltip;

            {
                setOnMouseEntered(e -> showTip());
            }

            private void showTip() {
                String text = isEmpty() || getItem() == null ? null : tip.apply(getItem());
                if (text == null) {
                    setTooltip(null);
                    return;
                }
                if (tooltip == null) {
                    tooltip = new Tooltip();
                }
                tooltip.setText(text);
                setTooltip(tooltip);
            }

            @Override
            protected void updateItem(Finding f, boolean empty) {
                super.updateItem(f, empty);
                getStyleClass().removeAll("sev-error", "sev-warning", "sev-info");
                if (!empty && f != null) {
                    getStyleClass().add("sev-" + f.severity().word());
                }
                if (tooltip != null) {
                    showTip();
                }
            }
        };
    }

    /** "ERROR  CODE: message", the way the editors list their findings. */
    public static String findingLine(Finding f) {
        return f.severity().word().toUpperCase(Locale.ROOT) + "  " + f.code() + ": " + f.message();
    }

    /** A list cell showing {@code text} of its finding, styled by severity; {@code wrap} for long messages. */
    public static ListCell<Finding> findingCell(Function<Finding, String> text, boolean wrap) {
        return new ListCell<>() {
            {
                if (wrap) {
                    setWrapText(true);
                    setPrefWidth(0); // wrap at the list's width instead of widening it
                }
            }

            @Override
            protected void updateItem(Finding f, boolean empty) {
                super.updateItem(f, empty);
                getStyleClass().removeAll("sev-error", "sev-warning", "sev-info");
                setText(empty || f == null ? null : text.apply(f));
                if (!empty && f != null) {
                    getStyleClass().add("sev-" + f.severity().word());
                }
            }
        };
    }
}
