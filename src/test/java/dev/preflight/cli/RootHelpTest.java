package dev.preflight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;

/** The root's help written without picocli's model is, character for character, the one picocli writes. */
class RootHelpTest {

    @Test
    void sameTextAsPicocliAtEveryWidthWithAndWithoutColours() {
        for (int width = RootHelp.MIN_WIDTH; width <= RootHelp.MAX_WIDTH; width++) {
            for (Ansi ansi : new Ansi[] {Ansi.OFF, Ansi.ON}) {
                CommandLine full = CommandWiring.fullCommandLine();
                full.setUsageHelpWidth(width);
                assertThat(RootHelp.text(width, ansi == Ansi.ON)).as("%d columns, %s", width, ansi)
                        .isEqualTo(full.getUsageMessage(ansi));
            }
        }
    }

    @Test
    void theTextsBreakWhereTheJdksLineBreakIteratorBreaksThemAsPicocliUsesIt() {
        for (String text : RootHelp.texts()) {
            BreakIterator it = BreakIterator.getLineInstance();
            it.setText(text.replace('-', '\u00ff')); // picocli never breaks after a hyphen
            List<Integer> jdk = new ArrayList<>();
            List<Integer> ours = new ArrayList<>();
            for (int end = it.next(); end != BreakIterator.DONE; end = it.next()) {
                jdk.add(end);
            }
            for (int end = RootHelp.nextBreak(text, 0); !ours.contains(end); end = RootHelp.nextBreak(text, end)) {
                ours.add(end);
            }
            assertThat(ours).as(text).isEqualTo(jdk);
        }
    }

    @Test
    void noTextOutsideTheComparedWidths() {
        assertThat(RootHelp.text(RootHelp.MIN_WIDTH - 1, false)).isNull();
        assertThat(RootHelp.text(RootHelp.MAX_WIDTH + 1, false)).isNull();
    }

    @Test
    void theWidthIsKnownOnlyWhenPicocliWouldNotAskTheTerminal() {
        String before = System.getProperty("picocli.usage.width");
        try {
            System.clearProperty("picocli.usage.width");
            // a test has no console: picocli's default
            assertThat(System.console()).isNull();
            assertThat(RootHelp.width()).isEqualTo(80);
            for (Map.Entry<String, Integer> e : Map.of("120", 120, "55", 55, "300", 300, "54", -1, "301", -1,
                    "AUTO", -1, "TERM", -1, "wide", -1, "", -1).entrySet()) {
                System.setProperty("picocli.usage.width", e.getKey());
                assertThat(RootHelp.width()).as(e.getKey()).isEqualTo(e.getValue());
            }
        } finally {
            if (before == null) {
                System.clearProperty("picocli.usage.width");
            } else {
                System.setProperty("picocli.usage.width", before);
            }
        }
    }

    @Test
    void eachCommandIsListedByTheFirstLineOfItsDescription() {
        CommandWiring.BY_NAME.forEach((name, c) -> {
            Command a = c.getAnnotation(Command.class);
            String first = a.header().length > 0 ? a.header()[0] : a.description()[0];
            assertThat(CommandWiring.SUMMARIES.get(name)).as(name).isEqualTo(first);
        });
        assertThat(CommandWiring.SUMMARIES.keySet()).containsExactlyElementsOf(CommandWiring.BY_NAME.keySet());
    }

    @Test
    void theEntryPointPrintsItForHelpIntoAPipe() {
        for (String help : new String[] {"--help", "-h"}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = PreflightCli.run(new PrintWriter(out), new PrintWriter(err), help);
            assertThat(code).isZero();
            assertThat(err.toString()).isEmpty();
            CommandLine full = CommandWiring.fullCommandLine();
            StringWriter expected = new StringWriter();
            full.usage(new PrintWriter(expected), Ansi.AUTO);
            assertThat(out.toString()).as(Arrays.toString(new String[] {help})).isEqualTo(expected.toString());
        }
    }
}
