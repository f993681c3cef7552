package dev.preflight.core.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.secret.JsonSyntaxException;
import dev.preflight.core.secret.SafeJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the three apps.json formats balena-preload writes (release-facts.md §1.3–1.5): v3 (apps
 * keyed by fleet uuid, releases keyed by commit), v2 (apps keyed by numeric id, services by service
 * id, compose keys flattened into the service) and v1 (a JSON array, one container).
 */
public final class AppsJson {
    /** apps.json larger than this is refused: a release's state is kilobytes. */
    public static final int MAX_BYTES = 8 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** v2 service keys that are not composition (SUP lib/legacy.ts fromV2TargetApps). */
    private static final Set<String> V2_NOT_COMPOSE = Set.of("imageId", "serviceName", "image", "environment", "labels",
            "running", "serviceId", "contract");

    private AppsJson() {
    }

    /** A file that is not apps.json in any known format; the message completes "apps.json ...". */
    public static class FormatException extends IOException {
        public FormatException(String message) {
            super(message);
        }
    }

    /** The release in {@code content}, or null for an empty apps.json ({@code {}}, what a booted device leaves). */
    public static Release parse(byte[] content, String state) throws FormatException {
        JsonNode root;
        try {
            root = SafeJson.readTree(JSON, content);
        } catch (JsonSyntaxException e) {
            // the fixed phrase only: Jackson's messages quote the input, and a limit reached has no position
            throw new FormatException("is not valid JSON (" + e.getMessage() + ")");
        }
        if (root == null || root.isMissingNode()) {
            throw new FormatException("is empty");
        }
        if (root.isArray()) {
            return v1(root, state);
        }
        if (!root.isObject()) {
            throw new FormatException("is neither an object nor an array");
        }
        JsonNode apps = root.path("apps");
        if (root.isEmpty() || apps.isObject() && apps.isEmpty()) {
            return null;
        }
        if (!apps.isObject()) {
            throw new FormatException("has no \"apps\" object");
        }
        Boolean pin = root.path("pinDevice").isBoolean() ? root.path("pinDevice").asBoolean() : null;
        Map.Entry<String, JsonNode> app = firstFleet(apps);
        if (app.getKey().matches("\\d+")) {
            return v2(app, pin, state);
        }
        return v3(app, pin, state);
    }

    private static Map.Entry<String, JsonNode> firstFleet(JsonNode apps) {
        Iterator<Map.Entry<String, JsonNode>> it = apps.fields();
        Map.Entry<String, JsonNode> first = it.next();
        for (Map.Entry<String, JsonNode> e = first; ; e = it.next()) {
            String cls = e.getValue().path("class").asText("fleet");
            if (cls.equals("fleet") && !e.getValue().path("is_host").asBoolean(false)) {
                return e;
            }
            if (!it.hasNext()) {
                return first;
            }
        }
    }

    private static Release v3(Map.Entry<String, JsonNode> app, Boolean pin, String state) throws FormatException {
        JsonNode a = app.getValue();
        JsonNode releases = a.path("releases");
        if (!releases.isObject() || releases.isEmpty()) {
            throw new FormatException("names fleet " + app.getKey() + " but no release");
        }
        Map.Entry<String, JsonNode> rel = releases.fields().next(); // the supervisor takes the first key
        List<Release.Service> services = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = rel.getValue().path("services").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            JsonNode composition = s.getValue().path("composition");
            services.add(new Release.Service(s.getKey(), text(s.getValue().path("image")),
                    composition.isObject() ? composition : null, merged(s.getValue(), composition), false));
        }
        return new Release(app.getKey(), number(a.path("id")), text(a.path("name")), rel.getKey(),
                number(rel.getValue().path("id")), services, pin, "v3", state, null);
    }

    private static Release v2(Map.Entry<String, JsonNode> app, Boolean pin, String state) {
        JsonNode a = app.getValue();
        List<Release.Service> services = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = a.path("services").fields(); it.hasNext(); ) {
            JsonNode s = it.next().getValue();
            ObjectNode composition = JsonNodeFactory.instance.objectNode();
            s.fields().forEachRemaining(f -> {
                if (!V2_NOT_COMPOSE.contains(f.getKey())) {
                    composition.set(f.getKey(), f.getValue());
                }
            });
            services.add(new Release.Service(text(s.path("serviceName")), text(s.path("image")), composition,
                    s.path("labels").isObject() ? s.path("labels") : null, false));
        }
        return new Release(null, Long.parseLong(app.getKey()), text(a.path("name")), text(a.path("commit")),
                number(a.path("releaseId")), services, pin, "v2", state, null);
    }

    /** v1: one container; the supervisor runs it privileged with host networking (SUP legacy.ts). */
    private static Release v1(JsonNode root, String state) throws FormatException {
        if (root.isEmpty() || !root.get(0).isObject()) {
            throw new FormatException("is an empty legacy (v1) list");
        }
        JsonNode a = root.get(0);
        ObjectNode composition = JsonNodeFactory.instance.objectNode();
        composition.put("privileged", true);
        composition.put("network_mode", "host");
        composition.putArray("volumes").add("resin-data:/data");
        ObjectNode labels = JsonNodeFactory.instance.objectNode();
        for (String f : List.of("kernel-modules", "firmware", "dbus", "supervisor-api", "resin-api")) {
            labels.put("io.resin.features." + f, "1");
        }
        List<Release.Service> services = List.of(new Release.Service("main", text(a.path("imageId")), composition,
                labels, false));
        return new Release(null, number(a.path("appId")), text(a.path("name")), text(a.path("commit")), null, services,
                null, "v1", state, null);
    }

    /** Top-level labels win over composition labels (SUP compose/service.ts). */
    private static JsonNode merged(JsonNode service, JsonNode composition) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (composition.path("labels").isObject()) {
            out.setAll((ObjectNode) composition.path("labels"));
        }
        if (service.path("labels").isObject()) {
            out.setAll((ObjectNode) service.path("labels"));
        }
        return out;
    }

    private static String text(JsonNode n) {
        return n.isValueNode() && !n.isNull() ? n.asText() : null;
    }

    private static Long number(JsonNode n) {
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        return n.isTextual() && n.asText().matches("\\d{1,18}") ? Long.parseLong(n.asText()) : null;
    }
}
