package dev.preflight.core.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A streamed file (an export) is whole or absent, and a failure leaves what was there before. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFailureHalfWayLeavesThePreviousFileAndNoPart() throws Exception {
        Path out = dir.resolve("report.csv");
        Files.writeString(out, "previous");
        for (RuntimeException thrown : new RuntimeException[] {new IllegalStateException("bug"), null}) {
            assertThatThrownBy(() -> AtomicFiles.stream(out, w -> {
                w.write("x".repeat(200_000)); // more than the buffer: some of it reached the part file
                if (thrown != null) {
                    throw thrown;
                }
                throw new IOException("the server stopped answering");
            })).isInstanceOf(thrown == null ? IOException.class : IllegalStateException.class);
            assertThat(out).hasContent("previous");
            assertThat(names()).containsExactly("report.csv");
        }
    }

    @Test
    void aWholeFileReplacesThePreviousOne() throws Exception {
        Path out = dir.resolve("report.csv");
        Files.writeString(out, "previous");
        assertThat(AtomicFiles.stream(out, w -> {
            w.write("a,b\n1,2\n");
            return 1;
        })).isEqualTo(1);
        assertThat(out).hasContent("a,b\n1,2\n");
        assertThat(names()).containsExactly("report.csv");
    }

    @Test
    void aMissingFolderIsNamedByTheFileAskedFor() {
        Path out = dir.resolve("no-such-folder/report.csv");
        assertThatThrownBy(() -> AtomicFiles.stream(out, w -> 0)).isInstanceOf(NoSuchFileException.class)
                .hasMessage(out.toString());
    }

    private Stream<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList().stream();
        }
    }
}
