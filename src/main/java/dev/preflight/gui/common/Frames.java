package dev.preflight.gui.common;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;

/** Work spread over frames, so that one frame never has to lay out everything at once. FX thread only. */
public final class Frames {
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
        boolean[] scheduled = {false};
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            if (!scheduled[0]) {
                scheduled[0] = true;
                Platform.runLater(() -> { // outside the pulse: the listener list is not changed while it runs
                    scene.removePostLayoutPulseListener(listener[0]);
                    r.run();
                });
            }
        };
        scene.addPostLayoutPulseListener(listener[0]);
        Platform.requestNextPulse();
    }
}
