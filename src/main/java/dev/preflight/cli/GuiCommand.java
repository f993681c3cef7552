package dev.preflight.cli;

import dev.preflight.gui.app.GtkCheck;
import dev.preflight.gui.app.PreflightApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code preflight gui [PATH]}: the desktop app, on PATH or on the demo card. */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = GuiCommand.SUMMARY)
final class GuiCommand implements Callable<Integer> {
    /** The description's first line: the command's line in the root's help. */
    static final String SUMMARY = "Open the desktop app on PATH, or on the bundled demo card when no PATH is given.";

    @Parameters(paramLabel = "PATH", arity = "0..1", description = "Image, card or folder to open.")
    String path;

    @CommandLine.Option(names = "--profile", paramLabel = "PROFILE",
            description = "Also open station mode with this station profile (see 'preflight profile new').")
    Path station;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String gtk = GtkCheck.missing();
        if (gtk != null) {
            return noGtk(gtk);
        }
        if (!PreflightApp.displayAvailable()) {
            spec.commandLine().getErr().println("preflight: no graphical display is available for the desktop app.");
            spec.commandLine().getErr().println("  Use the command line instead, e.g. 'preflight inspect PATH'"
                    + " (see 'preflight --help'), or run under a desktop session / xvfb-run.");
            spec.commandLine().getErr().flush();
            return 2;
        }
        if (station != null && !Files.isRegularFile(station)) {
            spec.commandLine().getErr().println("preflight: the station profile " + station + " does not exist.");
            spec.commandLine().getErr().println("  Create one with 'preflight profile new FILE'.");
            spec.commandLine().getErr().flush();
            return 2;
        }
        try {
            PreflightApp.launchApp(path == null || path.isBlank() ? null : path,
                    station == null ? null : station.toAbsolutePath().toString());
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            String why = String.valueOf(e.getMessage()) + (e.getCause() == null ? "" : " " + e.getCause().getMessage());
            if (why.contains("GTK") || why.contains("gtk")) {
                return noGtk("the desktop app could not load GTK 3 (" + why.strip() + ").");
            }
            throw e;
        }
        return 0;
    }

    private int noGtk(String what) {
        spec.commandLine().getErr().println("preflight: " + Character.toUpperCase(what.charAt(0)) + what.substring(1));
        spec.commandLine().getErr().println("  " + GtkCheck.hint());
        spec.commandLine().getErr().flush();
        return 2;
    }
}
