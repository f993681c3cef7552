package dev.preflight;

import dev.preflight.cli.PreflightCli;
import dev.preflight.core.configjson.ConfigJsonValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The jar's plain main class (a main class extending javafx.application.Application cannot start
 * from the class path). No argument, or just a path: the desktop app. Anything else: the CLI.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && Set.of("config", "inspect", "batch", "verify").contains(args[0])) {
            ConfigJsonValidator.warmUpInBackground();
        }
        if (args.length == 0 || (args.length == 1 && !args[0].startsWith("-") && !PreflightCli.isSubcommand(args[0])
                && (Files.exists(Path.of(args[0])) || args[0].startsWith("/dev/")))) {
            System.exit(PreflightCli.run(new String[] {"gui", args.length == 0 ? "" : args[0]}));
        }
        System.exit(PreflightCli.run(args));
    }
}
