package dev.preflight.gui.app;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;

/**
 * Measures how long the JavaFX thread is unavailable: every 5 ms a probe is posted with
 * {@link Platform#runLater} and the delay until it runs is recorded. The longest delay is the
 * longest freeze a user could have seen. Used for the figures in docs/benchmarks.md.
 */
public final class FxStallMonitor {
    private final AtomicLong maxNanos = new AtomicLong();
    private volatile boolean running = true;

    public FxStallMonitor start() {
        Thread t = new Thread(() -> {
            while (running) {
                long posted = System.nanoTime();
                Object done = new Object();
                boolean[] ran = {false};
                Platform.runLater(() -> {
                    long d = System.nanoTime() - posted;
                    if (Boolean.getBoolean("preflight.timing.stalls") && d > 40_000_000L) {
                        System.err.printf("stall %d ms at %d ms%n", d / 1_000_000, Duration.between(
                                ProcessHandle.current().info().startInstant().orElseThrow(), Instant.now())
                                .toMillis());
                    }
                    maxNanos.accumulateAndGet(d, Math::max);
                    synchronized (done) {
                        ran[0] = true;
                        done.notifyAll();
                    }
                });
                synchronized (done) {
                    while (!ran[0] && running) {
                        try {
                            done.wait(1000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fx-stall-monitor");
        t.setDaemon(true);
        t.start();
        return this;
    }

    public void reset() {
        maxNanos.set(0);
    }

    public long maxMillis() {
        return maxNanos.get() / 1_000_000;
    }

    public void stop() {
        running = false;
    }
}
