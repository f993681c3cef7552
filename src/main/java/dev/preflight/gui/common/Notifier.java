package dev.preflight.gui.common;

import java.util.function.Predicate;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/**
 * Tells the user that background work ended while they were looking elsewhere: a ControlsFX notification
 * in the corner of the job's window, shown only when that window does not have the focus (a user watching
 * the window sees the result itself). The popup is a seam, so tests can record what would be shown.
 */
public final class Notifier {
    /** Shows one notification. */
    @FunctionalInterface
    public interface Popup {
        void show(Window owner, String title, String text, boolean problem);
    }

    /** What a notification said, for tests and the status line. */
    public record Notice(String title, String text, boolean problem) {
    }

    /** ControlsFX's notification in the bottom-right corner of the owner, hidden after 10 s or on a click. */
    public static final Popup CONTROLSFX = (owner, title, text, problem) -> {
        Notifications n = Notifications.create().owner(owner).title(title).text(text)
                .hideAfter(Duration.seconds(10));
        if (problem) {
            n.showWarning();
        } else {
            n.showInformation();
        }
    };

    private final Popup popup;
    private final Predicate<Window> watched;

    /**
     * @param watched whether the user is looking at a window now ({@link Window#isFocused} in the app; a
     *                test decides, since a headless window system reports every window focused)
     */
    public Notifier(Popup popup, Predicate<Window> watched) {
        this.popup = popup;
        this.watched = watched;
    }

    /** ControlsFX notifications for windows that do not have the focus. */
    public static Notifier controlsFx() {
        return new Notifier(CONTROLSFX, Window::isFocused);
    }

    /**
     * Notifies about a finished job when {@code window} is shown but not focused; returns whether it did.
     * A window that is not showing (closed, never opened) has nobody to call back to it.
     */
    public boolean jobEnded(Window window, Notice notice) {
        if (window == null || !window.isShowing() || watched.test(window)) {
            return false;
        }
        popup.show(window, notice.title(), notice.text(), notice.problem());
        return true;
    }
}
