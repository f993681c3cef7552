package dev.preflight.core.configjson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Severity;
import dev.preflight.core.secret.SecretPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Validates a parsed config.json: the bundled JSON Schema (draft 2020-12) first, then the checks a
 * schema cannot express (see {@link SemanticChecks}). Values the supervisor accepts leniently are
 * warnings, not errors (balena-supervisor src/config/types.ts PermissiveBoolean/PermissiveNumber).
 * Messages never contain a secret value.
 */
public final class ConfigJsonValidator {
    private static final Set<String> LENIENT_TRUE_FALSE = Set.of("true", "false", "1", "0", "on", "off");
    /** The last schema validation: an edit validates its new content, then the log's inspection reads it back. */
    private static volatile Validated last;

    /** The compiled schema, made when something is first validated (about 0.1 s), never for other commands. */
    private static final class Compiled {
        /** The schema as written: its x-pattern-means annotations are read from it. */
        static final JsonNode TREE = readSchema();
        static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(TREE);
        /** Each pattern of the schema, and what it asks for in words. */
        static final Map<String, String> PATTERN_MEANS = patternMeans(TREE, new HashMap<>());
    }

    private static final AtomicInteger SCHEMA_RUNS = new AtomicInteger();

    private record Validated(JsonNode root, List<Error> errors) {
    }

    /** Context of the file: where it is (for messages) and what the image says its device type is. */
    public record Context(String location, String imageDeviceType) {
    }

    /**
     * What the warm-up validates: a document that passes, so that no error message (nor the resource bundle
     * behind the messages) is made for a card whose config.json is valid.
     */
    static final JsonNode WARM_UP = JsonNodeFactory.instance.objectNode().put("deviceType", "raspberrypi4-64");

