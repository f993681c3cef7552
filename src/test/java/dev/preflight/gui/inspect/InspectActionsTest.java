package dev.preflight.gui.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.gui.inspect.InspectActions.Action;
import javafx.scene.control.Button;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

/** The toolbar and the menu built from one list of commands, each showing its own, groups apart. */
@ExtendWith(ApplicationExtension.class)
class InspectActionsTest {
    private static Action action(String id, String button, String menu) {
        return new Action(id, button, menu, "tip", null, () -> { }, null);
    }

    @Test
    void eachShowsItsOwnCommandsWithOneSeparatorBetweenGroupsThatShowAny() {
        InspectActions a = new InspectActions()
                .group(action("open", "Open", "Open…"), action("recent", null, "Recent"))
                .group(action("lint", "Lint", null))
                .group(action("hidden", null, null))
                .group(action("save", "Save", "Save"));
        assertThat(a.toolBar().getItems()).extracting(n -> n instanceof Separator ? "|" : ((Button) n).getText())
                .containsExactly("Open", "|", "Lint", "|", "Save");
        assertThat(a.menu("File").getItems()).extracting(i -> i instanceof SeparatorMenuItem ? "|" : i.getText())
                .containsExactly("Open…", "Recent", "|", "Save");
    }
}
