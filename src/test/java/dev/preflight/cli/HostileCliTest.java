package dev.preflight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.demo.ImageSpec;
import dev.preflight.support.CliStation;
import dev.preflight.support.Fixtures;
import dev.preflight.support.Hostile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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

    @Test
    void encryptedZipEntryExitsTwoAndDoesNotBlameTheCard() throws Exception {
        Path p = dir.resolve("secret.zip");
        Hostile.zipWithMethod(Fixtures.built("pi32", SPEC), p, "balena.img", 99);
        CliTest.Result r = CliTest.run("inspect", p.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unsupported (encrypted) zip entry").doesNotContain("inserted");
    }

    @Test
    void verifyOfTwoXzImagesWithHugeDictionariesInTheLaunchersHeapIsRefusedNotOutOfMemory() throws Exception {
        Path raw = Fixtures.built("pi32", SPEC);
        Path a = dir.resolve("card.img.xz");
        Path b = dir.resolve("reference.img.xz");
        Hostile.xzWithDictionary(raw, a, 31); // each asks for a 192 MiB dictionary
        Files.copy(a, b);
        // the launcher's JVM options (./preflight): before, this died with an OutOfMemoryError stack trace, exit 1
        List<String> cmd = CliStation.inItsOwnJvm(List.of("-Xmx512m", "-XX:+UseSerialGC",
                "-Dpreflight.dataDir=" + dir.resolve("data")), "verify", a.toString(), "--reference", b.toString());
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("err"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isEqualTo(2);
        assertThat(err).contains("needs").contains("MiB of memory to decompress").doesNotContain("\tat ")
                .doesNotContain("OutOfMemoryError");
        assertThat(err.lines()).hasSize(2);
    }
}
