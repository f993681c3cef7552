package dev.preflight.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.support.Fixtures;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Canonical JSON is byte for byte what the log and config.json hashes were made with before: Jackson writing
 * the tree converted to plain maps, keys sorted. A difference would make every stored hash stop matching.
 */
class CanonicalJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper SORTED = new ObjectMapper().configure(
            SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** How the bytes were made before. */
    private static byte[] asMaps(JsonNode n) throws IOException {
        return SORTED.writeValueAsBytes(SORTED.treeToValue(n, Object.class));
    }

    @Test
    void realConfigJsonFilesGiveTheSameBytes() throws IOException {
        try (Stream<Path> files = Files.list(Fixtures.real("config-json"))) {
            for (Path f : files.toList()) {
                JsonNode n = JSON.readTree(f.toFile());
                assertThat(new String(CanonicalJson.bytes(n))).as(f.toString()).isEqualTo(new String(asMaps(n)));
                JsonNode without = JsonMasking.withoutSecrets(n);
                assertThat(CanonicalJson.bytes(without)).as(f.toString()).isEqualTo(asMaps(without));
            }
        }
    }

    @Test
    void randomTreesParsedFromTextGiveTheSameBytes() throws IOException {
        Random r = new Random(7);
        for (int i = 0; i < 500; i++) {
            // through text, as every tree hashed comes from a file or a log line
            JsonNode n = JSON.readTree(JSON.writeValueAsString(tree(r, 0)));
            assertThat(new String(CanonicalJson.bytes(n), StandardCharsets.UTF_8))
                    .isEqualTo(new String(asMaps(n), StandardCharsets.UTF_8));
        }
    }

    @Test
    void skippedTopLevelFieldsAreLeftOutOnlyAtTheTop() throws IOException {
        JsonNode n = JSON.readTree("{\"b\":1,\"signature\":\"x\",\"a\":{\"signature\":\"kept\"}}");
        assertThat(new String(CanonicalJson.bytes(n, Set.of("signature"))))
                .isEqualTo("{\"a\":{\"signature\":\"kept\"},\"b\":1}");
    }

    private static JsonNode tree(Random r, int depth) {
        int kind = depth > 3 ? 2 + r.nextInt(6) : r.nextInt(8);
        switch (kind) {
            case 0: {
                ObjectNode o = NODES.objectNode();
                for (int k = r.nextInt(6); k > 0; k--) {
                    o.set(word(r), tree(r, depth + 1));
                }
                return o;
            }
            case 1: {
                ArrayNode a = NODES.arrayNode();
                for (int k = r.nextInt(5); k > 0; k--) {
                    a.add(tree(r, depth + 1));
                }
                return a;
            }
            case 2:
                return NODES.numberNode(r.nextInt());
            case 3:
                return NODES.numberNode(List.of(0L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40).get(r.nextInt(4)));
            case 4:
                return NODES.numberNode(List.of(0.5, -1e-7, 3.141592653589793, 1e300, -0.0).get(r.nextInt(5)));
            case 5:
                return NODES.numberNode(new BigInteger("123456789012345678901234567890"));
            case 6:
                return r.nextBoolean() ? NODES.booleanNode(r.nextBoolean()) : NODES.nullNode();
            default:
                return NODES.textNode(word(r));
        }
    }

    private static String word(Random r) {
        String[] parts = {"a", "B", "z", "ssid", "é", "\u2603", "\"", "\\", "\n", "\u0001", "10", "9", "", "key"};
        StringBuilder s = new StringBuilder();
        for (int k = r.nextInt(4); k >= 0; k--) {
            s.append(parts[r.nextInt(parts.length)]);
        }
        return s.toString();
    }
}
