package dev.preflight.gui.common;

import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The background jobs running now, across windows (station checks, a log export), so the main window's
 * status bar can show that work is going on. FX thread only.
 */
public final class Jobs {
    private final ObservableList<String> running = FXCollections.observableArrayList();
    private final ObservableList<String> view = FXCollections.unmodifiableObservableList(running);

    /** Records that {@code what} started; run the returned action once when it ends (more runs do nothing). */
    public Runnable started(String what) {
        running.add(what);
        boolean[] ended = {false};
        return () -> {
            if (!ended[0]) {
                ended[0] = true;
                running.remove(what);
            }
        };
    }

    /** What is running, oldest first. */
    public ObservableList<String> running() {
        return view;
    }

    /** "Checking sdb" or "3 jobs running: a, b, c"; empty when nothing runs. */
    public static String describe(List<String> running) {
        return running.isEmpty() ? "" : running.size() == 1 ? running.get(0)
                : running.size() + " jobs running: " + String.join(", ", running);
    }
}
