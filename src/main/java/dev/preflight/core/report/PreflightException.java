package dev.preflight.core.report;

/**
 * "Could not complete": the only exception core services throw on purpose. The message is one
 * sentence for the user that names the input; the hint says what to do; the cause is detail for
 * the "Details" button or --debug, never printed by default.
 */
public class PreflightException extends RuntimeException {
    private final ErrorCode errorCode;
    private final String hint;

    public PreflightException(ErrorCode errorCode, String message, String hint, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.hint = hint;
    }

    public PreflightException(ErrorCode errorCode, String message, String hint) {
        this(errorCode, message, hint, null);
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public String hint() {
        return hint;
    }
}
