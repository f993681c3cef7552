package dev.preflight.support;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * assertTimeoutPreemptively for tens of thousands of fuzz cases: the case runs on a worker thread
 * and the test fails when it is not done in time, but the worker is reused instead of started for
 * every case (starting a thread costs about a millisecond here, more than most cases). A worker
 * that timed out is abandoned (interrupted) and replaced.
 */
public final class HangGuard {
    private static ExecutorService worker = newWorker();

    private HangGuard() {
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code work}, rethrowing what it throws; fails when it takes longer than {@code limit}. */
    public static synchronized <T> T run(Duration limit, ThrowingSupplier<T> work) {
        Future<T> f = worker.submit(() -> {
            try {
                return work.get();
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        });
        try {
            return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.shutdownNow();
            worker = newWorker();
            throw new AssertionError("a case ran longer than " + limit.toSeconds() + " s (a hang)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new AssertionError(c);
        }
    }

    /** A folder for the cases' files: in memory where the OS offers one (writing a file per case to disk is slow). */
    public static java.nio.file.Path scratchDir(String prefix) throws java.io.IOException {
        java.nio.file.Path shm = java.nio.file.Path.of("/dev/shm");
        return java.nio.file.Files.isDirectory(shm) && java.nio.file.Files.isWritable(shm)
                ? java.nio.file.Files.createTempDirectory(shm, prefix)
                : java.nio.file.Files.createTempDirectory(prefix);
    }

    /** Runs {@code body}, rethrowing what it throws; fails when it takes longer than {@code limit}. */
    public static void within(Duration limit, Runnable body) {
        run(limit, () -> {
            body.run();
            return null;
        });
    }
}
