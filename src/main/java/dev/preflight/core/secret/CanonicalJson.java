package dev.preflight.core.secret;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Canonical JSON: object keys sorted, compact, UTF-8. The same bytes as Jackson writing the tree as plain
 * maps with ORDER_MAP_ENTRIES_BY_KEYS (how the log hashed records and config.json before, so old hashes
 * still match), written straight from the tree: no second ObjectMapper, no conversion to maps.
 */
public final class CanonicalJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private CanonicalJson() {
    }

    /** The canonical bytes of {@code body}. */
    public static byte[] bytes(JsonNode body) {
        return bytes(body, Set.of());
    }

    /** The canonical bytes of {@code body} without its top-level fields in {@code skip}. */
    public static byte[] bytes(JsonNode body, Set<String> skip) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, body, skip);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, JsonNode n, Set<String> skip) throws IOException {
        if (n.isObject()) {
            List<String> names = new ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            g.writeStartObject();
            for (String name : names) {
                if (!skip.contains(name)) {
                    g.writeFieldName(name);
                    write(g, n.get(name), Set.of());
                }
            }
            g.writeEndObject();
        } else if (n.isArray()) {
            g.writeStartArray();
            for (JsonNode e : n) {
                write(g, e, Set.of());
            }
            g.writeEndArray();
        } else if (n.isNull()) {
            g.writeNull();
        } else if (n.isTextual()) {
            g.writeString(n.textValue());
        } else if (n.isNumber() || n.isBoolean()) {
            ((ValueNode) n).serialize(g, null); // numbers exactly as Jackson writes Integer, Long, Double...
        } else {
            Other.MAPPER.writeTree(g, n); // binary or POJO values: never read from a file, but written the same
        }
    }

    /** Made only if a tree holds a value that JSON text never produces. */
    private static final class Other {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
