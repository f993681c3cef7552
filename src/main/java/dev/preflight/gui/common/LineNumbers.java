package dev.preflight.gui.common;

import javafx.scene.control.TextArea;

/**
 * A line-number column for a text area: a second, read-only text area in the same font that follows the
 * first one's scrolling. Diagnostics name lines ("Line 20 loads overlay…"), so the numbers are on screen.
 */
public final class LineNumbers {
    private LineNumbers() {
    }

    /** The column for {@code text}; put it to the left of {@code text}, both in the same style class. */
    public static TextArea gutterFor(TextArea text) {
        TextArea gutter = new TextArea();
        gutter.getStyleClass().addAll(text.getStyleClass().filtered(c -> !c.equals("text-area")));
        gutter.getStyleClass().add("line-gutter");
        gutter.setEditable(false);
        gutter.setFocusTraversable(false);
        gutter.setMouseTransparent(true);
        gutter.setWrapText(false);
        gutter.setAccessibleText("line numbers");
        gutter.setPrefColumnCount(3);
        gutter.setMinWidth(gutter.getPrefWidth());
        int[] shown = {-1};
        Runnable update = () -> {
            int lines = count(text.getText());
            if (lines != shown[0]) {
                shown[0] = lines;
                gutter.setText(numbers(lines));
                gutter.setPrefColumnCount(Math.max(3, String.valueOf(lines).length() + 1));
            }
        };
        update.run();
        text.textProperty().addListener((o, a, b) -> update.run());
        text.scrollTopProperty().addListener((o, a, top) -> gutter.setScrollTop(top.doubleValue()));
        gutter.scrollTopProperty().addListener((o, a, top) -> { // the gutter's own layout must not drift
            if (top.doubleValue() != text.getScrollTop()) {
                gutter.setScrollTop(text.getScrollTop());
            }
        });
        return gutter;
    }

    static int count(String s) {
        int n = 1;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return s.endsWith("\n") ? n - 1 : n;
    }

    /** "1\n2\n…", plus spare lines so the column can always scroll as far as the text (whose horizontal
     *  scroll bar, when it has one, makes its view shorter). */
    static String numbers(int lines) {
        StringBuilder b = new StringBuilder();
        int width = String.valueOf(Math.max(1, lines)).length();
        for (int i = 1; i <= Math.max(1, lines); i++) {
            b.append(String.format("%" + width + "d", i)).append('\n');
        }
        return b.append("\n\n").toString();
    }
}
