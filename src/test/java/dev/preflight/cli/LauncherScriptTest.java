package dev.preflight.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code preflight} launcher script, run for real in a copy of the checkout whose {@code java} is a
 * stand-in that writes down the options it was started with: which JVM options each kind of command gets.
 */
class LauncherScriptTest {
    @TempDir
    Path dir;
    private Path args;

    @BeforeEach
    void checkout() throws IOException {
        Path sources = Files.createDirectories(dir.resolve("src/main"));
        Files.writeString(sources.resolve("A.java"), "");
        Files.writeString(dir.resolve("pom.xml"), "");
        Files.copy(Path.of("preflight"), dir.resolve("preflight"));
        Path target = Files.createDirectories(dir.resolve("target"));
        for (String f : List.of("preflight.jar", "preflight.jsa")) {
            Files.writeString(target.resolve(f), "");
        }
        // the jar newer than the sources and the archive newer than the jar: nothing to build or record
        Instant now = Instant.now();
        for (Path p : List.of(sources.resolve("A.java"), dir.resolve("pom.xml"))) {
            Files.setLastModifiedTime(p, FileTime.from(now.minusSeconds(60)));
        }
        Files.setLastModifiedTime(target.resolve("preflight.jsa"), FileTime.from(now.plusSeconds(1)));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        args = dir.resolve("args.txt");
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + args + "'\n");
        java.toFile().setExecutable(true);
    }

    @Test
    void theRootsHelpInATerminalIsAsWideAsTheTerminalWithoutTheJvmAskingForIt() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs script(1) for a terminal");
        Process probe = new ProcessBuilder("script", "-qec", "stty size", "/dev/null").redirectErrorStream(true).start();
        assumeTrue(probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0, "needs a pseudo-terminal");
        for (String help : List.of("--help", "-h", "help")) {
            assertThat(inTerminal(93, help)).as(help).contains("-Dpicocli.usage.width=93");
        }
        // a command's help keeps its 80 columns, and a command's options never get the width
        assertThat(inTerminal(93, "config set --help")).noneMatch(a -> a.startsWith("-Dpicocli"));
        assertThat(inTerminal(93, "inspect x.img")).noneMatch(a -> a.startsWith("-Dpicocli"));
        // narrower than picocli's narrowest help: the narrowest, as picocli itself would make it (without a warning)
        assertThat(inTerminal(40, "--help")).contains("-Dpicocli.usage.width=55");
        // a terminal that does not know its size: picocli's own default
        assertThat(inTerminal(0, "--help")).noneMatch(a -> a.startsWith("-Dpicocli"));
    }

    @Test
    void helpIntoAPipeOrFileGetsNoWidth() throws Exception {
        assertThat(run(List.of("sh", "preflight", "--help"))).noneMatch(a -> a.startsWith("-Dpicocli"));
    }

    @Test
    void theHeapUsesTransparentHugePagesOnlyWhereTheKernelOffersThem() throws Exception {
        List<String> options = run(List.of("sh", "preflight", "inspect", "x.img"));
        boolean offered = Files.exists(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
        assertThat(options.contains("-XX:+UseTransparentHugePages")).isEqualTo(offered);
        assertThat(options).contains("-XX:+UseSerialGC", "-jar", dir.resolve("target/preflight.jar").toString());
    }

    @Test
    void aLinkToTheLauncherRunsTheCheckoutItPointsTo() throws Exception {
        Path onPath = Files.createDirectories(dir.resolve("elsewhere/bin"));
        Files.createSymbolicLink(onPath.resolve("preflight"), dir.resolve("preflight"));
        // a relative link to a relative link
        Files.createSymbolicLink(onPath.resolve("pf"), Path.of("preflight"));
        for (String name : List.of("preflight", "pf")) {
            List<String> options = run(List.of("sh", onPath.resolve(name).toString(), "inspect", "x.img"));
            assertThat(options).as(name).contains(dir.resolve("target/preflight.jar").toString());
        }
        // run from the link's own folder by a relative path
        List<String> options = run(List.of("sh", "elsewhere/bin/pf", "inspect", "x.img"));
        assertThat(options).contains(dir.resolve("target/preflight.jar").toString());
    }

    private List<String> inTerminal(int columns, String command) throws Exception {
        return run(List.of("script", "-qec", "stty cols " + columns + " rows 40; sh preflight " + command, "/dev/null"));
    }

    private List<String> run(List<String> command) throws Exception {
        Files.deleteIfExists(args);
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("PATH", dir.resolve("bin") + ":/usr/bin:/bin");
        pb.environment().remove("PREFLIGHT_JAVA_OPTS");
        pb.environment().remove("PREFLIGHT_EXTRA_OPTS");
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("launcher finished").isTrue();
        assertThat(args).as("java started; launcher said: %s", Files.readString(dir.resolve("out.txt"))).exists();
        return Files.readAllLines(args, StandardCharsets.UTF_8);
    }
}
