package dev.preflight.core.boot;

import java.util.LinkedHashMap;
import java.util.Map;

/** os-release(5): KEY=VALUE lines, values optionally quoted with shell-style escapes. */
public final class OsRelease {
    private OsRelease() {
    }

    public static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.trim();
            int eq = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
                continue;
            }
            String value = line.substring(eq + 1).trim();
            if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                    && value.charAt(value.length() - 1) == value.charAt(0)) {
                value = value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
            }
            out.put(line.substring(0, eq).trim(), value);
        }
        return out;
    }
}
