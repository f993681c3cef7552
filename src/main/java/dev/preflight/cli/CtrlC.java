package dev.preflight.cli;

import dev.preflight.core.task.CancellationToken;

/**
 * The CLI's one cancel hook: while it is open, Ctrl+C (or SIGTERM) cancels the command's token, so the
 * work stops at its next check (an edit never stops between its writes) instead of the JVM dying mid-way.
 * Closing it removes the hook. The desktop app cancels the same tokens from its Cancel buttons.
 */
final class CtrlC implements AutoCloseable {
    private final Thread hook;

    private CtrlC(Runnable onInterrupt) {
        hook = new Thread(onInterrupt, "preflight-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Ctrl+C cancels {@code token}. */
    static CtrlC cancels(CancellationToken token) {
        return new CtrlC(token::cancel);
    }

    /** Ctrl+C cancels {@code token}, then runs {@code then} (e.g. prints a summary). */
    static CtrlC cancels(CancellationToken token, Runnable then) {
        return new CtrlC(() -> {
            token.cancel();
            then.run();
        });
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs
        }
    }
}
