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

    static {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("inspect", InspectCommand.class);
        m.put("verify", VerifyCommand.class);
        m.put("probe", ProbeCommand.class);
        m.put("batch", BatchCommand.class);
        m.put("profile", ProfileCommand.class);
        m.put("log", LogCommand.class);
        m.put("serial", SerialCommand.class);
        m.put("doctor", DoctorCommand.class);
        m.put("config", ConfigCommand.class);
        m.put("configtxt", ConfigTxtCommand.class);
        m.put("wifi", WifiCommand.class);
        m.put("undo", UndoCommand.class);
        m.put("gui", GuiCommand.class);
        m.put("demo", DemoCommand.class);
        m.put("lint", LintCommand.class);
        m.put("help", CommandLine.HelpCommand.class);
        BY_NAME = Collections.unmodifiableMap(m);
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
}
