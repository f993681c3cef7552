package dev.preflight.cli;

/** Runs the CLI from tests in other packages. */
public final class CliTestAccess {
    private CliTestAccess() {
    }

    /** What {@code args} print on standard output, run as {@link CliTest#run} runs them. */
    public static String run(String... args) {
        return CliTest.run(args).out();
    }
}
