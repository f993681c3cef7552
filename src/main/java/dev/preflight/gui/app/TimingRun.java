package dev.preflight.gui.app;

import dev.preflight.gui.inspect.InspectViewModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/**
 * The desktop benchmark behind {@code -Dpreflight.timing=true} (docs/benchmarks.md, desktop section). It
 * measures launch -> window, launch -> first report, the longest FX-thread stall from the first frame
 * until 0.8 s after that report, then the longest stall while every tab is opened in turn (300 ms each),
 * and prints one {@code preflight-timing} line; with {@code -Dpreflight.timing.exit=true} the app then quits.
 */
final class TimingRun {
    private final FxStallMonitor stalls = new FxStallMonitor().start();
    private final Instant launched = ProcessHandle.current().info().startInstant().orElse(Instant.now());
    private final Map<String, Long> perTab = new LinkedHashMap<>();
    private long window;
    private long inspected = -1;
    private long drawn;

    /** Call right after the window is shown. */
    void windowShown(Scene scene, InspectViewModel vm) {
        window = sinceLaunch();
        Runnable[] firstFrame = new Runnable[1];
        firstFrame[0] = () -> { // stalls count from the first frame on, i.e. while the inspection runs
            stalls.reset();
            scene.removePostLayoutPulseListener(firstFrame[0]);
        };
        scene.addPostLayoutPulseListener(firstFrame[0]);
        vm.onReport(r -> {
            if (inspected < 0) {
                inspected = sinceLaunch();
                after(800, () -> walkTabs((TabPane) scene.lookup("#tabs")));
            }
        });
    }

    private void walkTabs(TabPane tabs) {
        drawn = stalls.maxMillis();
        List<Tab> order = new ArrayList<>(tabs.getTabs());
        Collections.reverse(order); // from the last tab back to Overview
        open(tabs, order, 0);
    }

    private void open(TabPane tabs, List<Tab> order, int i) {
        if (i == order.size()) {
            report();
            return;
        }
        stalls.reset();
        tabs.getSelectionModel().select(order.get(i));
        after(300, () -> {
            perTab.put(order.get(i).getId(), stalls.maxMillis());
            open(tabs, order, i + 1);
        });
    }

    private void report() {
        long worstTab = perTab.values().stream().mapToLong(Long::longValue).max().orElse(0);
        String each = perTab.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
        System.err.printf("preflight-timing window-ms=%d inspected-ms=%d max-fx-stall-ms=%d max-tab-stall-ms=%d"
                + " tab-stalls=%s%n", window, inspected, drawn, worstTab, each);
        System.err.flush();
        if (Boolean.getBoolean("preflight.timing.exit")) {
            Platform.exit();
        }
    }

    private long sinceLaunch() {
        return Duration.between(launched, Instant.now()).toMillis();
    }

    private static void after(long millis, Runnable r) {
        PauseTransition p = new PauseTransition(javafx.util.Duration.millis(millis));
        p.setOnFinished(e -> r.run());
        p.play();
    }
}
