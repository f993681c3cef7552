package dev.preflight.gui.release;

import dev.preflight.core.release.lint.Project;
import dev.preflight.core.release.lint.ReleaseLint;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.report.Verdict;
import dev.preflight.gui.common.Jobs;
import dev.preflight.gui.common.VerdictBanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State of the lint window (File > Lint project…): runs {@link ReleaseLint} on a project folder, a
 * docker-compose.yml or a Dockerfile on the worker executor and publishes the findings, with the lines each
 * one names, through the UI executor. What cannot be linted is one message and what to do, never a trace.
 * Never touches a Node, so it is testable without a display.
 */
public final class LintViewModel {
    /** "app/Dockerfile:3": a file of the project and a line. */
    private static final Pattern FILE_LINE = Pattern.compile("(.+):(\\d+)");
    /** "docker-compose.yml services.app": a compose service. */
    private static final Pattern COMPOSE = Pattern.compile("(.+) services\\.(.+)");
    /** Lines shown before and after the one a finding names. */
    static final int CONTEXT = 5;

    /**
     * The lines a finding names, for the read-only view.
     *
     * @param file      the file as the finding names it, relative to the project
     * @param path      the file on disk, to open it
     * @param line      the line, 1-based
     * @param text      the excerpt: numbered lines around {@code line}, that line marked with "&gt;"
     * @param markedRow the row of {@code line} in {@code text}, 1-based
     */
    public record Excerpt(String file, Path path, int line, String text, int markedRow) {
    }

    private final Executor worker;
    private final Executor ui;
    private Jobs jobs = new Jobs();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(
            "Choose a balena project folder, a docker-compose.yml or a Dockerfile.");
    private final ReadOnlyStringWrapper heading = new ReadOnlyStringWrapper("Nothing linted yet");
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();
    private final ReadOnlyObjectWrapper<Verdict> verdict = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Path> linted = new ReadOnlyObjectWrapper<>();
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    private final ObservableList<Finding> findingsView = FXCollections.unmodifiableObservableList(findings);
    /** The project's files by the name findings use, with their lines (FX thread only). */
    private Map<String, List<String>> sources = Map.of();
    private Path root;
    private long run; // FX thread only: a result of an older run is dropped

    public LintViewModel(Executor worker, Executor ui) {
        this.worker = worker;
        this.ui = ui;
    }

    /** While a lint runs it is listed in {@code jobs} (the main window's status bar). */
    public void reportJobsTo(Jobs jobs) {
        this.jobs = jobs;
    }

    /** What the worker hands back. */
    private record Result(Project project, List<Finding> findings, Map<String, List<String>> sources, long millis) {
    }

    /** Lints {@code chosen}: a project folder, its docker-compose.yml, or a Dockerfile. Call on the FX thread. */
    public void lint(Path chosen) {
        long mine = ++run;
        String name = chosen.getFileName() == null ? chosen.toString() : chosen.getFileName().toString();
        Runnable ended = jobs.started("linting " + name);
        busy.set(true);
        linted.set(chosen);
        error.set(null);
        status.set("Linting " + chosen + "…");
        worker.execute(() -> {
            try {
                Result r = run(chosen);
                ui.execute(() -> {
                    ended.run();
                    if (mine == run) {
                        finished(r);
                    }
                });
            } catch (PreflightException e) {
                ui.execute(() -> {
                    ended.run();
                    if (mine == run) {
                        failed(chosen, e.getMessage() + (e.hint() == null ? "" : " " + e.hint()));
                    }
                });
            } catch (RuntimeException | IOException e) { // a folder that turns unreadable while it is walked
                Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
                String why = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
                ui.execute(() -> {
                    ended.run();
                    if (mine == run) {
                        failed(chosen, chosen + " could not be read (" + why + "). Check the path and its"
                                + " permissions.");
                    }
                });
            }
        });
    }

    /** Lints the last path again, e.g. after editing the project or fixing what stopped the last run. */
    public void lintAgain() {
        if (linted.get() != null) {
            lint(linted.get());
        }
    }

