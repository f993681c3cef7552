package dev.preflight.gui.inspect;

import dev.preflight.core.demo.DemoCard;
import dev.preflight.core.inspect.InspectOptions;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.inspect.InspectionService;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
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
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    // one view for every caller: a fresh wrapper per call would hold its listeners only weakly
    private final ObservableList<Finding> findingsView = FXCollections.unmodifiableObservableList(findings);
    private volatile CancellationToken current;

    public InspectViewModel(Executor worker, Executor ui, Path demoDir) {
        this.worker = worker;
        this.ui = ui;
        this.demoDir = demoDir;
    }

    public void openDemo() {
        start("the demo card", () -> DemoCard.ensure(demoDir).toString());
    }

    public void inspect(String path) {
        start(path, () -> path);
    }

    private interface PathSupplier {
        String get() throws Exception;
    }

    private void start(String what, PathSupplier path) {
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
                InspectionReport r = new InspectionService().inspect(p, InspectOptions.defaults(),
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

    private final java.util.List<java.util.function.Consumer<InspectionReport>> reportListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private void finished(CancellationToken token, String path, InspectionReport r) {
        if (current != token) {
            return;
        }
        source.set(path);
        report.set(r);
        // grouped by area (the report's order of areas), most severe first within an area
        findings.setAll(r.findings().stream().sorted(java.util.Comparator.comparingInt(
                (Finding f) -> dev.preflight.core.report.FindingCode.AREAS.indexOf(f.code().area()))
                .thenComparingInt(f -> -f.severity().ordinal())).toList());
        busy.set(false);
        status.set("Inspected in " + r.durationMillis() + " ms.");
        reportListeners.forEach(l -> l.accept(r));
    }

    /**
     * Called on the FX thread with every new report. An event rather than a change listener on
     * {@link #reportProperty()}: a change listener compares the old and new report field by field.
     */
    public void onReport(java.util.function.Consumer<InspectionReport> listener) {
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
        StringWriter details = new StringWriter();
        if (hint != null) {
            details.append(hint).append("\n\n");
        }
        t.printStackTrace(new PrintWriter(details));
        errorDetails.set(details.toString());
        error.set(message + (hint == null ? "" : "\n" + hint));
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
