package dev.preflight.gui.common;

import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;

/** Toolbar buttons: an id for tests, the tooltip also read out by screen readers. */
public final class Buttons {
    private Buttons() {
    }

    public static Button withTip(String id, String text, String tip) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setAccessibleHelp(tip);
        return b;
    }
}
