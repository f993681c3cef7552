package dev.preflight.core.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The diff every edit, verify and the desktop editors show: right on small files, bounded on huge ones. */
class LineDiffTest {
    static final String NL = System.lineSeparator();

    static String numbered(String prefix, int lines) {
        return IntStream.range(0, lines).mapToObj(i -> prefix + i).collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void showsRemovedAndAddedLinesInFileOrder() {
        assertThat(LineDiff.lines("a\nb\nc\n", "a\nB\nc\nd\n")).isEqualTo("  - b" + NL + "  + B" + NL + "  + d" + NL);
        assertThat(LineDiff.lines("", "x")).isEqualTo("  + x" + NL);
        assertThat(LineDiff.lines("same\r\n", "same\n")).isEmpty();
    }

    @Test
    void oneLineChangedInAHugeFileNeedsNoTableOfEveryPairOfLines() {
        // a 4.7 MB config.txt of 600,000 lines ran the heap out in 'configtxt set' (exit 3)
        String before = numbered("x", 600_000);
        String after = before.replace("\nx300000\n", "\ngpu_mem=64\n");
        String diff = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> LineDiff.lines(before, after));
        assertThat(diff).isEqualTo("  - x300000" + NL + "  + gpu_mem=64" + NL);
    }

    @Test
    void twoHugeFilesWithNothingInCommonAreAllRemovedThenAllAdded() {
        String diff = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> LineDiff.lines(numbered("a", 50_000), numbered("b", 50_000)));
        assertThat(diff.lines()).hasSize(100_000);
        assertThat(diff.lines().limit(50_000)).allMatch(l -> l.startsWith("  - a"));
        assertThat(diff.lines().skip(50_000)).allMatch(l -> l.startsWith("  + b"));
    }
}
