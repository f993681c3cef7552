package dev.preflight.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.Version;
import dev.preflight.core.inspect.ReportJson;
import dev.preflight.core.release.lint.Project;
import dev.preflight.core.release.lint.ReleaseLint;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.Severity;
import dev.preflight.core.report.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code preflight lint}: the release anti-patterns in a balena project folder. */
@Command(name = "lint", mixinStandardHelpOptions = true, sortOptions = false,
        description = {LintCommand.SUMMARY},
        footer = {"", "PATH is a project folder or a single Dockerfile / Dockerfile.template.", "",
                "Exit codes: 0 pass, 1 a finding at or above --fail-on, 2 bad usage or unreadable input."})
final class LintCommand extends CliCommand {
    /** The description's first line: the command's line in the root's help. */
    static final String SUMMARY = "Check a balena project (docker-compose.yml, Dockerfiles, the scripts they copy) for the"
            + " release anti-patterns of balena's guide. Heuristics; each finding names the file and line.";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Parameters(paramLabel = "PATH", description = "Project folder or Dockerfile.")
    Path path;

    @CommandLine.Mixin
    ReportOptions reporting;

    @Override
    public Integer call() throws Exception {
        Severity threshold = reporting.threshold(spec.commandLine());
        long t0 = System.nanoTime();
        Project project = Project.load(path);
        List<Finding> findings = ReleaseLint.lint(project);
        Verdict verdict = Verdict.of(findings);
        if (reporting.json) {
            ObjectNode root = JSON.createObjectNode();
            root.put("schemaVersion", ReportJson.SCHEMA_VERSION);
            root.put("preflightVersion", Version.get());
            ObjectNode src = root.putObject("source");
            src.put("path", path.toString());
            src.put("kind", "project");
            src.put("composeFile", project.composeFile() == null ? null
                    : project.root().relativize(project.composeFile()).toString());
            project.services().keySet().forEach(root.putArray("services")::add);
            ReportJson.findings(root.putArray("findings"), findings);
            root.put("verdict", verdict.word());
            root.put("durationMillis", (System.nanoTime() - t0) / 1_000_000);
            out().println(JSON.writeValueAsString(root));
        } else {
            out().printf("%-12s %s (%s; services: %s)%n%n", "Project", path,
                    project.composeFile() == null ? "single Dockerfile" : project.root().relativize(project.composeFile()),
                    String.join(", ", project.services().keySet()));
            out().print(TextReport.findings(findings));
            out().printf("%nVerdict: %s%n", verdict.word().toUpperCase(Locale.ROOT));
        }
        out().flush();
        return ReportOptions.exitCode(threshold, findings);
    }
}
