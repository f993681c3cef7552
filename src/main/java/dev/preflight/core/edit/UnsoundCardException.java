package dev.preflight.core.edit;

import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.PreflightException;
import java.util.List;
import java.util.stream.Collectors;

/** A card whose partition table or boot file system an edit could make worse: exit 2, nothing written. */
public final class UnsoundCardException extends PreflightException {
    private final List<Finding> findings;

    UnsoundCardException(String source, List<Finding> findings) {
        super(ErrorCode.UNREADABLE_INPUT, "Not writing to " + source + ": it is not sound. " + findings.stream()
                        .map(f -> f.code().name() + ": " + f.message()).collect(Collectors.joining(" ")),
                "Nothing was written. Back up what you need from the card, then repair the boot partition with"
                        + " 'fsck.fat -a' (or fix the partition table), or reflash the card; inspect it again.");
        this.findings = List.copyOf(findings);
    }

    public List<Finding> findings() {
        return findings;
    }
}
