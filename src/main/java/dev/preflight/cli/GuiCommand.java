package dev.preflight.cli;

import dev.preflight.gui.app.PreflightApp;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code preflight gui [PATH]}: the desktop app, on PATH or on the demo card. */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = "Open the desktop app on PATH, or on the bundled demo card when no PATH is given.")
final class GuiCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", arity = "0..1", description = "Image, card or folder to open.")
    String path;

    @picocli.CommandLine.Option(names = "--profile", paramLabel = "PROFILE",
            description = "Also open station mode with this station profile (see 'preflight profile new').")
    java.nio.file.Path station;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!PreflightApp.displayAvailable()) {
            spec.commandLine().getErr().println("preflight: no graphical display is available for the desktop app.");
            spec.commandLine().getErr().println("  Use the command line instead, e.g. 'preflight inspect PATH'"
                    + " (see 'preflight --help'), or run under a desktop session / xvfb-run.");
            spec.commandLine().getErr().flush();
            return 2;
        }
        if (station != null && !java.nio.file.Files.isRegularFile(station)) {
            spec.commandLine().getErr().println("preflight: the station profile " + station + " does not exist.");
            spec.commandLine().getErr().println("  Create one with 'preflight profile new FILE'.");
            spec.commandLine().getErr().flush();
            return 2;
        }
        PreflightApp.launchApp(path == null || path.isBlank() ? null : path,
                station == null ? null : station.toAbsolutePath().toString());
        return 0;
    }
}
