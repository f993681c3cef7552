package dev.preflight.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** A command that runs and returns its exit code; picocli injects its spec, through which it prints. */
abstract class CliCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Standard output, terminal controls in what is printed made visible ({@link TerminalText}). */
    PrintWriter out() {
        return TerminalText.of(spec.commandLine().getOut());
    }

    /** Standard error, terminal controls in what is printed made visible ({@link TerminalText}). */
    PrintWriter err() {
        return TerminalText.of(spec.commandLine().getErr());
    }
}
