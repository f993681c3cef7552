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
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code preflight lint}: the release anti-patterns in a balena project folder. */
@Command(name = "lint", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a balena project (docker-compose.yml, Dockerfiles, the scripts they copy) for the"
                + " release anti-patterns of balena's guide. Heuristics; each finding names the file and line."},
        footer = {"", "PATH is a project folder or a single Dockerfile / Dockerfile.template.", "",
                "Exit codes: 0 pass, 1 a finding at or above --fail-on, 2 bad usage or unreadable input."})
final class LintCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Parameters(paramLabel = "PATH", description = "Project folder or Dockerfile.")
    Path path;

    @Option(names = "--json", description = "Print the report as JSON (see docs/cli.md for the fields).")
    boolean json;

    @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "error",
            description = "Exit with 1 when a finding has this severity or worse: error, warning, info,"
                    + " or never (default: ${DEFAULT-VALUE}).")
    String failOn;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Severity threshold = "never".equalsIgnoreCase(failOn) ? null : parse(failOn);
        long t0 = System.nanoTime();
        Project project = Project.load(path);
        List<Finding> findings = ReleaseLint.lint(project);
        Verdict verdict = Verdict.of(findings);
        if (json) {
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
            spec.commandLine().getOut().println(JSON.writeValueAsString(root));
        } else {
            spec.commandLine().getOut().printf("%-12s %s (%s; services: %s)%n%n", "Project", path,
                    project.composeFile() == null ? "single Dockerfile" : project.root().relativize(project.composeFile()),
                    String.join(", ", project.services().keySet()));
            spec.commandLine().getOut().print(TextReport.findings(findings));
            spec.commandLine().getOut().printf("%nVerdict: %s%n", verdict.word().toUpperCase(Locale.ROOT));
        }
        spec.commandLine().getOut().flush();
        return threshold != null && findings.stream().anyMatch(f -> f.severity().atLeast(threshold)) ? 1 : 0;
    }

    private Severity parse(String level) {
        try {
            return Severity.parse(level);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for --fail-on: '" + level + "' (use error, warning, info or never)");
        }
    }
}
