package dev.preflight.core.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.support.Fixtures;
import dev.preflight.support.Inspect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What Preflight writes balena-cli reads, and the other way round. Opt-in: set
 * PREFLIGHT_BALENA_PEER_TOOLS to a folder with peer-config-read.sh / peer-config-write.sh wrapping an
 * installed balena-cli (docs/interop.md says how); skipped otherwise.
 */
class BalenaPeerInteropTest {
    @TempDir
    Path dir;

    static String run(Path script, String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = script.toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
        return out;
    }

    @ParameterizedTest
    @CsvSource({"MBR,16", "GPT,32"})
    void bothWays(String table, int fat) throws Exception {
        String tools = System.getenv("PREFLIGHT_BALENA_PEER_TOOLS");
        assumeTrue(tools != null && Files.isExecutable(Path.of(tools, "peer-config-read.sh")),
                "balena-cli peer not configured (PREFLIGHT_BALENA_PEER_TOOLS)");
        Path img = Fixtures.copy("peer-" + table + fat, ImageSpec.raspberryPi()
                .table(ImageSpec.Table.valueOf(table)).fat(fat), dir);
        ConfigService config = new ConfigService(new BackupStore(dir.resolve("b")));
        config.set(img.toString(), null, "hostname", TextNode.valueOf("peer-1"), CancellationToken.none());
        config.set(img.toString(), null, "listenPort", IntNode.valueOf(48485), CancellationToken.none());
        JsonNode read = new ObjectMapper().readTree(run(Path.of(tools, "peer-config-read.sh"), img.toString()));
        assertThat(read.get("hostname").asText()).isEqualTo("peer-1");
        assertThat(read.get("listenPort").isInt()).isTrue();
        run(Path.of(tools, "peer-config-write.sh"), img.toString(), "persistentLogging", "false");
        assertThat(config.read(img.toString(), CancellationToken.none()).get("persistentLogging").asText())
                .isEqualTo("false");
        assertThat(Inspect.codes(Inspect.run(img))).contains(FindingCode.CONFIG_JSON_LENIENT_VALUE);
    }
}
