package dev.preflight.cli;

import dev.preflight.Version;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

/**
 * The picocli root. Each subcommand is a thin adapter over one core service; {@link CommandWiring} lists
 * them and builds only the one that runs.
 */
@Command(name = PreflightCli.NAME, mixinStandardHelpOptions = true, versionProvider = PreflightCli.VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {PreflightCli.DESCRIPTION_1, "", PreflightCli.DESCRIPTION_2},
        footer = {"", PreflightCli.FOOTER_1, PreflightCli.FOOTER_2, PreflightCli.FOOTER_3})
public final class PreflightCli implements Runnable {
    // the root's texts, also used by CommandWiring, which builds the root without reading this annotation
    static final String NAME = "preflight";
    static final String DESCRIPTION_1 = "Inspect balenaOS SD cards and images before they ship or are flashed.";
    static final String DESCRIPTION_2 = "With no command, opens the desktop app on the bundled demo card.";
    // each footer line shorter than the help's default 80 columns (86 left "input," on a line of its own)
    static final String FOOTER_1 = "Exit codes: 0 pass, 1 findings at or above --fail-on, 2 bad usage or";
    static final String FOOTER_2 = "unreadable input, 3 could not complete, 4 cancelled.";
    static final String FOOTER_3 = "Documentation: docs/cli.md";

    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static boolean isSubcommand(String word) {
        return CommandWiring.isSubcommand(word);
    }

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // what picocli prints for it (CommandWiringTest), without loading picocli: a third of --version
            for (String line : new VersionProvider().getVersion()) {
                out.println(line);
            }
            out.flush();
            return 0;
        }
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            // what picocli prints for it (RootHelpTest), without building its model: two thirds of --help
            String help = RootHelp.text(RootHelp.width(), CommandLine.Help.Ansi.AUTO.enabled());
            if (help != null) {
                out.print(help);
                out.flush();
                return 0;
            }
        }
        return execute(CommandWiring.commandLine(args), out, err, args);
    }

    /** Runs {@code cl} with the exit-code and one-message contract of docs/cli.md. */
    static int execute(CommandLine cl, PrintWriter out, PrintWriter rawErr, String... args) {
        cl.setOut(out);
        cl.setErr(rawErr);
        PrintWriter err = TerminalText.of(rawErr); // messages quote file names and card text
        cl.setExecutionExceptionHandler((thrown, cmd, parse) -> {
            Exception ex = fileProblem(thrown);
            if (ex instanceof PreflightException) {
                PreflightException pe = (PreflightException) ex;
                err.println("preflight: " + pe.getMessage());
                if (pe.hint() != null) {
                    err.println("  " + pe.hint());
                }
                if (Boolean.getBoolean("preflight.debug") && pe.getCause() != null) {
                    pe.getCause().printStackTrace(err);
                }
                err.flush();
                return pe.errorCode().exitCode();
            }
            return internalError(err, ex);
        });
        try {
            return cl.execute(args);
        } catch (Error | RuntimeException e) {
            return internalError(err, e);
        }
    }

    /**
     * Anything unexpected (a bug, or memory running out on an input that got past every bound): one
     * line on stderr and exit 3, never a stack trace unless -Dpreflight.debug=true asks for it.
     */
    static int internalError(PrintWriter err, Throwable t) {
        if (t instanceof OutOfMemoryError) {
            err.println("preflight: ran out of memory (" + oneLine(t.getMessage()) + "); the input is probably damaged or"
                    + " built to exhaust readers: if it is not, report it with the command you ran, or give Java more"
                    + " memory with PREFLIGHT_EXTRA_OPTS=-Xmx2g.");
        } else {
            err.println("preflight: internal error (" + oneLine(t.toString()) + "); please report it with the command you ran"
                    + " (-Dpreflight.debug=true in PREFLIGHT_JAVA_OPTS prints the details).");
        }
        if (Boolean.getBoolean("preflight.debug")) {
            t.printStackTrace(err);
        }
        err.flush();
        return 3;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * A file that could not be read or written (a missing --out folder, a log that is not there, no
     * permission) is the user's to fix, not an internal error: it becomes a message saying what to do.
     */
    static Exception fileProblem(Exception ex) {
        Throwable t = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        if (t instanceof NoSuchFileException e) {
            return new PreflightException(ErrorCode.UNREADABLE_INPUT, e.getFile() + " does not exist.",
                    "Check the path; a file to be written needs an existing folder.", e);
        }
        if (t instanceof AccessDeniedException e) {
            return new PreflightException(ErrorCode.UNREADABLE_INPUT, "No permission to use " + e.getFile() + ".",
                    "Run as a user who may (for a card, e.g. with sudo), or choose another location.", e);
        }
        if (t instanceof IOException e) {
            return new PreflightException(ErrorCode.INCOMPLETE, "A file could not be read or written: "
                    + e.getMessage(), "Check that the file or card is still there and that the disk is not full.", e);
        }
        return ex;
    }

    /** Reports the build's version. */
    public static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            // String.concat, not +: the first '+' of a process bootstraps invokedynamic (about 20% of --version)
            return new String[] {"Preflight ".concat(Version.get()), String.join("", "Java ",
                    System.getProperty("java.version"), " (", System.getProperty("java.vendor"), ")")};
        }
    }
}
