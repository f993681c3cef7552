package dev.preflight.core.configjson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.preflight.core.secret.JsonMasking;
import dev.preflight.core.secret.JsonSyntaxException;
import dev.preflight.core.secret.SecretPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * config.json as a form: which keys the form shows, how a key's JSON value reads as text and back (keeping
 * the key's JSON type and leaving keys the form did not change untouched), and raw JSON typed by the user
 * taken over with masked secrets keeping their real values. The desktop editor is a view of this.
 */
public final class ConfigForm {
    /** The form's text fields: config.json key to label, in the form's order. */
    public static final Map<String, String> TEXT_FIELDS;
    /** The form's switches. */
    public static final List<String> FLAGS = List.of("persistentLogging", "developmentMode");

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("hostname", "Hostname");
        m.put("country", "Country (Wi-Fi)");
        m.put("ntpServers", "NTP servers");
        m.put("dnsServers", "DNS servers");
        m.put("applicationId", "Fleet ID");
        m.put("apiEndpoint", "API endpoint");
        m.put("deltaEndpoint", "Delta endpoint");
        m.put("registryEndpoint", "Registry endpoint");
        m.put("vpnEndpoint", "VPN endpoint");
        TEXT_FIELDS = Collections.unmodifiableMap(m);
    }

    private ConfigForm() {
    }

    /** A key's value as the form shows it ("" when absent or null). */
    public static String text(JsonNode n) {
        return n == null || n.isNull() ? "" : n.isValueNode() ? n.asText() : n.toString();
    }

    /** A switch's state: true for JSON true and for the string "true" balena's tools accept. */
    public static boolean flag(JsonNode n) {
        return n != null && (n.asBoolean() || "true".equalsIgnoreCase(n.asText()));
    }

    /**
     * A copy of {@code working} with the form's values: an emptied field removes its key, a changed one is
     * set (a numeric fleet id as a number), an unchanged one keeps its bytes and JSON type.
     */
    public static ConfigJsonDocument apply(ConfigJsonDocument working, Map<String, String> text,
                                           Map<String, Boolean> flags) {
        ConfigJsonDocument d = copy(working);
        for (Map.Entry<String, String> e : text.entrySet()) {
            putText(working, d, e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Boolean> e : flags.entrySet()) {
            putFlag(working, d, e.getKey(), e.getValue());
        }
        return d;
    }

    private static void putText(ConfigJsonDocument working, ConfigJsonDocument d, String key, String value) {
        JsonNode current = working.get(key);
        String was = text(current);
        if (value == null || value.isEmpty()) {
            if (current != null && !was.isEmpty()) {
                d.unset(key);
            }
        } else if (!value.equals(was)) {
            d.set(key, "applicationId".equals(key) && value.matches("[0-9]{1,18}")
                    ? LongNode.valueOf(Long.parseLong(value)) : TextNode.valueOf(value));
        }
    }

    private static void putFlag(ConfigJsonDocument working, ConfigJsonDocument d, String key, boolean value) {
        JsonNode current = working.get(key);
        if (value != flag(current) || (current != null && !current.isBoolean())) {
            if (current == null && !value) {
                return;
            }
            d.set(key, BooleanNode.valueOf(value));
        }
    }

    /** Raw JSON taken over: the new document, or a sentence saying why not (never quoting a value). */
    public record Raw(ConfigJsonDocument document, String error) {
    }

    /**
     * Raw JSON typed over {@code working}. Valid JSON becomes the new document, and a secret shown as the
     * mask keeps the value {@code working} has; a syntax error gives its line and column; a mask where the
     * card has no value is refused.
     */
    public static Raw fromRaw(String json, ConfigJsonDocument working) {
        ConfigJsonDocument parsed;
        try {
            parsed = ConfigJsonDocument.parse(json.getBytes(StandardCharsets.UTF_8));
        } catch (JsonSyntaxException e) {
            return new Raw(null, "Not valid JSON at line " + e.line() + ", column " + e.column() + ": " + e.what() + ".");
        } catch (IllegalArgumentException e) {
            return new Raw(null, e.getMessage() + ".");
        }
        String unmasked = JsonMasking.unmask(parsed.root(), working.root());
        if (unmasked != null) {
            return new Raw(null, unmasked + " shows the mask " + SecretPolicy.MASK + " but the card has no value for"
                    + " it; tick \"Reveal secrets\" and type the real value, or remove the key.");
        }
        ConfigJsonDocument d = copy(working);
        d.root().removeAll();
        d.root().setAll(parsed.root());
        return new Raw(d, null);
    }

    /** Top-level keys added, removed or changed (names only, never values). */
    public static List<String> changedKeys(ObjectNode before, ObjectNode after) {
        Set<String> keys = new TreeSet<>();
        before.fieldNames().forEachRemaining(keys::add);
        after.fieldNames().forEachRemaining(keys::add);
        return keys.stream().filter(k -> !Objects.equals(before.get(k), after.get(k))).toList();
    }

    /** An independent copy (the same bytes). */
    public static ConfigJsonDocument copy(ConfigJsonDocument d) {
        try {
            return ConfigJsonDocument.parse(d.render());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a rendered document always parses", e);
        }
    }
}
