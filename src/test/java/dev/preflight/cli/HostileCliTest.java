package dev.preflight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.demo.ImageSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** What a user sees when an input (or a bug) gets the better of Preflight: one line, a documented exit code. */
class HostileCliTest {
    static final ImageSpec SPEC = ImageSpec.raspberryPi().fat(32); // as CompressedSourcesTest builds it

    @TempDir
    Path dir;

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        static Throwable toThrow;

        @Override
        public Integer call() throws Exception {
            if (toThrow instanceof Error) {
                throw (Error) toThrow;
            }
            throw (Exception) toThrow;
        }
    }

    private static CliTest.Result boom(Throwable t) {
        Boom.toThrow = t;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PreflightCli.execute(new CommandLine(new Boom()), new PrintWriter(out), new PrintWriter(err));
        return new CliTest.Result(code, out.toString(), err.toString());
    }

    @Test
    void outOfMemoryAndUnexpectedExceptionsAreOneLineWithExitThree() {
        for (Throwable t : new Throwable[] {new OutOfMemoryError("Java heap space"),
                new IllegalStateException("two\nlines"), new StackOverflowError()}) {
            CliTest.Result r = boom(t);
            assertThat(r.code()).as(t.toString()).isEqualTo(3);
            assertThat(r.err().lines()).as(t.toString()).hasSize(1);
            assertThat(r.err()).startsWith("preflight: ").doesNotContain("\tat ");
        }
        assertThat(boom(new OutOfMemoryError("Java heap space")).err()).contains("ran out of memory");
    }
}
