package dev.preflight.core.report;

import java.util.Collection;
import java.util.Locale;

/** The overall outcome of an inspection. */
public enum Verdict {
    PASS, WARN, FAIL;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Verdict of(Collection<Finding> findings) {
        Verdict v = PASS;
        for (Finding f : findings) {
            if (f.severity() == Severity.ERROR) {
                return FAIL;
            }
            if (f.severity() == Severity.WARNING) {
                v = WARN;
            }
        }
        return v;
    }
}
