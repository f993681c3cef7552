package dev.preflight.cli;

import dev.preflight.core.demo.DemoCard;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code preflight demo}: builds (once) and prints the path of the bundled demo card. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Build the demo card (a small balenaOS-like image with a few deliberate problems) if it"
                + " does not exist yet, and print its path.", "Try: preflight inspect \"$(preflight demo)\""})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", description = "Folder to keep it in (default: the user cache folder).")
    Path dir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path folder = dir != null ? dir : DemoCard.defaultCacheDir();
        try {
            spec.commandLine().getOut().println(DemoCard.ensure(folder));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IOException e) {
            throw new PreflightException(ErrorCode.INCOMPLETE, "The demo card could not be written to " + folder
                    + ": " + e.getMessage(), "Check that the folder is writable and has about 1 MiB free, or pass --dir.", e);
        }
    }
}
