package dev.preflight.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * Which subcommands exist, and the command line for one run with only the command that runs built.
 * picocli builds a command's model by reflection over its fields, methods and mixins; done for every
 * subcommand on every start it was about a third of a short command's main thread. Here the root and
 * the command groups (config, log, ...) are built from their {@code @Command} annotations alone (they
 * have no options of their own besides help and version), and only the command that runs goes through
 * picocli's reflection. What the user sees is the same: help, version, messages and suggestions
 * (CommandWiringTest compares every case with the fully built model).
 */
final class CommandWiring {
    /**
     * The commands by name, in the order the root's help lists them. The names are their annotations' (a test
     * checks): reading sixteen annotations took half of --version's main thread.
     */
    static final Map<String, Class<?>> BY_NAME;
    /** Each command's line in the root's help (the first line of its description), by name, in the same order. */
    static final Map<String, String> SUMMARIES;

    static {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        Map<String, String> s = new LinkedHashMap<>();
        add(m, s, "inspect", InspectCommand.class, InspectCommand.SUMMARY);
        add(m, s, "verify", VerifyCommand.class, VerifyCommand.SUMMARY);
        add(m, s, "probe", ProbeCommand.class, ProbeCommand.SUMMARY);
        add(m, s, "batch", BatchCommand.class, BatchCommand.SUMMARY);
        add(m, s, "profile", ProfileCommand.class, ProfileCommand.SUMMARY);
        add(m, s, "log", LogCommand.class, LogCommand.SUMMARY);
        add(m, s, "serial", SerialCommand.class, SerialCommand.SUMMARY);
        add(m, s, "doctor", DoctorCommand.class, DoctorCommand.SUMMARY);
        add(m, s, "config", ConfigCommand.class, ConfigCommand.SUMMARY);
        add(m, s, "configtxt", ConfigTxtCommand.class, ConfigTxtCommand.SUMMARY);
        add(m, s, "wifi", WifiCommand.class, WifiCommand.SUMMARY);
        add(m, s, "undo", UndoCommand.class, UndoCommand.SUMMARY);
        add(m, s, "gui", GuiCommand.class, GuiCommand.SUMMARY);
        add(m, s, "demo", DemoCommand.class, DemoCommand.SUMMARY);
        add(m, s, "lint", LintCommand.class, LintCommand.SUMMARY);
        add(m, s, "help", CommandLine.HelpCommand.class, "Display help information about the specified command.");
        BY_NAME = Collections.unmodifiableMap(m);
        SUMMARIES = Collections.unmodifiableMap(s);
    }

    private static void add(Map<String, Class<?>> m, Map<String, String> s, String name, Class<?> c, String summary) {
        m.put(name, c);
        s.put(name, summary);
    }

    private static final List<Class<?>> COMMANDS = List.copyOf(BY_NAME.values());
    private static final List<String> ROOT_OPTIONS = List.of("-h", "--help", "-V", "--version", "-hV", "-Vh");

    static {
        // No option is a java.time or java.sql type: picocli need not look those converters up by reflection
        // (which initialises java.time's formatters on every start).
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", "java\\.time\\..*,java\\.sql\\..*");
        }
    }

    private CommandWiring() {
    }

    static boolean isSubcommand(String word) {
        return BY_NAME.containsKey(word);
    }


    /**
     * The command line for {@code args}: the root with only the command {@code args} names (for a group
     * such as {@code config set}, the group with only that subcommand); for the root's own help or version,
     * the root with a stand-in for each command (its name and description, all the help lists); for
     * anything else (a mistyped command, 'help COMMAND') every command fully built, so that picocli's
     * messages and suggestions are exactly as before.
     */
    static CommandLine commandLine(String... args) {
        Class<?> chosen = args.length == 0 ? null : BY_NAME.get(args[0]);
        if (chosen != null && chosen != CommandLine.HelpCommand.class) {
            CommandLine root = root();
            Command group = chosen.getAnnotation(Command.class);
            Class<?> sub = args.length > 1 ? subcommand(group, args[1]) : null;
            if (sub == null) {
                root.addSubcommand(chosen);
            } else {
                CommandLine parent = new CommandLine(helpOptions(named(group)));
                parent.addSubcommand(sub);
                root.addSubcommand(parent);
            }
            return root;
        }
        if (!ROOT_OPTIONS.containsAll(List.of(args))) {
            return fullCommandLine();
        }
        CommandLine root = root();
        if (!List.of(args).equals(List.of("-V")) && !List.of(args).equals(List.of("--version"))) {
            // no alias and no hidden command among them; the help lists each by the first line of its description
            SUMMARIES.forEach((name, summary) -> {
                CommandSpec s = CommandSpec.create().name(name);
                s.usageMessage().description(summary);
                root.addSubcommand(name, new CommandLine(s));
            });
        }
        return root;
    }

    /** The root with every command built by picocli from the annotations, as a {@code subcommands} list would. */
    static CommandLine fullCommandLine() {
        CommandLine root = new CommandLine(new PreflightCli());
        COMMANDS.forEach(root::addSubcommand);
        return root;
    }

    /** The root as its annotation describes it, without reading the annotation or picocli's reflection. */
    private static CommandLine root() {
        PreflightCli cli = new PreflightCli();
        CommandSpec s = helpOptions(CommandSpec.wrapWithoutInspection(cli).name(PreflightCli.NAME)
                .versionProvider(new PreflightCli.VersionProvider()));
        s.usageMessage().sortOptions(false).autoWidth(true)
                .description(PreflightCli.DESCRIPTION_1, "", PreflightCli.DESCRIPTION_2)
                .footer("", PreflightCli.FOOTER_1, PreflightCli.FOOTER_2, PreflightCli.FOOTER_3);
        cli.spec = s;
        return new CommandLine(s);
    }

    private static CommandSpec named(Command a) {
        return CommandSpec.create().name(a.name()).aliases(a.aliases());
    }

    /** The descriptions picocli's mixinStandardHelpOptions gives -h and -V (also written by RootHelp). */
    static final String HELP_OPTION = "Show this help message and exit.";
    static final String VERSION_OPTION = "Print version information and exit.";

    /** What mixinStandardHelpOptions adds, without picocli reading its mixin class by reflection. */
    private static CommandSpec helpOptions(CommandSpec s) {
        s.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description(HELP_OPTION).build());
        s.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).description(VERSION_OPTION).build());
        return s;
    }

    /** The subcommand of a group named {@code word}, or null. */
    private static Class<?> subcommand(Command group, String word) {
        for (Class<?> c : group.subcommands()) {
            Command a = c.getAnnotation(Command.class);
            if (a != null && (a.name().equals(word) || List.of(a.aliases()).contains(word))) {
                return c;
            }
        }
        return null;
    }
}
