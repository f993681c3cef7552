package dev.preflight.core.report;

import java.util.Locale;

/** How bad a finding is. Ordered from least to most severe. */
public enum Severity {
    INFO, WARNING, ERROR;

    /** The lower-case word used in JSON reports and on the command line. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    public static Severity parse(String word) {
        for (Severity s : values()) {
            if (s.word().equalsIgnoreCase(word) || (s == WARNING && "warn".equalsIgnoreCase(word))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + word + "' (use error, warning or info)");
    }
}
