package dev.preflight.gui.inspect;

import dev.preflight.gui.common.Buttons;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Button;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCombination;

/**
 * The window's commands, said once: the toolbar and the File menu are both built from this list, so a
 * command has one handler, one shortcut and one rule for when it is available wherever it appears.
 */
final class InspectActions {
    /**
     * One command. {@code button} is its toolbar text (null: not on the toolbar), {@code menu} its menu text
     * (null: not in the menu), {@code keys} its shortcut (null: none), {@code disabled} when it is not
     * available (null: always available).
     */
    record Action(String id, String button, String menu, String tip, String keys, Runnable run,
                  ObservableBooleanValue disabled) {
    }

    private final List<List<Action>> groups = new ArrayList<>();

    /** Starts a new group: groups are divided by separators in the toolbar and the menu. */
    InspectActions group(Action... actions) {
        groups.add(new ArrayList<>(List.of(actions)));
        return this;
    }

    /** Adds {@code a} to the end of the last group. */
    InspectActions add(Action a) {
        groups.get(groups.size() - 1).add(a);
        return this;
    }

    ToolBar toolBar() {
        ToolBar bar = new ToolBar();
        bar.getItems().addAll(grouped(a -> a.button() == null ? null : button(a), Separator::new));
        return bar;
    }

    Menu menu(String title) {
        Menu m = new Menu(title);
        m.getItems().addAll(grouped(a -> a.menu() == null ? null : item(a), SeparatorMenuItem::new));
        return m;
    }

    /** What {@code make} gives for each action (null: nothing there), with a separator between groups. */
    private <T> List<T> grouped(Function<Action, T> make, Supplier<T> separator) {
        List<T> out = new ArrayList<>();
        for (List<Action> g : groups) {
            List<T> made = new ArrayList<>();
            for (Action a : g) {
                T t = make.apply(a);
                if (t != null) {
                    made.add(t);
                }
            }
            if (!made.isEmpty()) {
                if (!out.isEmpty()) {
                    out.add(separator.get());
                }
                out.addAll(made);
            }
        }
        return out;
    }

    private static Button button(Action a) {
        String tip = a.keys() == null ? a.tip() : a.tip() + " (" + KeyCombination.keyCombination(a.keys())
                .getDisplayText() + ")";
        Button b = Buttons.withTip(a.id(), a.button(), tip);
        b.setOnAction(e -> a.run().run());
        if (a.disabled() != null) {
            b.disableProperty().bind(a.disabled());
        }
        return b;
    }

    private static MenuItem item(Action a) {
        MenuItem i = new MenuItem(a.menu());
        i.setId("menu" + Character.toUpperCase(a.id().charAt(0)) + a.id().substring(1));
        if (a.keys() != null) {
            i.setAccelerator(KeyCombination.keyCombination(a.keys()));
        }
        i.setOnAction(e -> a.run().run());
        if (a.disabled() != null) {
            i.disableProperty().bind(a.disabled());
        }
        return i;
    }
}
