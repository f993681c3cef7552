package dev.preflight.core.configjson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * What a config.json says about the card's life cycle (balenaos-image-facts §3.4): an image as
 * built, configured for a fleet (will register on first boot), or provisioned (already registered;
 * the supervisor's definition: uuid, apiEndpoint, registered_at and deviceId all set).
 */
public enum ConfigState {
    UNCONFIGURED, CONFIGURED, PROVISIONED;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConfigState of(JsonNode root) {
        if (truthy(root, "uuid") && truthy(root, "apiEndpoint") && truthy(root, "registered_at")
                && truthy(root, "deviceId")) {
            return PROVISIONED;
        }
        if (truthy(root, "applicationId") || truthy(root, "apiKey") || truthy(root, "apiEndpoint")) {
            return CONFIGURED;
        }
        return UNCONFIGURED;
    }

    static boolean truthy(JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return false;
        }
        if (n.isTextual()) {
            return !n.asText().isEmpty();
        }
        return !n.isNumber() || n.asLong() != 0;
    }
}