    /**
     * Compiles the schema (and runs it once) on a daemon thread while the caller opens the image, for a
     * command that will validate: about 0.1 s of its start-up then overlaps with I/O on a second core.
     * Safe to race with a real validation: class initialisation is locked by the JVM, and a compiled
     * schema validates from several threads.
     */
    public static void warmUpInBackground() {
        Thread t = new Thread(() -> Compiled.SCHEMA.validate(WARM_UP), "schema-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static JsonNode readSchema() {
        try (InputStream in = ConfigJsonValidator.class.getResourceAsStream(
                "/dev/preflight/configjson/config-json.schema.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> patternMeans(JsonNode schema, Map<String, String> out) {
        if (schema.isObject() && schema.path("pattern").isTextual() && schema.path("x-pattern-means").isTextual()) {
            String pattern = schema.get("pattern").asText();
            String means = schema.get("x-pattern-means").asText();
            String was = out.putIfAbsent(pattern, means);
            if (was != null && !was.equals(means)) {
                throw new IllegalStateException("two meanings for the pattern " + pattern);
            }
        }
        schema.forEach(child -> patternMeans(child, out));
        return out;
    }

    /**
     * The findings for {@code root}. Content the schema has just checked (an edit's new config.json, then
     * the same content read back by the inspection that records the edit) is not checked against it again.
     */
    public List<Finding> validate(JsonNode root, Context ctx) {
        Validated v = last;
        List<Error> errors;
        if (v != null && v.root().equals(root)) {
            errors = v.errors();
        } else {
            errors = List.copyOf(Compiled.SCHEMA.validate(root));
            SCHEMA_RUNS.incrementAndGet();
            last = new Validated(root.deepCopy(), errors);
        }
        List<Finding> out = new ArrayList<>();
        for (Error e : errors) {
            out.add(schemaFinding(e, ctx));
        }
        new SemanticChecks(root, ctx, out).run();
        return out;
    }

    /** How many times content was checked against the schema in this process (for tests). */
    static int schemaRuns() {
        return SCHEMA_RUNS.get();
    }

    /** Whether the findings allow writing this content (no errors). */
    public static boolean writable(List<Finding> findings) {
        return findings.stream().noneMatch(f -> f.severity() == Severity.ERROR);
    }

    private Finding schemaFinding(Error e, Context ctx) {
        String pointer = pointer(e);
        boolean required = "required".equals(e.getKeyword()) && e.getProperty() != null;
        return describe(e, ctx).at(SemanticChecks.CONFIG_JSON.pointer(required ? pointer + "/" + e.getProperty()
                : pointer));
    }

    private Finding describe(Error e, Context ctx) {
        String pointer = pointer(e);
        String key = pointer.isEmpty() ? "(root)" : pointer.substring(1).replace('/', '.');
        JsonNode value = e.getInstanceNode();
        String expected = expectedType(e);
        String where = ctx.location() + "#" + pointer;
        if ("type".equals(e.getKeyword()) && value != null && value.isTextual() && expected != null) {
            String text = value.asText().trim().toLowerCase(Locale.ROOT);
            boolean lenientBool = expected.contains("boolean") && LENIENT_TRUE_FALSE.contains(text);
            boolean lenientNumber = expected.contains("integer") && text.matches("-?\\d{1,18}");
            if (lenientBool || lenientNumber) {
                return Finding.of(FindingCode.CONFIG_JSON_LENIENT_VALUE,
                        key + " is the string " + shown(key, value) + " but should be a " + expected
                                + "; the supervisor accepts it, other tools may not.", where,
                        "Set it as a proper " + expected + " (preflight config set PATH " + key + " "
                                + (lenientBool ? (text.equals("true") || text.equals("1") || text.equals("on")
                                ? "true" : "false") : SecretPolicy.isSecretJsonPath(key) ? "NUMBER" : text) + ").");
            }
        }
        if ("required".equals(e.getKeyword())) {
            return Finding.of(FindingCode.CONFIG_JSON_INVALID_VALUE, "config.json " + e.getMessage()
                    .replaceFirst("^\\$?:?\\s*", "") + ".", ctx.location(),
                    "balena's tools and the supervisor need it: add it, e.g. preflight config set PATH deviceType <slug>.");
        }
        String detail = e.getMessage() == null ? e.getKeyword() : e.getMessage().replaceFirst("^\\$[^:]*:\\s*", "");
        String means = patternMeans(e);
        if (means != null && value != null) {
            detail = shown(key, value) + " is not " + means;
        }
        if (SecretPolicy.isSecretJsonPath(key)) {
            detail = "its value does not match the expected " + (expected == null ? "format" : expected);
        }
        return Finding.of(FindingCode.CONFIG_JSON_INVALID_VALUE, "config.json key " + key + " is invalid: " + detail
                + ".", where, "Fix the value; 'preflight config validate' explains every key (see docs/config-json.md).");
    }

    private static String pointer(Error e) {
        StringBuilder p = new StringBuilder();
        com.networknt.schema.path.NodePath path = e.getInstanceLocation();
        String s = path == null ? "$" : path.toString();
        if (s.startsWith("/") || s.isEmpty()) {
            return s;
        }
        // other path types print as $.a.b or $['a']; turn them into a JSON pointer
        for (String part : s.replaceFirst("^\\$", "").split("\\.|\\['|'\\]|\\[|\\]")) {
            if (!part.isEmpty()) {
                p.append('/').append(part);
            }
        }
        return p.toString();
    }

    /** What a failed pattern asks for, in words (the schema's x-pattern-means), or null. */
    private static String patternMeans(Error e) {
        JsonNode pattern = e.getSchemaNode();
        return "pattern".equals(e.getKeyword()) && pattern != null && pattern.isTextual()
                ? Compiled.PATTERN_MEANS.get(pattern.asText()) : null;
    }

    private static String expectedType(Error e) {
        JsonNode s = e.getSchemaNode();
        if (s == null) {
            return null;
        }
        JsonNode t = s.isObject() ? s.get("type") : s;
        if (t == null) {
            return null;
        }
        return t.isArray() ? t.toString() : t.asText();
    }

    static String shown(String key, JsonNode value) {
        return SecretPolicy.isSecretJsonPath(key) ? SecretPolicy.MASK : value.toString();
    }
}
