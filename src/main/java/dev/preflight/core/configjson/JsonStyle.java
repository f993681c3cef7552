package dev.preflight.core.configjson;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.IOException;

/**
 * How a config.json file is laid out, detected from its text so an edit writes it back the same
 * way: compact on one line (what balena-cli, etcher-sdk and the supervisor write) or pretty with a
 * given indent (jq -S at build time: two spaces, {@code "key": value}).
 */
public record JsonStyle(boolean compact, String indent, boolean spaceBeforeColon, boolean spaceAfterColon,
                        String newline, boolean trailingNewline) {

    public static final JsonStyle COMPACT = new JsonStyle(true, "", false, false, "\n", false);
    public static final JsonStyle JQ = new JsonStyle(false, "  ", false, true, "\n", true);

    public static JsonStyle detect(String text) {
        String trimmed = text.strip();
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        boolean trailing = text.endsWith("\n");
        if (!trimmed.contains("\n")) {
            boolean after = trimmed.matches("(?s).*\"\\s?:\\s.*");
            boolean before = trimmed.matches("(?s).*\"\\s:.*");
            return new JsonStyle(true, "", before, after, newline, trailing);
        }
        String indent = "  ";
        for (String line : trimmed.split("\r?\n")) {
            if (!line.isEmpty() && Character.isWhitespace(line.charAt(0))) {
                int i = 0;
                while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                    i++;
                }
                indent = line.substring(0, i);
                break;
            }
        }
        boolean before = trimmed.matches("(?s).*\"[ \\t]+:.*");
        boolean after = trimmed.matches("(?s).*\":[ \\t].*") || trimmed.matches("(?s).*\"[ \\t]+:[ \\t].*");
        return new JsonStyle(false, indent, before, after, newline, trailing);
    }

    /** A Jackson pretty printer writing this style. Not shareable between threads. */
    PrettyPrinter printer() {
        return new Printer(this);
    }

    private static final class Printer implements PrettyPrinter {
        private final JsonStyle s;
        private int depth;

        Printer(JsonStyle s) {
            this.s = s;
        }

        private void newline(JsonGenerator g) throws IOException {
            if (!s.compact) {
                g.writeRaw(s.newline);
                for (int i = 0; i < depth; i++) {
                    g.writeRaw(s.indent);
                }
            }
        }

        private void open(JsonGenerator g, char bracket) throws IOException {
            g.writeRaw(bracket);
            depth++;
        }

        /** Closes an object or array of {@code items} members, on its own line when it has any. */
        private void close(JsonGenerator g, int items, char bracket) throws IOException {
            depth--;
            if (items > 0) {
                newline(g);
            }
            g.writeRaw(bracket);
        }

        private void separator(JsonGenerator g) throws IOException {
            g.writeRaw(',');
            newline(g);
        }

        @Override
        public void writeRootValueSeparator(JsonGenerator g) {
        }

        @Override
        public void writeStartObject(JsonGenerator g) throws IOException {
            open(g, '{');
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            close(g, entries, '}');
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            separator(g);
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(s.spaceBeforeColon ? " :" : ":");
            if (s.spaceAfterColon) {
                g.writeRaw(' ');
            }
        }

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            open(g, '[');
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            close(g, values, ']');
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            separator(g);
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            newline(g);
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) throws IOException {
            newline(g);
        }
    }
}
