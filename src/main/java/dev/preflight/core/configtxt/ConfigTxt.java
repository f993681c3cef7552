package dev.preflight.core.configtxt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A Raspberry Pi config.txt, parsed losslessly: every line keeps its exact text and line ending, so
 * an unchanged file writes back byte for byte and an edit touches only its own line. Syntax per the
 * Raspberry Pi documentation (config_txt/what_is_config_txt.adoc, conditional.adoc): one
 * {@code property=value} per line, {@code #} comment lines, {@code [filter]} sections, the
 * {@code initramfs FILE ADDRESS} form without '='.
 */
public final class ConfigTxt {

    public enum Kind { BLANK, COMMENT, SECTION, SETTING, INITRAMFS, INCLUDE, MALFORMED }

    /**
     * One line. {@code section} is the filter in force ("all" before any filter and after [all]).
     *
     * @param number 1-based line number
     */
    public record Line(int number, String text, String newline, Kind kind, String key, String value,
                       String section) {
        public Line withText(String newText) {
            return ConfigTxt.parseLine(number, newText, newline, section);
        }

        Line withSection(String s) {
            return new Line(number, text, newline, kind, key, value, s);
        }
    }

    private final List<Line> lines;

    private ConfigTxt(List<Line> lines) {
        this.lines = lines;
    }

    public static ConfigTxt parse(byte[] bytes) {
        // The firmware reads bytes; ISO-8859-1 maps each byte to one char so nothing is lost.
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        List<Line> out = new ArrayList<>();
        int pos = 0;
        int number = 1;
        String section = "all";
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            String raw;
            String newline;
            if (nl < 0) {
                raw = text.substring(pos);
                newline = "";
                pos = text.length();
            } else {
                boolean crlf = nl > pos && text.charAt(nl - 1) == '\r';
                raw = text.substring(pos, crlf ? nl - 1 : nl);
                newline = crlf ? "\r\n" : "\n";
                pos = nl + 1;
            }
            Line line = parseLine(number++, raw, newline, section);
            if (line.kind() == Kind.SECTION) {
                section = line.value().equals("all") ? "all" : line.value();
                line = new Line(line.number(), line.text(), line.newline(), line.kind(), line.key(), line.value(),
                        section);
            }
            out.add(line);
        }
        return new ConfigTxt(out);
    }

    static Line parseLine(int number, String raw, String newline, String section) {
        String t = raw.strip();
        if (t.isEmpty()) {
            return new Line(number, raw, newline, Kind.BLANK, null, null, section);
        }
        if (t.startsWith("#")) {
            return new Line(number, raw, newline, Kind.COMMENT, null, null, section);
        }
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            String filter = close > 0 ? t.substring(1, close) : t.substring(1);
            return new Line(number, raw, newline, Kind.SECTION, null, filter, section);
        }
        if (t.startsWith("initramfs ") || t.startsWith("initramfs\t")) {
            return new Line(number, raw, newline, Kind.INITRAMFS, "initramfs", t.substring(9).strip(), section);
        }
        if (t.startsWith("include ") || t.startsWith("include\t")) {
            return new Line(number, raw, newline, Kind.INCLUDE, "include", t.substring(7).strip(), section);
        }
        int eq = raw.indexOf('=');
        if (eq > 0) {
            return new Line(number, raw, newline, Kind.SETTING, raw.substring(0, eq), raw.substring(eq + 1), section);
        }
        return new Line(number, raw, newline, Kind.MALFORMED, null, null, section);
    }

    public List<Line> lines() {
        return Collections.unmodifiableList(lines);
    }

    public byte[] render() {
        StringBuilder s = new StringBuilder();
        for (Line l : lines) {
            s.append(l.text()).append(l.newline());
        }
        return s.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Settings of {@code key} (exact, case-sensitive as the firmware is) in {@code section}, or any section if null. */
    public List<Line> settings(String key, String section) {
        List<Line> out = new ArrayList<>();
        for (Line l : lines) {
            if ((l.kind() == Kind.SETTING || l.kind() == Kind.INITRAMFS) && key.equals(l.key())
                    && (section == null || section.equals(l.section()))) {
                out.add(l);
            }
        }
        return out;
    }

    /** The value in force for {@code key} in {@code section}: the last one wins, as in the firmware. */
    public String get(String key, String section) {
        List<Line> s = settings(key, section == null ? "all" : section);
        return s.isEmpty() ? null : s.get(s.size() - 1).value();
    }

    /**
     * Sets {@code key=value} in {@code section} ("all" when null): the last existing line for the key
     * in that section is changed in place; otherwise the line is appended, under a new
     * {@code [section]} header when the file does not end in that section. Other lines are untouched.
     */
    public void set(String key, String value, String section) {
        checkKey(key);
        if (value.contains("\n") || value.contains("\r")) {
            throw new IllegalArgumentException("a config.txt value cannot contain a line break");
        }
        String sec = section == null ? "all" : section;
        List<Line> existing = settings(key, sec);
        String text = key.equals("initramfs") ? "initramfs " + value : key + "=" + value;
        if (!existing.isEmpty()) {
            Line last = existing.get(existing.size() - 1);
            lines.set(lines.indexOf(last), last.withText(text));
            return;
        }
        String newline = dominantNewline();
        if (!lines.isEmpty() && lines.get(lines.size() - 1).newline().isEmpty()) {
            Line last = lines.get(lines.size() - 1);
            lines.set(lines.size() - 1, new Line(last.number(), last.text(), newline, last.kind(), last.key(),
                    last.value(), last.section()));
        }
        String current = lines.isEmpty() ? "all" : lines.get(lines.size() - 1).section();
        if (!current.equals(sec)) {
            lines.add(parseLine(lines.size() + 1, "[" + sec + "]", newline, sec).withSection(sec));
        }
        lines.add(parseLine(lines.size() + 1, text, newline, sec));
    }

    /** Removes every line setting {@code key} in {@code section} ("all" when null); returns how many. */
    public int unset(String key, String section) {
        List<Line> existing = settings(key, section == null ? "all" : section);
        lines.removeAll(existing);
        return existing.size();
    }

    private String dominantNewline() {
        int crlf = 0;
        for (Line l : lines) {
            if (l.newline().equals("\r\n")) {
                crlf++;
            }
        }
        return crlf * 2 > lines.size() ? "\r\n" : "\n";
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty() || !key.matches("[A-Za-z0-9_:.-]+")) {
            throw new IllegalArgumentException("'" + key + "' is not a config.txt property name");
        }
        if (!key.equals(key.toLowerCase(Locale.ROOT)) && !key.startsWith("decode_")) {
            // names are case-sensitive; only the codec licence keys have capitals
            throw new IllegalArgumentException("config.txt property names are lower case ('" + key + "')");
        }
    }
}
