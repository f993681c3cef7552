package dev.preflight.support;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opentest4j.AssertionFailedError;

/**
 * A per-case time bound for fuzz tests that run thousands of cases: one reused worker thread instead
 * of a new one per case (which costs more than the cases). A case that hangs fails the test; its
 * thread is left behind, which does not matter once the test has failed.
 */
public final class HangGuard {
    private static ExecutorService worker = newWorker();

    private HangGuard() {
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hang-guard");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code body}; fails when it takes longer than {@code limit}, rethrows what it throws. */
    public static synchronized void within(Duration limit, Runnable body) {
        Future<?> f = worker.submit(body);
        try {
            f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            worker = newWorker();
            throw new AssertionFailedError("a case took longer than " + limit + " (a hang)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
