package dev.preflight.core.edit;

import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.PreflightException;
import java.util.List;

/** An edit refused by validation; carries the findings that block it. Nothing was written. */
public final class RefusedException extends PreflightException {
    private final List<Finding> findings;

    public RefusedException(String message, List<Finding> findings) {
        super(ErrorCode.USAGE, message, "Nothing was written.");
        this.findings = List.copyOf(findings);
    }

    public List<Finding> findings() {
        return findings;
    }
}
