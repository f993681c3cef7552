package dev.preflight.gui.common;

import javafx.scene.control.TextArea;

/** Line-based navigation in a TextArea (config.txt editor, serial console). */
public final class TextAreas {
    private TextAreas() {
    }

    /** Selects line {@code n} (1-based) without its newline; does nothing past the end. */
    public static void selectLine(TextArea area, int n) {
        String s = area.getText();
        int start = 0;
        for (int line = 1; line < n; line++) {
            int nl = s.indexOf('\n', start);
            if (nl < 0) {
                return;
            }
            start = nl + 1;
        }
        int end = s.indexOf('\n', start);
        area.selectRange(start, end < 0 ? s.length() : end);
    }

    /** The 1-based line of character position {@code pos}. */
    public static int lineAt(TextArea area, int pos) {
        String s = area.getText();
        int line = 1;
        for (int i = 0; i < Math.min(pos, s.length()); i++) {
            if (s.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
