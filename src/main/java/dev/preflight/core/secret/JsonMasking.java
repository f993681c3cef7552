package dev.preflight.core.secret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;

/**
 * config.json with its secrets masked: the value of every secret key at any depth
 * ({@link SecretPolicy#isSecretName}; an object or array under one keeps its shape, its values
 * masked), and secret lines of the text in the legacy {@code files} map (connman, wpa_supplicant or
 * NetworkManager files written by balenaOS 1.x), masked by {@link SecretText#lines}.
 */
public final class JsonMasking {
    static final String FILES = "files";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonMasking() {
    }

    /** A deep copy of {@code root} with every secret masked. */
    public static JsonNode masked(JsonNode root) {
        return mask(root, false, false);
    }

    /** {@code value}, found at the dotted key {@code dottedKey}, with every secret masked. */
    public static JsonNode maskedAt(String dottedKey, JsonNode value) {
        boolean secret = SecretPolicy.isSecretJsonPath(dottedKey);
        boolean files = dottedKey != null && (dottedKey.equals(FILES) || dottedKey.startsWith(FILES + "."));
        return mask(value, secret, files);
    }

    private static JsonNode mask(JsonNode n, boolean secret, boolean inFiles) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return n;
        }
        if (n.isObject()) {
            ObjectNode o = NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                o.set(e.getKey(), mask(e.getValue(), secret || SecretPolicy.isSecretName(e.getKey()),
                        inFiles || FILES.equals(e.getKey())));
            }
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = NODES.arrayNode();
            n.forEach(v -> a.add(mask(v, secret, inFiles)));
            return a;
        }
        if (secret) {
            return TextNode.valueOf(SecretPolicy.MASK);
        }
        if (inFiles && n.isTextual()) {
            return TextNode.valueOf(SecretText.lines(n.asText()));
        }
        return n.deepCopy();
    }

    /**
     * A copy of {@code root} without any secret: secret keys removed at any depth and the legacy
     * {@code files} text masked. What the provisioning log hashes to compare configurations.
     */
    public static JsonNode withoutSecrets(JsonNode root) {
        JsonNode copy = mask(root, false, false);
        removeMasked(copy);
        return copy;
    }

    private static void removeMasked(JsonNode n) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (SecretPolicy.isSecretName(e.getKey())) {
                    it.remove();
                } else {
                    removeMasked(e.getValue());
                }
            }
        } else if (n.isArray()) {
            n.forEach(JsonMasking::removeMasked);
        }
    }

    /**
     * Puts the real values back into {@code edited} (a config.json that was shown masked and then
     * edited) wherever it still shows the mask: a masked secret value, or a masked line of a
     * {@code files} text. Returns the dotted key of a mask that has no real value to stand for (the
     * user typed the mask, or moved it), or null when every mask was restored.
     */
    public static String unmask(ObjectNode edited, JsonNode real) {
        return restore(edited, real, "", false, false);
    }

    private static String restore(JsonNode edited, JsonNode real, String path, boolean secret, boolean inFiles) {
        if (edited.isObject()) {
            ObjectNode o = (ObjectNode) edited;
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                JsonNode was = real == null || !real.isObject() ? null : real.get(e.getKey());
                boolean s = secret || SecretPolicy.isSecretName(e.getKey());
                boolean f = inFiles || FILES.equals(e.getKey());
                JsonNode value = e.getValue();
                if (value.isTextual()) {
                    JsonNode restored = restoreText(value.asText(), was, s, f);
                    if (restored == null) {
                        return key;
                    }
                    e.setValue(restored);
                } else {
                    String problem = restore(value, was, key, s, f);
                    if (problem != null) {
                        return problem;
                    }
                }
            }
        } else if (edited.isArray()) {
            ArrayNode a = (ArrayNode) edited;
            for (int i = 0; i < a.size(); i++) {
                JsonNode was = real == null || !real.isArray() ? null : real.get(i);
                if (a.get(i).isTextual()) {
                    JsonNode restored = restoreText(a.get(i).asText(), was, secret, inFiles);
                    if (restored == null) {
                        return path + "[" + i + "]";
                    }
                    a.set(i, restored);
                } else {
                    String problem = restore(a.get(i), was, path + "[" + i + "]", secret, inFiles);
                    if (problem != null) {
                        return problem;
                    }
                }
            }
        }
        return null;
    }

    /** The node an edited text stands for; null when it shows a mask that cannot be restored. */
    private static JsonNode restoreText(String text, JsonNode was, boolean secret, boolean inFiles) {
        if (secret && SecretPolicy.MASK.equals(text)) {
            return was != null && was.isValueNode() && !was.isNull() ? was.deepCopy() : null;
        }
        if (inFiles && !secret && text.contains(SecretPolicy.MASK)) {
            String restored = was != null && was.isTextual() ? SecretText.unmask(text, was.asText()) : null;
            return restored == null ? null : TextNode.valueOf(restored);
        }
        return TextNode.valueOf(text);
    }
}
