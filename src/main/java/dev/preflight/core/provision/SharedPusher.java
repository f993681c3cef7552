package dev.preflight.core.provision;

import dev.preflight.core.report.PreflightException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Pushes a log to the shared log in the background after each card (batch and station mode): one
 * worker thread, requests made while a push runs fold into one more push, a failure is kept and shown
 * ("only local so far") and the next request tries again. The card's check never waits for the server.
 */
public final class SharedPusher implements AutoCloseable {
    /** What the station knows: records of this log the shared log holds, and the last error (null: none). */
    public record Status(long pushed, String error) {
        /** "Shared log host:5432/db: 38 of 40 record(s) there, 2 only local so far (last error: …)." */
        public String describe(SharedLogUrl url, long local) {
            long onlyLocal = Math.max(0, local - pushed);
            return "Shared log " + url.server() + ": " + (onlyLocal == 0 ? "all " + local + " record(s) there"
                    : Math.min(pushed, local) + " of " + local + " record(s) there, " + onlyLocal + " only local so far")
                    + (error == null ? "." : " (last error: " + error + ")");
        }
    }

    /** The status now, described for {@code local} records (see Status.describe). */
    public String describe() {
        try {
            return status.describe(url, log.lastSeq());
        } catch (IOException e) {
            return status.describe(url, status.pushed());
        }
    }

    private final ProvisioningLog log;
    private final SharedLogUrl url;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "preflight-shared-push");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean queued = new AtomicBoolean();
    private final List<Consumer<Status>> listeners = new CopyOnWriteArrayList<>();
    private volatile Status status;

    public SharedPusher(ProvisioningLog log, SharedLogUrl url) {
        this.log = log;
        this.url = url;
        PushState s = PushState.read(log.file());
        this.status = new Status(url.toString().equals(s.server()) ? s.pushed() : 0, s.error());
    }

    /** A pusher for {@code log} when a shared log is configured (PREFLIGHT_LOG_URL or station settings), else null. */
    public static SharedPusher ifConfigured(ProvisioningLog log) {
        StationSettings.Configured c = StationSettings.sharedLog();
        return c.present() ? new SharedPusher(log, c.url()) : null;
    }

    public ProvisioningLog log() {
        return log;
    }

    public SharedLogUrl url() {
        return url;
    }

    public Status status() {
        return status;
    }

    /** Called (on the worker thread) after every push attempt. */
    public void onChange(Consumer<Status> listener) {
        listeners.add(listener);
    }

    /** Pushes soon, in the background; a request while one is queued is the same request. */
    public void pushSoon() {
        if (queued.compareAndSet(false, true)) {
            worker.execute(() -> {
                queued.set(false);
                pushNow();
            });
        }
    }

    private void pushNow() {
        Status next;
        try {
            SharedLog.PushResult r = SharedLog.push(url, log); // a failure is recorded there, once
            next = new Status(r.onServer(), null);
        } catch (PreflightException e) {
            next = new Status(status.pushed(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            next = new Status(status.pushed(), "the push failed: " + e.getMessage());
        }
        status = next;
        for (Consumer<Status> l : listeners) {
            l.accept(next);
        }
    }

    /** Waits until every push requested so far has run; false when {@code timeout} passed first. */
    public boolean awaitIdle(Duration timeout) {
        try {
            worker.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    @Override
    public void close() {
        worker.shutdown();
    }
}
