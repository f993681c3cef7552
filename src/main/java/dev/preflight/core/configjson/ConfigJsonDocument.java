package dev.preflight.core.configjson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.preflight.core.secret.JsonSyntaxException;
import dev.preflight.core.secret.SafeJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A config.json being edited: key order, unknown keys, value types and the file's layout are kept
 * (balena-cli's {@code config write} turns every value into a string; we do not). Keys are dotted
 * paths ({@code os.network.connectivity.interval}).
 */
public final class ConfigJsonDocument {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final ObjectNode root;
    private final JsonStyle style;

    private ConfigJsonDocument(ObjectNode root, JsonStyle style) {
        this.root = root;
        this.style = style;
    }

    /**
     * @throws JsonSyntaxException when the bytes are not JSON (its message names the position, never the text)
     * @throws IllegalArgumentException when the JSON is not an object
     */
    public static ConfigJsonDocument parse(byte[] bytes) throws JsonSyntaxException {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        JsonNode n = SafeJson.readTree(JSON, text);
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("config.json must be a JSON object ({...})");
        }
        return new ConfigJsonDocument((ObjectNode) n, JsonStyle.detect(text));
    }

    public ObjectNode root() {
        return root;
    }

    public JsonStyle style() {
        return style;
    }

    /** The value at a dotted key, or null. */
    public JsonNode get(String dottedKey) {
        JsonNode n = root;
        for (String part : split(dottedKey)) {
            n = n == null || !n.isObject() ? null : n.get(part);
        }
        return n;
    }

    /** Sets a dotted key, creating intermediate objects. Refuses to descend into a non-object. */
    public void set(String dottedKey, JsonNode value) {
        String[] parts = split(dottedKey);
        ObjectNode o = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = o.get(parts[i]);
            if (next == null || next.isNull()) {
                o = o.putObject(parts[i]);
            } else if (next.isObject()) {
                o = (ObjectNode) next;
            } else {
                throw new IllegalArgumentException(String.join(".", Arrays.copyOf(parts, i + 1))
                        + " is a " + next.getNodeType().toString().toLowerCase() + ", not an object");
            }
        }
        o.set(parts[parts.length - 1], value);
    }

    /** Removes a dotted key; returns whether it was there. Empty parent objects are kept. */
    public boolean unset(String dottedKey) {
        String[] parts = split(dottedKey);
        JsonNode parent = parts.length == 1 ? root : get(String.join(".", Arrays.copyOf(parts, parts.length - 1)));
        if (parent instanceof ObjectNode && parent.has(parts[parts.length - 1])) {
            ((ObjectNode) parent).remove(parts[parts.length - 1]);
            return true;
        }
        return false;
    }

    /** Parses a value given on the command line: JSON when it is valid JSON, else a string. */
    public static JsonNode parseValue(String raw, boolean forceString) {
        if (forceString) {
            return TextNode.valueOf(raw);
        }
        try {
            JsonNode n = SafeJson.readTree(JSON, raw);
            return n == null || n.isMissingNode() ? TextNode.valueOf(raw) : n;
        } catch (JsonSyntaxException e) {
            return TextNode.valueOf(raw);
        }
    }

    /** The document in its original layout. */
    public byte[] render() {
        return render(root, style);
    }

    /** {@code node} in jq's layout (two spaces, "key": value), for showing. */
    public static String pretty(JsonNode node) {
        return new String(render(node, JsonStyle.JQ), StandardCharsets.UTF_8);
    }

    static byte[] render(JsonNode node, JsonStyle style) {
        try {
            String text = JSON.writer(style.printer()).writeValueAsString(node);
            if (style.trailingNewline()) {
                text += style.newline();
            }
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String[] split(String dottedKey) {
        if (dottedKey == null || dottedKey.isBlank() || dottedKey.startsWith(".") || dottedKey.endsWith(".")
                || dottedKey.contains("..")) {
            throw new IllegalArgumentException("'" + dottedKey + "' is not a key (use names like hostname or"
                    + " os.network.connectivity.interval)");
        }
        return dottedKey.split("\\.");
    }
}
