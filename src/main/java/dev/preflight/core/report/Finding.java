package dev.preflight.core.report;

import java.util.Objects;

/**
 * One expected outcome of a check: a stable code, a severity, a sentence for people, where it
 * was found and what to do about it.
 *
 * @param location the place in words, for people ("partition 1 (resin-boot):/config.txt:12")
 * @param locus    the same place as data, or null when the check did not give one
 * @param subject  what the finding is about, independent of where it sits (a config.txt setting, a
 *                 config.json key, a connection), so a finding can be recognised after lines moved;
 *                 null when the message is the only identity
 */
public record Finding(FindingCode code, Severity severity, String message, String location, String hint,
                      Locus locus, String subject) {

    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public Finding(FindingCode code, Severity severity, String message, String location, String hint) {
        this(code, severity, message, location, hint, null, null);
    }

    public static Finding of(FindingCode code, String message, String location, String hint) {
        return new Finding(code, code.defaultSeverity(), message, location, hint);
    }

    public Finding withSeverity(Severity s) {
        return new Finding(code, s, message, location, hint, locus, subject);
    }

    /** This finding with its place as data. */
    public Finding at(Locus l) {
        return new Finding(code, severity, message, location, hint, l, subject);
    }

    /** This finding with what it is about. */
    public Finding about(String what) {
        return new Finding(code, severity, message, location, hint, locus, what);
    }

    /**
     * The identity of this finding for comparing two runs of a check (before and after an edit): the code
     * and the subject, or the message when there is no subject.
     */
    public String identity() {
        return code.name() + "|" + (subject != null ? subject : message);
    }
}
