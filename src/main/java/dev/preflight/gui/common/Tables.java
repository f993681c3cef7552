package dev.preflight.gui.common;

import dev.preflight.core.report.Finding;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.Tooltip;

/** The tables' common parts: text columns, and finding rows coloured by severity. */
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
}
