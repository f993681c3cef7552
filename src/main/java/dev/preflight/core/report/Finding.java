package dev.preflight.core.report;

import java.util.Objects;

/**
 * One expected outcome of a check: a stable code, a severity, a sentence for people, where it
 * was found and what to do about it.
 */
public record Finding(FindingCode code, Severity severity, String message, String location, String hint) {

    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public static Finding of(FindingCode code, String message, String location, String hint) {
        return new Finding(code, code.defaultSeverity(), message, location, hint);
    }

    public Finding withSeverity(Severity s) {
        return new Finding(code, s, message, location, hint);
    }
}
