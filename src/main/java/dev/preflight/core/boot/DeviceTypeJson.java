package dev.preflight.core.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The boot partition's device-type.json (balenaos-image-facts §1.3). */
public final class DeviceTypeJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeviceTypeJson() {
    }

    /** The "slug" field, or null when the file is absent, not JSON or has none. */
    public static String slug(byte[] deviceTypeJson) {
        if (deviceTypeJson == null) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(deviceTypeJson);
            return n != null && n.hasNonNull("slug") ? n.get("slug").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
