package dev.preflight.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI from tests in other packages. */
public final class CliTestAccess {
    private CliTestAccess() {
    }

    public static String run(String... args) {
        StringWriter out = new StringWriter();
        PreflightCli.run(new PrintWriter(out), new PrintWriter(new StringWriter()), args);
        return out.toString();
    }
}
