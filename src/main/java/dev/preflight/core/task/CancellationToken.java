package dev.preflight.core.task;

import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;

/** A flag a long operation polls between steps; set from another thread to stop it. */
public final class CancellationToken {
    private volatile boolean cancelled;

    public static CancellationToken none() {
        return new CancellationToken();
    }

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    public void throwIfCancelled() {
        if (cancelled) {
            throw new PreflightException(ErrorCode.CANCELLED, "Cancelled.", null);
        }
    }
}
