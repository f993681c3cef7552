package dev.preflight.core.report;

/**
 * Why an operation could not produce a result at all. Each maps to a documented process exit
 * code (docs/cli.md): findings are not errors, these are.
 */
public enum ErrorCode {
    /** The command line was wrong. */
    USAGE(2),
    /** The input could not be opened or is not something Preflight can read. */
    UNREADABLE_INPUT(2),
    /** The input was opened but the work could not be finished (I/O error, card removed). */
    INCOMPLETE(3),
    /** The user cancelled. */
    CANCELLED(4);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
