package dev.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.report.FindingCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The documentation is part of the contract: it must list exactly the codes the code emits. */
class DocsTest {
    @Test
    void findingsCatalogueMatchesTheCode() throws Exception {
        String doc = Files.readString(Path.of("docs/findings.md"));
        Matcher m = Pattern.compile("^\\| `([A-Z0-9_]+)` \\|", Pattern.MULTILINE).matcher(doc);
        Set<String> documented = new TreeSet<>();
        while (m.find()) {
            documented.add(m.group(1));
        }
        Set<String> coded = Arrays.stream(FindingCode.values()).map(Enum::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).isEqualTo(coded);
        for (FindingCode c : FindingCode.values()) {
            assertThat(doc).contains("| `" + c.name() + "` | " + c.defaultSeverity().word() + " |");
        }
    }

    @Test
    void readmeShowsTheTwoQuickStartCommandsAndCiRunsTheTestOne() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).contains("./preflight", "mvn -B verify");
        assertThat(Files.readString(Path.of(".ci/run"))).contains("mvn -B verify");
    }
}
