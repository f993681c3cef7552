package dev.preflight.gui.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.edit.BackupStore;
import dev.preflight.core.edit.ConfigService;
import dev.preflight.core.edit.Editing;
import dev.preflight.core.provision.EditJournal;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.gui.config.ConfigEditorViewModel;
import dev.preflight.support.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inspecting the same card again keeps unsaved edits, except those whose save was refused because the card's
 * file changed since the editor opened it: the refusal says the next inspection loads the card's version.
 */
class EditorTabsReloadTest {
    @TempDir
    Path dir;

    @Test
    void aSaveRefusedBecauseTheCardChangedLetsTheNextInspectionLoadTheCardsVersion() {
        Path img = Fixtures.copy("tabs-reload", ImageSpec.raspberryPi(), dir);
        BackupStore backups = new BackupStore(dir.resolve("backups"));
        ConfigEditorViewModel vm = new ConfigEditorViewModel(Runnable::run, Runnable::run,
                new Editing(backups, EditJournal.log(EditJournal.defaultLog())));
        vm.load(img.toString());
        assertThat(EditorTabs.reloads(true, vm)).isTrue(); // nothing unsaved
        vm.hostname.set("from-the-app");
        assertThat(EditorTabs.reloads(true, vm)).isFalse(); // unsaved edits are kept on F5
        assertThat(EditorTabs.reloads(false, vm)).isTrue(); // another card (the view asked to discard first)

        new ConfigService(backups).set(img.toString(), null, "country", TextNode.valueOf("DE"), CancellationToken.none());
        vm.save(() -> { });
        assertThat(vm.errorProperty().get()).contains("changed", "F5", "replaces your changes");
        assertThat(vm.changedOnCard()).isTrue();
        assertThat(EditorTabs.reloads(true, vm)).isTrue();

        vm.load(img.toString()); // what F5 then does
        assertThat(vm.changedOnCard()).isFalse();
        assertThat(vm.country.get()).isEqualTo("DE");
        assertThat(vm.hostname.get()).isNotEqualTo("from-the-app");
    }
}
