package dev.preflight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code preflight lint}: exit codes, text and JSON, bad input. */
class LintCliTest {
    @TempDir
    Path dir;

    static CliTest.Result run(String... args) {
        return CliTest.run(args);
    }

    Path project() throws Exception {
        Files.writeString(dir.resolve("docker-compose.yml"), "services:\n  app:\n    build: ./app\n");
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/Dockerfile"), "FROM debian:bookworm\nCMD [\"sleep\", \"infinity\"]\n");
        return dir;
    }

    @Test
    void warningsPassByDefaultAndFailWithFailOnWarning() throws Exception {
        CliTest.Result r = run("lint", project().toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("RELEASE_BASE_IMAGE_UNPINNED").contains("app/Dockerfile:1")
                .contains("RELEASE_NO_MEMORY_LIMIT").contains("Verdict: WARN");
        assertThat(run("lint", "--fail-on", "warning", dir.toString()).code()).isEqualTo(1);
    }

    @Test
    void aComposeFileStandsForItsFolder() throws Exception {
        CliTest.Result folder = run("lint", "--json", project().toString());
        CliTest.Result file = run("lint", "--json", dir.resolve("docker-compose.yml").toString());
        JsonNode a = new ObjectMapper().readTree(folder.out());
        JsonNode b = new ObjectMapper().readTree(file.out());
        assertThat(b.path("services")).isEqualTo(a.path("services"));
        assertThat(b.path("findings")).isEqualTo(a.path("findings"));
        assertThat(b.path("services").get(0).asText()).isEqualTo("app");
    }

    @Test
    void jsonHasTheReportShape() throws Exception {
        CliTest.Result r = run("lint", "--json", project().toString());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(j.path("source").path("kind").asText()).isEqualTo("project");
        assertThat(j.path("services").get(0).asText()).isEqualTo("app");
        assertThat(j.path("findings").get(0).path("area").asText()).isEqualTo("release");
        assertThat(j.path("verdict").asText()).isEqualTo("warn");
    }

    @Test
    void aMissingProjectIsExit2WithoutAStackTrace() {
        CliTest.Result r = run("lint", dir.resolve("missing").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("does not exist").doesNotContain("Exception");
    }

    @Test
    void aFileThatIsNoDockerfileIsRefusedNotPassed() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "FROM debian\nRUN echo hi\n");
        CliTest.Result r = run("lint", notes.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(notes + " is not a balena project.", "Give the project folder")
                .doesNotContain("Exception");
    }
}
