package dev.preflight.gui.common;

import java.util.ArrayList;
import java.util.List;

/**
 * Work that must wait for an editor's background load: selecting a line or focusing a field the
 * user asked for while the card was still being read. FX thread only.
 */
public final class AfterLoad {
    private final List<Runnable> waiting = new ArrayList<>();
    private int running;

    /** A load was started. */
    public void started() {
        running++;
    }

    /** A load ended; the waiting work runs when it succeeded and no other load is still running. */
    public void finished(boolean ok) {
        running = Math.max(0, running - 1);
        if (running > 0) {
            return;
        }
        List<Runnable> now = List.copyOf(waiting);
        waiting.clear();
        if (ok) {
            now.forEach(Runnable::run);
        }
    }

    /** Runs {@code r} now when nothing is loading and {@code loaded}; later when a load is running. */
    public void run(boolean loaded, Runnable r) {
        if (running > 0) {
            waiting.add(r);
        } else if (loaded) {
            r.run();
        }
    }

    public boolean loading() {
        return running > 0;
    }
}
