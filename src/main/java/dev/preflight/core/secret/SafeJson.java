package dev.preflight.core.secret;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reading JSON so that a syntax error never echoes the input: every failure, Jackson's or a number
 * Java cannot hold, becomes a {@link JsonSyntaxException} naming the line, the column and one of a
 * few fixed phrases.
 */
public final class SafeJson {
    private static final String NOT_JSON = "a value that is not JSON: text needs double quotes; true, false and"
            + " null are lower case";
    private static final String NUMBER = "a number in a form JSON does not allow";

    private SafeJson() {
    }

    public static JsonNode readTree(ObjectMapper mapper, String text) throws JsonSyntaxException {
        return read(() -> mapper.readTree(text));
    }

    public static JsonNode readTree(ObjectMapper mapper, byte[] bytes) throws JsonSyntaxException {
        return read(() -> mapper.readTree(bytes));
    }

    private interface Parse {
        JsonNode run() throws IOException;
    }

    private static JsonNode read(Parse parse) throws JsonSyntaxException {
        try {
            return parse.run();
        } catch (JsonProcessingException e) {
            throw clean(e);
        } catch (NumberFormatException | ArithmeticException e) {
            throw outOfRange(); // a BigDecimal Java cannot hold; its message quotes the number
        } catch (IOException e) {
            // byte input only fails this way on an encoding error (CharConversionException, which quotes bytes)
            throw new JsonSyntaxException("bytes that are not text in a JSON encoding", 0, 0);
        }
    }

    private static JsonSyntaxException outOfRange() {
        return new JsonSyntaxException("a number too large or too precise to read", 0, 0);
    }

    /** The same error by position and a fixed phrase; Jackson's own message is only used to pick the phrase. */
    public static JsonSyntaxException clean(JsonProcessingException e) {
        if (e instanceof JsonSyntaxException clean) {
            return clean;
        }
        JsonLocation at = e.getLocation();
        int line = at == null ? 0 : at.getLineNr();
        int column = at == null ? 0 : at.getColumnNr();
        return new JsonSyntaxException(what(e), line, column);
    }

    /**
     * Fixed phrases, by a fragment of Jackson's message (lower case), first match wins. Jackson's wording
     * only chooses the phrase; it is never shown.
     */
    private static final List<Map.Entry<String, String>> PHRASES = List.of(
            Map.entry("unexpected end-of-input", "the file ends inside a value: a quote, ']' or '}' is missing"),
            Map.entry("unrecognized token", NOT_JSON),
            Map.entry("non-standard token", NOT_JSON),
            Map.entry("double-quote to start field name", "a key without double quotes, or a comma before '}'"),
            Map.entry("colon to separate", "a missing ':' between a key and its value"),
            Map.entry("comma to separate", "a missing ',' between two entries"),
            Map.entry("unexpected close marker", "a ']' or '}' that closes nothing, or the wrong kind"),
            Map.entry("expected a value", "a missing value, or a comma before ']'"),
            Map.entry("unrecognized character escape", "a backslash escape JSON does not have"),
            Map.entry("illegal unquoted character", "a control character such as a tab or line break inside a text"
                    + " value"),
            Map.entry("utf-", "bytes that are not UTF-8 text"),
            Map.entry("utf8", "bytes that are not UTF-8 text"),
            Map.entry("encoding", "bytes that are not UTF-8 text"),
            Map.entry("numeric value", NUMBER),
            Map.entry("number", NUMBER),
            Map.entry("trailing token", "more content after the end of the JSON value"),
            Map.entry("unexpected character", "a character that does not belong there"));

    static String what(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "a value longer, or nested deeper, than Preflight reads";
        }
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> p : PHRASES) {
            if (m.contains(p.getKey())) {
                return p.getValue();
            }
        }
        return "a JSON syntax error";
    }
}