    private static Result run(Path chosen) throws IOException {
        long t0 = System.nanoTime();
        Project p = Project.load(chosen);
        List<Finding> found = ReleaseLint.lint(p);
        Map<String, List<String>> files = new HashMap<>();
        for (Project.Service s : p.services().values()) {
            for (Project.Source src : s.files()) {
                files.putIfAbsent(src.path(), src.lines());
            }
        }
        if (p.composeFile() != null && Files.size(p.composeFile()) <= 1 << 20) {
            files.put(p.root().relativize(p.composeFile()).toString(), List.of(new String(
                    Files.readAllBytes(p.composeFile()), StandardCharsets.UTF_8).split("\r?\n", -1)));
        }
        return new Result(p, found, files, (System.nanoTime() - t0) / 1_000_000);
    }

    private void finished(Result r) {
        busy.set(false);
        root = r.project().root();
        sources = r.sources();
        Verdict v = Verdict.of(r.findings());
        verdict.set(v);
        heading.set(VerdictBanner.word(v) + " — " + r.project().root().getFileName());
        detail.set(String.format("%s · services: %s (%s)", VerdictBanner.counts(r.findings()),
                String.join(", ", r.project().services().keySet()),
                r.project().composeFile() == null ? "single Dockerfile"
                        : r.project().root().relativize(r.project().composeFile())));
        findings.setAll(r.findings());
        status.set("Linted " + r.project().root() + " in " + r.millis() + " ms.");
    }

    private void failed(Path chosen, String message) {
        busy.set(false);
        verdict.set(null);
        sources = Map.of();
        findings.clear();
        heading.set("Could not lint " + (chosen.getFileName() == null ? chosen : chosen.getFileName()));
        detail.set(message);
        error.set(message);
        status.set("Lint failed.");
    }

    /** The lines {@code f} names, or null when it names no file and line of this project. */
    public Excerpt excerpt(Finding f) {
        String loc = f.location() == null ? "" : f.location();
        Matcher m = FILE_LINE.matcher(loc);
        String file;
        int line;
        if (m.matches() && sources.containsKey(m.group(1))) {
            file = m.group(1);
            line = Integer.parseInt(m.group(2));
        } else {
            m = COMPOSE.matcher(loc);
            if (!m.matches() || !sources.containsKey(m.group(1))) {
                return null;
            }
            file = m.group(1);
            line = serviceLine(sources.get(file), m.group(2));
        }
        List<String> lines = sources.get(file);
        if (line < 1 || line > lines.size()) {
            return null;
        }
        int first = Math.max(1, line - CONTEXT);
        int last = Math.min(lines.size(), line + CONTEXT);
        int width = String.valueOf(last).length();
        StringBuilder text = new StringBuilder();
        for (int i = first; i <= last; i++) {
            text.append(i == line ? "> " : "  ").append(String.format("%" + width + "d", i)).append("  ")
                    .append(lines.get(i - 1)).append(i < last ? "\n" : "");
        }
        return new Excerpt(file, root.resolve(file), line, text.toString(), line - first + 1);
    }

    /**
     * The line of service {@code name}'s key under "services:" in a compose file, or 0. The compose reader
     * keeps no positions, so this is a plain scan: keys at the indent of the first key under services.
     */
    static int serviceLine(List<String> lines, String name) {
        Pattern key = Pattern.compile("[\"']?" + Pattern.quote(name) + "[\"']?\\s*:.*");
        boolean inServices = false;
        int indent = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            String code = l.strip();
            if (code.isEmpty() || code.startsWith("#")) {
                continue;
            }
            int at = l.length() - l.stripLeading().length();
            if (at == 0) {
                inServices = code.matches("services\\s*:.*");
                indent = -1;
            } else if (inServices) {
                indent = indent < 0 ? at : indent;
                if (at == indent && key.matcher(code).matches()) {
                    return i + 1;
                }
            }
        }
        return 0;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** "WARNINGS — my-project", or "Could not lint x". */
    public ReadOnlyStringProperty headingProperty() {
        return heading.getReadOnlyProperty();
    }

    /** The counts and services, or the error and what to do. */
    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    /** Why the last lint could not run, with what to do; null when it ran. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The last result's verdict; null before the first and after a failure. */
    public ReadOnlyObjectProperty<Verdict> verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    /** The path last given to {@link #lint}, or null. */
    public ReadOnlyObjectProperty<Path> lintedProperty() {
        return linted.getReadOnlyProperty();
    }

    public ObservableList<Finding> findings() {
        return findingsView;
    }
}
