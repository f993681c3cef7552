package dev.preflight.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

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
    /** The subcommands, in the order the root's help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(InspectCommand.class, VerifyCommand.class,
            ProbeCommand.class, BatchCommand.class, ProfileCommand.class, LogCommand.class, SerialCommand.class,
            DoctorCommand.class, ConfigCommand.class, ConfigTxtCommand.class, WifiCommand.class, UndoCommand.class,
            GuiCommand.class, DemoCommand.class, LintCommand.class, CommandLine.HelpCommand.class);
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
        return byName().containsKey(word);
    }

    /**
     * The command line for {@code args}: the root with only the command {@code args} names (for a group
     * such as {@code config set}, the group with only that subcommand); for the root's own help or version,
     * the root with a stand-in for each command (its name and description, all the help lists); for
     * anything else (a mistyped command, 'help COMMAND') every command fully built, so that picocli's
     * messages and suggestions are exactly as before.
     */
    static CommandLine commandLine(String... args) {
        Class<?> chosen = args.length == 0 ? null : byName().get(args[0]);
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
            for (Class<?> c : COMMANDS) {
                Command a = c.getAnnotation(Command.class);
                CommandSpec s = named(a);
                s.usageMessage().header(a.header()).description(a.description()).hidden(a.hidden());
                root.addSubcommand(s.name(), new CommandLine(s));
            }
        }
        return root;
    }

    /** The root with every command built by picocli from the annotations, as a {@code subcommands} list would. */
    static CommandLine fullCommandLine() {
        CommandLine root = new CommandLine(new PreflightCli());
        COMMANDS.forEach(root::addSubcommand);
        return root;
    }

    /** The root from its annotation, without picocli's reflection over PreflightCli. */
    private static CommandLine root() {
        PreflightCli cli = new PreflightCli();
        Command a = PreflightCli.class.getAnnotation(Command.class);
        CommandSpec s = helpOptions(CommandSpec.wrapWithoutInspection(cli).name(a.name())
                .versionProvider(new PreflightCli.VersionProvider()));
        s.usageMessage().sortOptions(a.sortOptions()).autoWidth(a.usageHelpAutoWidth()).description(a.description())
                .footer(a.footer());
        cli.spec = s;
        return new CommandLine(s);
    }

    private static CommandSpec named(Command a) {
        return CommandSpec.create().name(a.name()).aliases(a.aliases());
    }

    /** What mixinStandardHelpOptions adds, without picocli reading its mixin class by reflection. */
    private static CommandSpec helpOptions(CommandSpec s) {
        s.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        s.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
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

    /** Command classes by name and alias, read from their annotations (no model is built). */
    private static Map<String, Class<?>> byName() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        for (Class<?> c : COMMANDS) {
            Command a = c.getAnnotation(Command.class);
            m.put(a.name(), c);
            for (String alias : a.aliases()) {
                m.put(alias, c);
            }
        }
        return m;
    }
}
