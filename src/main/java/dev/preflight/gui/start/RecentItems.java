package dev.preflight.gui.start;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The last opened images, cards and folders (newest first, at most 10), kept in the user's preferences. */
public final class RecentItems {
    static final int LIMIT = 10;
    private final Preferences prefs;
    private final ObservableList<String> items = FXCollections.observableArrayList();

    public RecentItems(Preferences prefs) {
        this.prefs = prefs;
        for (int i = 0; i < LIMIT; i++) {
            String s = prefs.get("recent." + i, null);
            if (s != null && !s.isBlank() && !items.contains(s)) {
                items.add(s);
            }
        }
    }

    /** Moves {@code path} to the top. The demo card's cache path is not worth remembering. */
    public void add(String path) {
        if (path == null || path.isBlank()) {
            return;
        }
        List<String> next = new ArrayList<>(items);
        next.remove(path);
        next.add(0, path);
        while (next.size() > LIMIT) {
            next.remove(next.size() - 1);
        }
        items.setAll(next);
        save();
    }

    public void remove(String path) {
        items.remove(path);
        save();
    }

    public void clear() {
        items.clear();
        save();
    }

    private void save() {
        for (int i = 0; i < LIMIT; i++) {
            if (i < items.size()) {
                prefs.put("recent." + i, items.get(i));
            } else {
                prefs.remove("recent." + i);
            }
        }
        // written to disk off the FX thread: the first flush loads an XML writer (about 50 ms)
        FLUSH.execute(() -> {
            try {
                prefs.flush();
            } catch (BackingStoreException | IllegalStateException e) {
                // preferences are a convenience; the app works without them
            }
        });
    }

    private static final Executor FLUSH = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "preflight-prefs");
        t.setDaemon(true);
        return t;
    });

    public ObservableList<String> items() {
        return items;
    }
}
