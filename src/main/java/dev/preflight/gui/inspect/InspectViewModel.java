package dev.preflight.gui.inspect;

import dev.preflight.core.demo.DemoCard;
import dev.preflight.core.inspect.InspectOptions;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.inspect.InspectionService;
import dev.preflight.core.provision.CardHistory;
import dev.preflight.core.provision.InspectionRecord;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State of the inspection screen. Runs the core service on a worker executor and publishes
 * results through the UI executor; never touches a Node, so it is testable without a display.
 */
public final class InspectViewModel {
    private final Executor worker;
    private final Executor ui;
    private final Path demoDir;
    private final ReadOnlyObjectWrapper<InspectionReport> report = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Open an image, a card or a boot folder.");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper errorDetails = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper();
    private final ReadOnlyLongWrapper recorded = new ReadOnlyLongWrapper();
    private final Path log;
    private final Set<String> wholeImage = new HashSet<>(); // FX thread only
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    // one view for every caller: a fresh wrapper per call would hold its listeners only weakly
    private final ObservableList<Finding> findingsView = FXCollections.unmodifiableObservableList(findings);
    private volatile CancellationToken current;

    public InspectViewModel(Executor worker, Executor ui, Path demoDir) {
        this(worker, ui, demoDir, null);
    }

    /**
     * @param log the provisioning log: its history of a card is shown (CARD_HISTORY, as the CLI does when
     *            the log exists) and "Record in log" appends to it; null for neither
     */
    public InspectViewModel(Executor worker, Executor ui, Path demoDir, Path log) {
        this.worker = worker;
        this.ui = ui;
        this.demoDir = demoDir;
        this.log = log;
    }

    public void openDemo() {
        start("the demo card", () -> DemoCard.ensure(demoDir).toString(), false);
    }

    /** Inspects {@code path}; a card that was read whole before ({@link #inspectWholeImage}) is read whole again. */
    public void inspect(String path) {
        start(path, () -> path, wholeImage.contains(path));
    }

    /**
     * Inspects the open card again reading every partition, even deep inside a gzip, bzip2, zstd or zip
     * image (like {@code preflight inspect --deep}): slower, but nothing is left "not read".
     */
    public void inspectWholeImage() {
        String src = source.get();
        if (src != null) {
            wholeImage.add(src);
            start(src + " (whole image)", () -> src, true);
        }
    }

    /** Whether the last report left partitions unread (PARTITIONS_NOT_READ): reading the whole image helps. */
    public boolean partlyRead() {
        InspectionReport r = report.get();
        return r != null && r.findings().stream().anyMatch(f -> f.code() == FindingCode.PARTITIONS_NOT_READ);
    }

    /**
     * Appends the last report to the provisioning log as an "inspect" record (like {@code inspect --record});
     * the status line says which entry it became.
     */
    public void recordInLog() {
        InspectionReport r = report.get();
        if (r == null || log == null) {
            return;
        }
        worker.execute(() -> {
            try {
                long seq = InspectionRecord.append(log, r, null, null);
                ui.execute(() -> {
                    recorded.set(seq);
                    status.set("Recorded as entry " + seq + " in " + log + ".");
                });
            } catch (RuntimeException e) {
                String details = e instanceof PreflightException p ? p.getMessage() + "\n\n" + p.hint()
                        : "The provisioning log " + log + " could not be written: " + e.getMessage();
                ui.execute(() -> {
                    status.set("Not recorded.");
                    error.set(null); // the same message again must show again
                    errorDetails.set(details);
                    error.set("Could not record the inspection in the provisioning log.");
                });
            }
        });
    }

    /** Whether this screen has a provisioning log to record in. */
    public boolean hasLog() {
        return log != null;
    }

    /** The entry number of the last "Record in log", or 0. */
    public ReadOnlyLongProperty recordedProperty() {
        return recorded.getReadOnlyProperty();
    }

    private interface PathSupplier {
        String get() throws Exception;
    }

    private void start(String what, PathSupplier path, boolean deep) {
        CancellationToken token = new CancellationToken();
        CancellationToken previous = current;
        if (previous != null) {
            previous.cancel();
        }
        current = token;
        busy.set(true);
        error.set(null);
        errorDetails.set(null);
        status.set("Inspecting " + what + "…");
        worker.execute(() -> {
            try {
                String p = path.get();
                String[] lastPhase = {null};
                Path history = log != null && Files.exists(log) ? log : null;
                InspectionReport r = new InspectionService().inspect(p, new InspectOptions(deep, null, CardHistory.of(history)),
                        (phase, done, total) -> {
                            if (phase.equals(lastPhase[0])) {
                                return; // one UI update per phase: the FX thread is never flooded
                            }
                            lastPhase[0] = phase;
                            ui.execute(() -> {
                                if (current == token) {
                                    status.set(phase + "…");
                                }
                            });
                        }, token);
                ui.execute(() -> finished(token, p, r));
            } catch (PreflightException e) {
                ui.execute(() -> failed(token, e.errorCode() == ErrorCode.CANCELLED ? null : e.getMessage(),
                        e.hint(), e));
            } catch (Exception | OutOfMemoryError e) {
                ui.execute(() -> failed(token, "Could not inspect " + what + ".", String.valueOf(e.getMessage()), e));
            }
        });
    }

    private final List<Consumer<InspectionReport>> reportListeners =
            new CopyOnWriteArrayList<>();

    private void finished(CancellationToken token, String path, InspectionReport r) {
        if (current != token) {
            return;
        }
        source.set(path);
        recorded.set(0);
        report.set(r);
        // grouped by area (the report's order of areas), most severe first within an area
        findings.setAll(r.findings().stream().sorted(Comparator.comparingInt(
                (Finding f) -> FindingCode.AREAS.indexOf(f.code().area()))
                .thenComparingInt(f -> -f.severity().ordinal())).toList());
        busy.set(false);
        status.set("Inspected in " + r.durationMillis() + " ms.");
        reportListeners.forEach(l -> l.accept(r));
    }

    /**
     * Called on the FX thread with every new report. An event rather than a change listener on
     * {@link #reportProperty()}: a change listener compares the old and new report field by field.
     */
    public void onReport(Consumer<InspectionReport> listener) {
        reportListeners.add(listener);
    }

    private void failed(CancellationToken token, String message, String hint, Throwable t) {
        if (current != token) {
            return;
        }
        busy.set(false);
        if (message == null) {
            status.set("Cancelled.");
            return;
        }
        status.set("Inspection failed.");
        errorDetails.set(details(hint, t));
        error.set(message + (hint == null ? "" : "\n" + hint));
    }

    /** What the error dialog shows behind "Show details": the hint and what went wrong, never a stack trace. */
    static String details(String hint, Throwable t) {
        StringBuilder d = new StringBuilder();
        if (hint != null) {
            d.append(hint).append("\n\n");
        }
        if (t instanceof PreflightException pe) {
            d.append("Error code: ").append(pe.errorCode()).append('\n');
        } else {
            d.append("Unexpected problem (").append(t.getClass().getSimpleName()).append("): ").append(t.getMessage())
                    .append("\nPlease report it with 'preflight --version' and the image if you can share it.\n");
        }
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            d.append("Because: ").append(c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage())
                    .append('\n');
        }
        return d.toString().strip();
    }

    public void cancel() {
        CancellationToken t = current;
        if (t != null) {
            t.cancel();
        }
    }

    /** The last report; to act on each new one, use {@link #onReport}. */
    public ReadOnlyObjectProperty<InspectionReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorDetailsProperty() {
        return errorDetails.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    public ObservableList<Finding> findings() {
        return findingsView;
    }
}
