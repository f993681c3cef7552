package dev.preflight.core.configjson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** The config.json keys that hold credentials, and masking them for display. */
public final class Secrets {
    /** Top-level keys whose values are secret. */
    public static final Set<String> KEYS = Set.of("apiKey", "deviceApiKey", "deviceApiKeys", "wifiKey", "mixpanelToken");
    public static final String MASK = "********";

    private Secrets() {
    }

    public static boolean isSecret(String dottedKey) {
        String top = dottedKey.contains(".") ? dottedKey.substring(0, dottedKey.indexOf('.')) : dottedKey;
        return KEYS.contains(top);
    }

    /** A deep copy of {@code root} with every secret value replaced by {@link #MASK}. */
    public static JsonNode masked(JsonNode root) {
        JsonNode copy = root.deepCopy();
        if (copy instanceof ObjectNode) {
            ObjectNode o = (ObjectNode) copy;
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (KEYS.contains(e.getKey())) {
                    e.setValue(maskValue(e.getValue()));
                }
            }
        }
        return copy;
    }

    private static JsonNode maskValue(JsonNode v) {
        if (v.isObject()) {
            ObjectNode o = ((ObjectNode) v).deepCopy();
            o.fieldNames().forEachRemaining(k -> o.put(k, MASK));
            return o;
        }
        return v.isNull() ? v : com.fasterxml.jackson.databind.node.TextNode.valueOf(MASK);
    }
}
