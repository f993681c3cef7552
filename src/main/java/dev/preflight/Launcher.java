package dev.preflight;

import dev.preflight.cli.PreflightCli;
import dev.preflight.core.configjson.ConfigJsonValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The jar's plain main class (a main class extending javafx.application.Application cannot start
 * from the class path). No argument, or just a path: the desktop app. Anything else: the CLI.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (validatesConfigJson(args)) {
            ConfigJsonValidator.warmUpInBackground();
        }
        if (args.length == 0 || (args.length == 1 && !args[0].startsWith("-") && !PreflightCli.isSubcommand(args[0])
                && (Files.exists(Path.of(args[0])) || args[0].startsWith("/dev/")))) {
            System.exit(PreflightCli.run(new String[] {"gui", args.length == 0 ? "" : args[0]}));
        }
        System.exit(PreflightCli.run(args));
    }

    /**
     * Whether the command will check a config.json against its schema: an inspection, or an edit (whose log
     * record comes from an inspection of the card as written). Then the schema is compiled on a second
     * thread while the card opens; other commands (config get, wifi list, help, ...) never compile it.
     */
    static boolean validatesConfigJson(String... args) {
        List<String> a = List.of(args);
        if (a.isEmpty() || a.contains("-h") || a.contains("--help") || a.contains("-V") || a.contains("--version")) {
            return false;
        }
        String sub = a.size() > 1 ? a.get(1) : "";
        return switch (a.get(0)) {
            case "inspect", "batch", "verify", "undo" -> true;
            case "profile" -> sub.equals("new") || sub.equals("check");
            case "config", "configtxt", "wifi" -> Set.of("set", "unset", "inject", "validate", "fix", "remove", "migrate")
                    .contains(sub) && !(a.get(0).equals("configtxt") && sub.equals("validate"));
            default -> false;
        };
    }
}
