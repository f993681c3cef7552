package dev.preflight.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.batch.RemovableCards;
import dev.preflight.core.batch.StationProfile;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.gui.common.Notifier;
import dev.preflight.gui.station.StationView;
import dev.preflight.gui.station.StationViewModel;
import dev.preflight.support.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Station mode on screen: two readers at once, large PASS/FAIL tiles with reasons (Monocle headless in CI). */
@ExtendWith(ApplicationExtension.class)
class StationViewFxTest {
    /** Removed after each test (the cards copied here are hundreds of megabytes). */
    @TempDir
    Path tmp;
    private final ExecutorService checkers = Executors.newFixedThreadPool(2);
    private StationViewModel vm;
    private Path dir;
    private final java.util.List<Notifier.Notice> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Whether the user is "looking elsewhere": Monocle reports every window focused, so the test decides. */
    private volatile boolean away;

    @Start
    void start(Stage stage) throws Exception {
        dir = Files.createDirectories(tmp.resolve("station"));
        vm = new StationViewModel(checkers, Platform::runLater, dir.resolve("log.jsonl"));
        Notifier.Popup recorded = (owner, title, text, problem) -> {
            notices.add(new Notifier.Notice(title, text, problem));
            Notifier.CONTROLSFX.show(owner, title, text, problem);
        };
        FxScenes.show(stage, new StationView(vm, new Notifier(recorded, w -> !away)), 1100, 620);
    }

    @AfterEach
    void stop() {
        checkers.shutdownNow();
    }

    @Test
    void twoReadersGiveTwoTilesWithTheirOwnVerdicts(FxRobot robot) throws Exception {
        Path good = Fixtures.copy("fx-station-good", ImageSpec.raspberryPi(), dir);
        Path old = Fixtures.copy("fx-station-old", ImageSpec.raspberryPi().osVersion("2.88.4"), dir);
        StationProfile p = new StationProfile();
        p.name = "kiosk-lot-7";
        p.deviceType = "raspberrypi4-64";
        p.osVersion = ">=6.0.0 <7";
        robot.interact(() -> {
            vm.useProfile(p, null);
            vm.cardsNow(List.of(new RemovableCards.Card(good.toString(), 31_900_000_000L, "Reader A", null,
                            List.of("resin-boot"), List.of()),
                    new RemovableCards.Card(old.toString(), 31_900_000_000L, "Reader B", null, List.of(), List.of())));
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.passedProperty().get() + vm.failedProperty().get() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#tile-" + good.getFileName().toString().replace('.', '-') + " .tile-title").queryAs(Label.class).getText())
                .isEqualTo("PASS");
        assertThat(robot.lookup("#tile-" + old.getFileName().toString().replace('.', '-') + " .tile-title").queryAs(Label.class).getText())
                .isEqualTo("FAIL");
        assertThat(robot.lookup("#stationTotals").queryAs(Label.class).getText()).isEqualTo("1 passed · 1 failed");
        assertThat(robot.lookup("#tile-" + old.getFileName().toString().replace('.', '-')).queryAs(javafx.scene.layout.VBox.class)
                .getStyleClass()).contains("tile-fail");
        assertThat(notices).isEmpty(); // the window was watched: the tiles say it all
        assertThat(robot.lookup("#stationStatus").queryAs(org.controlsfx.control.StatusBar.class).getText())
                .startsWith("Profile \"kiosk-lot-7\"");
        InspectViewFxTest.screenshotWindow(robot, "#stationView", "station.png");
    }

    @Test
    void aCardThatFinishesWhileTheWindowIsNotWatchedIsAnnounced(FxRobot robot) throws Exception {
        Path old = Fixtures.copy("fx-station-old", ImageSpec.raspberryPi().osVersion("2.88.4"), dir);
        StationProfile p = new StationProfile();
        p.name = "kiosk-lot-8";
        p.deviceType = "raspberrypi4-64";
        p.osVersion = ">=6.0.0 <7";
        away = true;
        org.controlsfx.control.StatusBar status = robot.lookup("#stationStatus")
                .queryAs(org.controlsfx.control.StatusBar.class);
        robot.interact(() -> {
            vm.useProfile(p, null);
            vm.cardsNow(List.of(new RemovableCards.Card(old.toString(), 31_900_000_000L, "Reader B", null, List.of(),
                    List.of())));
            // while the card is checked, the status bar's progress runs and says how many
            assertThat(vm.checkingProperty().get()).isEqualTo(1);
            assertThat(status.getProgress()).isEqualTo(-1.0);
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.failedProperty().get() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(status.getProgress()).isZero();
        assertThat(notices).singleElement().satisfies(n -> {
            assertThat(n.title()).startsWith("FAIL — ").contains("Reader B");
            assertThat(n.text()).contains("log #1").contains(vm.tiles().get(0).reasons.get(0));
            assertThat(n.problem()).isTrue();
        });
        // and ControlsFX's popup is on screen, under Monocle too
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxScenes.onFx(() -> robot.lookup(".notification-bar .title")
                .tryQuery().isPresent()));
        assertThat(robot.lookup(".notification-bar .title").queryAs(Label.class).getText()).isEqualTo(
                notices.get(0).title());
    }
}
