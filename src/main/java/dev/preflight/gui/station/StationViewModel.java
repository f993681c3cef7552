package dev.preflight.gui.station;

import dev.preflight.Version;
import dev.preflight.core.batch.BatchService;
import dev.preflight.core.batch.RemovableCards;
import dev.preflight.core.batch.StationProfile;
import dev.preflight.core.provision.EditJournal;
import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.core.provision.SharedPusher;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.gui.common.Jobs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Station mode: every card that appears in a reader is verified against the station profile, each
 * on its own worker so several readers work at once, and shown as a tile. A tile keeps its last
 * result when the card is pulled, until a new card goes into that reader. A card that fails or
 * disappears mid-check never stops the others. Every check is recorded in the provisioning log
 * (action "batch", batch = profile name), exactly as {@code preflight batch} does.
 */
public final class StationViewModel {
    private final Executor checkers;
    private final Executor ui;
    private final Path logFile;
    private final ObservableList<StationTile> tiles = FXCollections.observableArrayList();
    private final Map<String, StationTile> byDevice = new HashMap<>();
    private final Set<String> present = new HashSet<>();
    private final ReadOnlyObjectWrapper<StationProfile> profile = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper profilePath = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Open a station profile, then insert cards.");
    private final ReadOnlyIntegerWrapper passed = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper failed = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper checking = new ReadOnlyIntegerWrapper();
    private final List<Consumer<StationTile>> finishedListeners = new CopyOnWriteArrayList<>();
    private Jobs jobs = new Jobs();
    private final ReadOnlyStringWrapper sharedLog = new ReadOnlyStringWrapper();
    private final SharedPusher pusher;

    public StationViewModel(Executor checkers, Executor ui, Path logFile) {
        this(checkers, ui, logFile, null);
    }

    /** As above; {@code pusher} pushes each card's record to the shared log (null: the configured one, if any). */
    public StationViewModel(Executor checkers, Executor ui, Path logFile, SharedPusher pusher) {
        this.checkers = checkers;
        this.ui = ui;
        this.logFile = logFile;
        SharedPusher p = pusher;
        if (p == null) {
            try {
                p = SharedPusher.ifConfigured(new ProvisioningLog(logFile));
            } catch (PreflightException e) {
                sharedLog.set("Shared log: " + e.getMessage() + " Records stay in this station's log.");
            }
        }
        this.pusher = p;
        if (p != null) {
            sharedLog.set(p.describe());
            p.onChange(s -> {
                String text = this.pusher.describe();
                ui.execute(() -> sharedChanged(s, text));
            });
        } else if (sharedLog.get() == null) {
            sharedLog.set("Shared log: none configured; records stay in this station's log.");
        }
    }

    private void sharedChanged(SharedPusher.Status s, String text) {
        sharedLog.set(text);
        tiles.forEach(t -> t.sharedUpTo(s.pushed()));
    }

    /** Station checks are also listed in {@code jobs} while they run (the main window's status bar). */
    public void reportJobsTo(Jobs jobs) {
        this.jobs = jobs;
    }

    /**
     * Called on the FX thread when a tile gets its verdict: PASS, FAIL, or FAIL because the card could not
     * be checked. Not for a check that was replaced (the card pulled or the reader given a new card).
     */
    public void onFinished(Consumer<StationTile> listener) {
        finishedListeners.add(listener);
    }

    /** Loads a profile file; a broken one is reported and the previous profile stays. */
    public boolean openProfile(Path file) {
        StationProfile p;
        try {
            p = StationProfile.read(file);
        } catch (IOException e) {
            message.set(file + " is not a usable station profile: " + e.getMessage().lines().findFirst().orElse("")
                    + " Create one with \"New / edit profile…\" in this window, or 'preflight profile new FILE'.");
            return false;
        }
        List<String> problems = p.problems();
        if (!problems.isEmpty()) {
            message.set(file + ": " + String.join(" ", problems));
            return false;
        }
        useProfile(p, file);
        return true;
    }

