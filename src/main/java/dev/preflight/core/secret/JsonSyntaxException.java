package dev.preflight.core.secret;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.ContentReference;

/**
 * JSON that could not be read, described by position and a fixed phrase only: never a token, a
 * snippet or a parser's own message, which quote the input ("Unrecognized token 'abc123secret'") and
 * so could print a key that is missing its quotes. Has no cause, for the same reason.
 */
public final class JsonSyntaxException extends JsonProcessingException {
    private static final long serialVersionUID = 1L;
    private final String what;
    private final int line;
    private final int column;

    /**
     * @param what   a fixed phrase saying what is wrong
     * @param line   1-based, or 0 when not known
     * @param column 1-based, or 0 when not known
     */
    JsonSyntaxException(String what, int line, int column) {
        super(what);
        this.what = what;
        this.line = Math.max(0, line);
        this.column = Math.max(0, column);
    }

    /** What is wrong, without position ("a text value without double quotes"). */
    public String what() {
        return what;
    }

    /** 1-based line, or 0 when not known. */
    public int line() {
        return line;
    }

    /** 1-based column, or 0 when not known. */
    public int column() {
        return column;
    }

    /** "line L, column C: what", or only what when the position is not known. */
    @Override
    public String getMessage() {
        return line > 0 ? "line " + line + ", column " + column + ": " + what : what;
    }

    @Override
    public String getOriginalMessage() {
        return getMessage();
    }

    @Override
    public JsonLocation getLocation() {
        return line > 0 ? new JsonLocation(ContentReference.unknown(), -1L, line, column) : null;
    }

    @Override
    public Object getProcessor() {
        return null;
    }
}
