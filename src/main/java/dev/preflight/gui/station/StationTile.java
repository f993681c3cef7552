package dev.preflight.gui.station;

import dev.preflight.core.batch.BatchService;
import dev.preflight.core.report.Finding;
import dev.preflight.core.task.CancellationToken;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One reader slot's latest card, as the station window shows it: its state, what the card is, the
 * result's details and reasons, whether it is still in the reader, and whether the shared log holds its
 * record. The view model decides when a tile changes; the tile words each change. FX thread only.
 */
public final class StationTile {
    public enum State { WAITING, CHECKING, PASS, FAIL }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    public final String device;
    public final ObjectProperty<State> state = new SimpleObjectProperty<>(State.CHECKING);
    public final ReadOnlyStringWrapper card = new ReadOnlyStringWrapper("");
    public final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("");
    public final ObservableList<String> reasons = FXCollections.observableArrayList();
    public final ReadOnlyStringWrapper presence = new ReadOnlyStringWrapper("in reader");
    /** "only local so far" until the shared log holds this card's record, then "in the shared log". */
    public final ReadOnlyStringWrapper shared = new ReadOnlyStringWrapper("");
    private long seq;
    private volatile CancellationToken cancel;

    StationTile(String device) {
        this.device = device;
    }

    /** The card's description, or the device when there is none. */
    public String cardName() {
        return card.get().isBlank() ? device : card.get();
    }

    /** A card went into this reader (or was chosen by hand). */
    void inserted(String description) {
        card.set(description);
        presence.set("in reader");
        reasons.clear();
    }

    void waitForProfile() {
        state.set(State.WAITING);
        detail.set("Open a station profile to check this card.");
    }

    /** A check against {@code profile} starts; the token it returns cancels it and names it. */
    CancellationToken checking(String profile) {
        CancellationToken token = new CancellationToken();
        cancel = token;
        state.set(State.CHECKING);
        reasons.clear();
        detail.set("Checking against \"" + profile + "\"…");
        return token;
    }

    /** Whether {@code token}'s check is still this tile's (not replaced by a new card). */
    boolean current(CancellationToken token) {
        return cancel == token;
    }

    /** The card was pulled: a check still running is cancelled; a result stays shown. */
    void removed() {
        CancellationToken token = cancel;
        if (token != null && state.get() == State.CHECKING) {
            token.cancel();
        }
        presence.set("removed " + LocalTime.now().format(TIME));
    }

    void notChecked(String why, String hint) {
        state.set(State.FAIL);
        detail.set("Not checked: " + why);
        reasons.setAll(hint == null ? List.of() : List.of(hint));
    }

    /** The verdict, with the time, how long the check took, the log record and what the card is. */
    void finished(BatchService.CardResult r, long ms) {
        state.set(r.pass() ? State.PASS : State.FAIL);
        String id = r.report() == null ? "" : (r.report().os() == null ? "" : r.report().os().deviceType() + " ")
                + (r.report().config() == null || r.report().config().uuid() == null ? ""
                : "uuid " + r.report().config().uuid().substring(0, Math.min(7, r.report().config().uuid().length())));
        detail.set(LocalTime.now().format(TIME) + " · " + ms + " ms · log #" + r.seq() + (id.isBlank() ? ""
                : " · " + id.trim()));
        reasons.setAll(r.reasons().stream().map(StationTile::reason).toList());
        seq = r.seq();
    }

    /** The shared log now holds this station's records up to {@code pushed}. */
    void sharedUpTo(long pushed) {
        if (seq > 0) {
            shared.set(seq <= pushed ? "in the shared log" : "only local so far");
        }
    }

    private static String reason(Finding f) {
        return f.code().name() + ": " + f.message();
    }
}