    public void useProfile(StationProfile p, Path file) {
        profile.set(p);
        profilePath.set(file == null ? null : file.toString());
        message.set("Profile \"" + p.name + "\": insert cards; each is checked as soon as it appears.");
        for (StationTile t : tiles) {
            if (t.state.get() == StationTile.State.WAITING && present.contains(t.device)) {
                start(t);
            }
        }
    }

    /** The cards in the readers now (from the scanner); new ones are checked, pulled ones keep their result. */
    public void cardsNow(List<RemovableCards.Card> cards) {
        Set<String> now = new HashSet<>();
        for (RemovableCards.Card c : cards) {
            now.add(c.device());
            if (!present.contains(c.device())) {
                check(c.device(), c.describe());
            }
        }
        for (String gone : new HashSet<>(present)) {
            if (!now.contains(gone)) {
                StationTile t = byDevice.get(gone);
                if (t != null) {
                    t.removed();
                }
            }
        }
        present.clear();
        present.addAll(now);
    }

    /** Checks an image, folder or device now (also what the file chooser uses). */
    public void check(String path, String description) {
        StationTile t = byDevice.get(path);
        if (t == null) {
            t = new StationTile(path);
            byDevice.put(path, t);
            tiles.add(t);
        }
        t.inserted(description);
        if (profile.get() == null) {
            t.waitForProfile();
            return;
        }
        start(t);
    }

    private void start(StationTile t) {
        StationProfile p = profile.get();
        CancellationToken token = t.checking(p.name);
        checking.set(checking.get() + 1);
        Runnable ended = jobs.started("checking " + t.cardName());
        BatchService service = new BatchService(p, new ProvisioningLog(logFile), EditJournal.host(),
                EditJournal.user(), Version.get());
        checkers.execute(() -> {
            long started = System.nanoTime();
            Runnable result;
            try {
                BatchService.CardResult r = service.check(t.device, token);
                long ms = (System.nanoTime() - started) / 1_000_000;
                result = () -> finished(t, token, r, ms);
            } catch (PreflightException e) {
                result = () -> notChecked(t, token, e.getMessage(), e.hint());
            } catch (RuntimeException e) {
                result = () -> notChecked(t, token, String.valueOf(e), null);
            }
            Runnable show = result;
            ui.execute(() -> {
                checking.set(checking.get() - 1);
                ended.run();
                show.run();
            });
        });
    }

    private void notChecked(StationTile t, CancellationToken token, String why, String hint) {
        if (!t.current(token)) {
            return;
        }
        t.notChecked(why, hint);
        failed.set(failed.get() + 1);
        finishedListeners.forEach(l -> l.accept(t));
    }

    private void finished(StationTile t, CancellationToken token, BatchService.CardResult r, long ms) {
        if (!t.current(token)) {
            return;
        }
        t.finished(r, ms);
        if (pusher != null && r.seq() > 0) {
            t.sharedUpTo(pusher.status().pushed());
            pusher.pushSoon();
        }
        if (r.pass()) {
            passed.set(passed.get() + 1);
        } else {
            failed.set(failed.get() + 1);
        }
        finishedListeners.forEach(l -> l.accept(t));
    }

    /** Forgets tiles whose card has been pulled. */
    public void clearRemoved() {
        tiles.removeIf(t -> !present.contains(t.device) && t.state.get() != StationTile.State.CHECKING);
        byDevice.keySet().retainAll(tiles.stream().map(t -> t.device).toList());
    }

    public ObservableList<StationTile> tiles() {
        return tiles;
    }

    public ReadOnlyObjectProperty<StationProfile> profileProperty() {
        return profile.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty profilePathProperty() {
        return profilePath.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty passedProperty() {
        return passed.getReadOnlyProperty();
    }

    /** How many cards are being checked now. */
    public ReadOnlyIntegerProperty checkingProperty() {
        return checking.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty failedProperty() {
        return failed.getReadOnlyProperty();
    }

    /** The shared log's state for the status bar ("only local so far" counts, the last error). */
    public ReadOnlyStringProperty sharedLogProperty() {
        return sharedLog.getReadOnlyProperty();
    }

    public Path logFile() {
        return logFile;
    }
}
