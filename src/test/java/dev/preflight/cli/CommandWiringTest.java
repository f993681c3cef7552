package dev.preflight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntBiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Building only the command that runs changes nothing a user sees: for help, version, usage errors and
 * mistyped commands, the output and exit code are those of the model with every command built.
 */
class CommandWiringTest {

    static Stream<List<String>> cases() {
        List<List<String>> c = new ArrayList<>(List.of(List.of(), List.of("--help"), List.of("-h"),
                List.of("--version"), List.of("-V"), List.of("-hV"), List.of("help"), List.of("help", "inspect"),
                List.of("help", "config"), List.of("inspect"), List.of("inspect", "--bogus", "x"),
                List.of("inpsect", "x"), List.of("config"), List.of("config", "set"),
                List.of("config", "sett", "x"), List.of("config", "set", "--bogus", "a", "b", "c"),
                List.of("config", "--help", "set"), List.of("log", "show", "--last", "many"),
                List.of("inspect", "-V"), List.of("config", "get", "-V")));
        CommandLine full = CommandWiring.fullCommandLine();
        for (String name : full.getSubcommands().keySet()) {
            c.add(List.of(name, "--help"));
            Command group = full.getSubcommands().get(name).getCommand().getClass().getAnnotation(Command.class);
            for (Class<?> sub : group == null ? new Class<?>[0] : group.subcommands()) {
                c.add(List.of(name, sub.getAnnotation(Command.class).name(), "--help"));
            }
        }
        return c.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sameOutputAsTheFullyBuiltModel(List<String> args) {
        String[] a = args.toArray(new String[0]);
        assertThat(run(CommandWiring.commandLine(a), a)).isEqualTo(run(CommandWiring.fullCommandLine(), a));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void onlyTheCommandThatRunsIsBuilt(List<String> args) {
        String[] a = args.toArray(new String[0]);
        CommandLine cl = CommandWiring.commandLine(a);
        if (!args.isEmpty() && CommandWiring.isSubcommand(args.get(0)) && !args.get(0).equals("help")) {
            assertThat(Set.copyOf(cl.getSubcommands().values())).hasSize(1); // one command (names and aliases)
            CommandLine group = cl.getSubcommands().get(args.get(0));
            if (args.size() > 1 && group.getSubcommands().containsKey(args.get(1))) {
                assertThat(Set.copyOf(group.getSubcommands().values())).hasSize(1);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theEntryPointAnswersAsTheFullyBuiltModel(List<String> args) {
        // --version and -V are answered before any command line is built
        String[] a = args.toArray(new String[0]);
        assertThat(outcome((out, err) -> PreflightCli.run(out, err, a)))
                .isEqualTo(run(CommandWiring.fullCommandLine(), a));
    }

    @Test
    void theCommandsAreListedUnderTheirAnnotatedNames() {
        CommandWiring.BY_NAME.forEach((name, c) -> {
            Command a = c.getAnnotation(Command.class);
            assertThat(a.name()).isEqualTo(name);
            for (String alias : a.aliases()) {
                assertThat(CommandWiring.BY_NAME).containsEntry(alias, c);
            }
        });
        assertThat(Set.copyOf(CommandWiring.BY_NAME.values())).hasSize(CommandWiring.BY_NAME.size());
    }

    @Test
    void theRootIsTheOneItsAnnotationDescribes() {
        CommandLine.Model.CommandSpec built = CommandWiring.commandLine("--version").getCommandSpec();
        CommandLine.Model.CommandSpec annotated = new CommandLine(new PreflightCli()).getCommandSpec();
        assertThat(built.name()).isEqualTo(annotated.name());
        assertThat(built.usageMessage().description()).isEqualTo(annotated.usageMessage().description());
        assertThat(built.usageMessage().footer()).isEqualTo(annotated.usageMessage().footer());
        assertThat(built.usageMessage().sortOptions()).isEqualTo(annotated.usageMessage().sortOptions());
        assertThat(built.usageMessage().autoWidth()).isEqualTo(annotated.usageMessage().autoWidth());
    }

    private static String run(CommandLine cl, String... args) {
        return outcome((out, err) -> PreflightCli.execute(cl, out, err, args));
    }

    /** Exit code, standard output and standard error of one run, as one text to compare. */
    private static String outcome(ToIntBiFunction<PrintWriter, PrintWriter> run) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run.applyAsInt(new PrintWriter(out, true), new PrintWriter(err, true));
        return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
}
