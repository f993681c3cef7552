package dev.preflight.gui.common;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** What the panes of a view are made of: padded "body" columns and the section titles that head them. */
public final class Sections {
    private Sections() {
    }

    /** A section's title ("Diagnostics", "Partitions"), styled as one. */
    public static Label title(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    /** A padded column of {@code nodes}, {@code spacing} apart, in which {@code grow} takes the height left. */
    public static VBox body(double spacing, Node grow, Node... nodes) {
        VBox box = new VBox(spacing, nodes);
        box.getStyleClass().add("body");
        VBox.setVgrow(grow, Priority.ALWAYS);
        return box;
    }
}
