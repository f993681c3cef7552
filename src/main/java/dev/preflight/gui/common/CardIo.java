package dev.preflight.gui.common;

import dev.preflight.core.edit.OpenedVersion;
import dev.preflight.core.edit.RefusedException;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.PreflightException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * How the editors read from and write to a card: the work on the worker, the result or a message on the
 * FX thread, and every write recorded in the provisioning log as the CLI does. One place for what all
 * editors must do alike.
 */
public final class CardIo {
    private CardIo() {
    }

    /** Work on the worker thread. */
    public interface Work<T> {
        T run();
    }

    /**
     * What a write did: {@code message} for the status line ("Saved config.txt on …."), and notes from the
     * edit session (e.g. the provisioning log could not be written). The session itself recorded the write
     * in the log, as for the CLI, only when the card's bytes changed.
     */
    public record Written(String message, List<String> notes) {
    }

    /**
     * Reads with {@code read} on the worker; {@code ok} gets the result on the FX thread, {@code failed} a
     * message saying what went wrong with {@code file}. Work waiting in {@code afterLoad} runs after {@code ok}.
     */
    public static <T> void read(Executor worker, Executor ui, AfterLoad afterLoad, String file, Work<T> read,
                                Consumer<T> ok, Consumer<String> failed) {
        afterLoad.started();
        worker.execute(() -> {
            T result;
            try {
                result = read.run();
            } catch (RuntimeException e) { // PreflightException: a clear message; anything else still ends the load
                String message = e instanceof PreflightException ? e.getMessage() : "Could not read " + file + ": "
                        + e.getMessage() + ". Put the card in again and inspect it again (F5); if this repeats, the"
                        + " card may be damaged.";
                ui.execute(() -> {
                    afterLoad.finished(false);
                    failed.accept(message);
                });
                return;
            }
            ui.execute(() -> {
                boolean shown = false;
                try {
                    ok.accept(result);
                    shown = true;
                } finally {
                    afterLoad.finished(shown);
                }
            });
        });
    }

    /**
     * Writes with {@code write} (an edit session: lock, checks, backup, write, read-back, log record) on the
     * worker; {@code ok} gets the status message on the FX thread (with the session's notes), {@code failed}
     * what blocked the write (a refusal lists its findings).
     */
    public static void write(Executor worker, Executor ui, String target, Work<Written> write, Consumer<String> ok,
                             Consumer<String> failed) {
        write(worker, ui, target, write, ok, failed, () -> { });
    }

    /**
     * As {@link #write(Executor, Executor, String, Work, Consumer, Consumer)}; {@code changedOnCard} also runs
     * (before {@code failed}) when nothing was written because the file on the card is no longer the version
     * the editor opened.
     */
    public static void write(Executor worker, Executor ui, String target, Work<Written> write, Consumer<String> ok,
                             Consumer<String> failed, Runnable changedOnCard) {
        worker.execute(() -> {
            try {
                Written w = write.run();
                String message = w.message() + w.notes().stream().map(n -> " Note: " + n + ".")
                        .collect(Collectors.joining());
                ui.execute(() -> ok.accept(message));
            } catch (RefusedException e) {
                String message = e.getMessage() + " " + e.findings().stream().map(Finding::message)
                        .collect(Collectors.joining(" ")) + (e.hint() == null ? "" : "\n" + e.hint());
                ui.execute(() -> failed.accept(message));
            } catch (PreflightException e) { // an unsound card, a card changed since it was opened, ...
                String message = e.getMessage() + (e.hint() == null ? "" : "\n" + e.hint());
                ui.execute(() -> {
                    if (e instanceof OpenedVersion.ChangedOnCard) {
                        changedOnCard.run();
                    }
                    failed.accept(message);
                });
            }
        });
    }
}
