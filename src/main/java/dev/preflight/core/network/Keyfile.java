package dev.preflight.core.network;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GLib key file as NetworkManager reads it (nm-settings-keyfile(5)): {@code [group]} headers,
 * {@code key=value} lines, whole-line {@code #} comments. Values use GLib's escapes ({@code \s} for a
 * leading space, {@code \n}, {@code \t}, {@code \r}, {@code \\}); everything else, quotes, {@code #},
 * {@code ;} and {@code =} included, is literal, so passwords round-trip exactly (balena-cli#2792
 * wraps some in quotes and breaks them).
 */
public final class Keyfile {
    /**
     * A problem with a line, for KEYFILE_SYNTAX. The message is one of a few fixed phrases: it never
     * quotes the line, which may hold a password that lost its "psk=".
     */
    public record Problem(int line, String message) {
    }

    private final Map<String, Map<String, String>> groups = new LinkedHashMap<>();
    private final List<Problem> problems = new ArrayList<>();

    public static Keyfile parse(byte[] bytes) {
        Keyfile k = new Keyfile();
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String group = null;
        int n = 0;
        for (String raw : text.split("\r?\n", -1)) {
            n++;
            String line = raw.stripLeading();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                int close = line.indexOf(']');
                if (close < 0 || !line.substring(close + 1).isBlank()) {
                    k.problems.add(new Problem(n, "a group header without its closing ']', or with text after it"));
                    continue;
                }
                group = line.substring(1, close);
                if (k.groups.containsKey(group)) {
                    k.problems.add(new Problem(n, "a group that already appeared earlier in the file"));
                }
                k.groups.putIfAbsent(group, new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                k.problems.add(new Problem(n, "a line that is neither key=value, [group] nor # comment"));
                continue;
            }
            if (group == null) {
                k.problems.add(new Problem(n, "a key=value line before any [group]"));
                continue;
            }
            k.groups.get(group).put(line.substring(0, eq).strip(), unescape(line.substring(eq + 1).stripLeading()));
        }
        return k;
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    public String get(String group, String key) {
        Map<String, String> g = groups.get(group);
        return g == null ? null : g.get(key);
    }

    public boolean hasGroup(String group) {
        return groups.containsKey(group);
    }

    public void set(String group, String key, String value) {
        groups.computeIfAbsent(group, g -> new LinkedHashMap<>()).put(key, value);
    }

    public void remove(String group, String key) {
        Map<String, String> g = groups.get(group);
        if (g != null) {
            g.remove(key);
        }
    }

    public void removeGroup(String group) {
        groups.remove(group);
    }

    public byte[] render() {
        StringBuilder s = new StringBuilder();
        boolean first = true;
        for (Map.Entry<String, Map<String, String>> g : groups.entrySet()) {
            if (!first) {
                s.append('\n');
            }
            first = false;
            s.append('[').append(g.getKey()).append("]\n");
            for (Map.Entry<String, String> e : g.getValue().entrySet()) {
                s.append(e.getKey()).append('=').append(escape(e.getValue())).append('\n');
            }
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String escape(String v) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\':
                    s.append("\\\\");
                    break;
                case '\n':
                    s.append("\\n");
                    break;
                case '\t':
                    s.append("\\t");
                    break;
                case '\r':
                    s.append("\\r");
                    break;
                case ' ':
                    s.append(i == 0 ? "\\s" : " ");
                    break;
                default:
                    s.append(c);
            }
        }
        return s.toString();
    }

    static String unescape(String v) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                switch (n) {
                    case 's':
                        s.append(' ');
                        break;
                    case 'n':
                        s.append('\n');
                        break;
                    case 't':
                        s.append('\t');
                        break;
                    case 'r':
                        s.append('\r');
                        break;
                    case '\\':
                        s.append('\\');
                        break;
                    default:
                        s.append('\\').append(n);
                }
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }
}
