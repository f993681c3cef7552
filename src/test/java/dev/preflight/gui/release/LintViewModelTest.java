package dev.preflight.gui.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Verdict;
import dev.preflight.gui.common.Jobs;
import dev.preflight.support.LintProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lint window's state, with both executors inline or held, on project folders written to disk. */
class LintViewModelTest {
    @TempDir
    Path dir;

    static Path project(Path dir) throws Exception {
        return LintProjects.unpinned(dir);
    }

    private static LintViewModel inline() {
        return new LintViewModel(Runnable::run, Runnable::run);
    }

    private static Finding only(LintViewModel vm, FindingCode code, String location) {
        return vm.findings().stream().filter(f -> f.code() == code && location.equals(f.location())).findFirst()
                .orElseThrow(() -> new AssertionError(code + " at " + location + " in " + vm.findings()));
    }

    @Test
    void anUnpinnedBaseImageIsShownWithItsFileAndLine() throws Exception {
        LintViewModel vm = inline();
        vm.lint(project(dir));
        assertThat(vm.errorProperty().get()).isNull();
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.verdictProperty().get()).isEqualTo(Verdict.WARN);
        assertThat(vm.headingProperty().get()).isEqualTo("WARNINGS — " + dir.getFileName());
        assertThat(vm.detailProperty().get()).contains("services: app, web (docker-compose.yml)");
        LintViewModel.Excerpt x = vm.excerpt(only(vm, FindingCode.RELEASE_BASE_IMAGE_UNPINNED, "app/Dockerfile:1"));
        assertThat(x.file()).isEqualTo("app/Dockerfile");
        assertThat(x.line()).isEqualTo(1);
        assertThat(x.path()).isEqualTo(dir.resolve("app/Dockerfile"));
        assertThat(x.text()).isEqualTo("> 1  FROM debian:bookworm\n  2  CMD [\"sleep\", \"infinity\"]\n  3  ");
        assertThat(x.markedRow()).isEqualTo(1);
    }

    @Test
    void aComposeFindingPointsAtItsServicesKey() throws Exception {
        LintViewModel vm = inline();
        vm.lint(project(dir));
        LintViewModel.Excerpt web = vm.excerpt(only(vm, FindingCode.RELEASE_NO_MEMORY_LIMIT,
                "docker-compose.yml services.web"));
        assertThat(web.line()).as("not the label 'web' of service app").isEqualTo(7);
        assertThat(web.text()).contains("> 7    web:");
        assertThat(web.markedRow()).isEqualTo(6); // lines 2..9 around it, line 7 is the sixth
    }

    @Test
    void theExcerptKeepsFiveLinesEachSide() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), "# a\n".repeat(20) + "FROM alpine\n" + "# b\n".repeat(20));
        LintViewModel vm = inline();
        vm.lint(dir.resolve("Dockerfile"));
        LintViewModel.Excerpt x = vm.excerpt(only(vm, FindingCode.RELEASE_BASE_IMAGE_UNPINNED, "Dockerfile:21"));
        assertThat(x.text().split("\n")).hasSize(11);
        assertThat(x.text()).startsWith("  16  # a\n");
        assertThat(x.text().split("\n")[5]).isEqualTo("> 21  FROM alpine");
        assertThat(x.markedRow()).isEqualTo(6);
    }

    @Test
    void aChosenComposeFileLintsItsFolder() throws Exception {
        LintViewModel vm = inline();
        vm.lint(project(dir).resolve("docker-compose.yml"));
        assertThat(vm.errorProperty().get()).isNull();
        assertThat(vm.findings()).extracting(Finding::location).contains("app/Dockerfile:1",
                "docker-compose.yml services.web");
    }

    @Test
    void aFindingWithoutAFileHasNoExcerpt() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), "FROM alpine\n");
        LintViewModel vm = inline();
        vm.lint(dir);
        Finding noLimit = vm.findings().stream().filter(f -> f.code() == FindingCode.RELEASE_NO_MEMORY_LIMIT)
                .findFirst().orElseThrow();
        assertThat(noLimit.location()).isEqualTo("(single-container project)");
        assertThat(vm.excerpt(noLimit)).isNull();
    }

    @Test
    void aMissingPathIsOneMessageAndWhatToDo() {
        LintViewModel vm = inline();
        vm.lint(dir.resolve("missing"));
        assertThat(vm.errorProperty().get()).isEqualTo(dir.resolve("missing") + " does not exist. Give the project"
                + " folder (with docker-compose.yml or a Dockerfile) or a Dockerfile.");
        assertThat(vm.headingProperty().get()).isEqualTo("Could not lint missing");
        assertThat(vm.detailProperty().get()).isEqualTo(vm.errorProperty().get());
        assertThat(vm.verdictProperty().get()).isNull();
        assertThat(vm.findings()).isEmpty();
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).isEqualTo("Lint failed.");
    }

    @Test
    void anEmptyFolderHasNothingToLint() {
        LintViewModel vm = inline();
        vm.lint(dir);
        assertThat(vm.errorProperty().get()).contains("holds no docker-compose.yml, Dockerfile.template or Dockerfile")
                .doesNotContain("Exception");
    }

    @Test
    void aFileThatIsNoProjectIsRefusedRatherThanReadAsADockerfile() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "FROM debian\n");
        LintViewModel vm = inline();
        vm.lint(notes);
        assertThat(vm.errorProperty().get()).startsWith(notes + " is not a balena project.");
        assertThat(vm.findings()).isEmpty();
    }

    @Test
    void anErrorAfterAResultClearsItAndLintAgainRetriesThePath() throws Exception {
        LintViewModel vm = inline();
        vm.lint(project(dir));
        assertThat(vm.findings()).isNotEmpty();
        Path later = dir.resolve("later");
        vm.lint(later);
        assertThat(vm.findings()).isEmpty();
        assertThat(vm.excerpt(Finding.of(FindingCode.RELEASE_BASE_IMAGE_UNPINNED, "m", "app/Dockerfile:1", null)))
                .isNull();
        project(Files.createDirectories(later));
        vm.lintAgain();
        assertThat(vm.errorProperty().get()).isNull();
        assertThat(vm.headingProperty().get()).isEqualTo("WARNINGS — later");
    }

    @Test
    void theLintRunsOnTheWorkerIsListedAsAJobAndAStaleResultIsDropped() throws Exception {
        List<Runnable> held = new ArrayList<>();
        Executor worker = held::add;
        LintViewModel vm = new LintViewModel(worker, Runnable::run);
        Jobs jobs = new Jobs();
        vm.reportJobsTo(jobs);
        Path first = Files.createDirectories(dir.resolve("first"));
        Files.writeString(first.resolve("Dockerfile"), "FROM alpine\n");
        Path second = project(Files.createDirectories(dir.resolve("second")));
        vm.lint(first);
        vm.lint(second);
        assertThat(vm.busyProperty().get()).isTrue();
        assertThat(vm.findings()).as("nothing ran on the calling thread").isEmpty();
        assertThat(jobs.running()).containsExactly("linting first", "linting second");
        held.get(1).run();
        held.get(0).run(); // the older run ends last: its result must not replace the newer one
        assertThat(jobs.running()).isEmpty();
        assertThat(vm.headingProperty().get()).isEqualTo("WARNINGS — second");
        assertThat(vm.findings()).extracting(Finding::location).contains("app/Dockerfile:1");
    }

    @Test
    void serviceKeysAreFoundAtTheServicesIndentOnly() {
        List<String> compose = List.of("# services:", "services:", "", "  # app:", "  \"db\":", "    environment:",
                "      app: x", "  app:", "    image: a", "volumes:", "  app:");
        assertThat(LintViewModel.serviceLine(compose, "app")).isEqualTo(8);
        assertThat(LintViewModel.serviceLine(compose, "db")).isEqualTo(5);
        assertThat(LintViewModel.serviceLine(compose, "none")).isZero();
    }
}
