package dev.preflight.gui.common;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;

/** Work spread over frames, so that one frame never has to lay out everything at once. FX thread only. */
public final class Frames {
    /** If no frame comes (a window the system does not draw), the work runs after this long anyway. */
    static final long FALLBACK_MILLIS = 300;
    private static final ScheduledExecutorService FALLBACK = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "preflight-frames");
        t.setDaemon(true);
        return t;
    });

    private Frames() {
    }

    /**
     * Runs {@code r} once the next frame of {@code node}'s scene has been laid out, so that frame draws what
     * changed before and the work of {@code r} is laid out in the frame after. At once without a scene.
     */
    public static void afterNextFrame(Node node, Runnable r) {
        Scene scene = node.getScene();
        if (scene == null) {
            r.run();
            return;
        }
        boolean[] done = {false};
        Runnable[] listener = new Runnable[1];
        Runnable once = () -> { // FX thread
            scene.removePostLayoutPulseListener(listener[0]);
            if (!done[0]) {
                done[0] = true;
                r.run();
            }
        };
        // run outside the pulse: the listener list is not changed while it is being walked
        listener[0] = () -> Platform.runLater(once);
        scene.addPostLayoutPulseListener(listener[0]);
        Platform.requestNextPulse();
        FALLBACK.schedule(() -> Platform.runLater(once), FALLBACK_MILLIS, TimeUnit.MILLISECONDS);
    }
}
