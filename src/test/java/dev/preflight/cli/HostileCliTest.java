package dev.preflight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.demo.ImageSpec;
import dev.preflight.support.CliStation;
import dev.preflight.support.Fixtures;
import dev.preflight.support.Hostile;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
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
    void aConfigJsonThatCannotBeReadIsNeverValidAndTooLargeIsBadInput() throws Exception {
        Path img = dir.resolve("no-fat.img");
        Files.copy(Fixtures.built("pi32", SPEC), img);
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer lba = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(lba, 446 + 8);
            ch.write(ByteBuffer.allocate(64 * 512), lba.getInt(0) * 512L); // the boot partition's FAT is gone
        }
        CliTest.Result r = CliTest.run("config", "validate", img.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out()).doesNotContain("is valid");
        Path folder = Files.createDirectories(dir.resolve("boot"));
        try (RandomAccessFile f = new RandomAccessFile(folder.resolve("config.json").toFile(), "rw")) {
            f.write('{');
            f.setLength(17 << 20); // sparse: more than any reader of Preflight takes
        }
        for (String command : List.of("validate", "get")) {
            CliTest.Result big = CliTest.run("config", command, folder.toString());
            assertThat(big.code()).as(command + ": " + big.out() + big.err()).isEqualTo(2);
            assertThat(big.out()).doesNotContain("is valid");
            assertThat(big.err()).contains("config.json").doesNotContain("inserted");
        }
        Path txt = folder.resolve("config.txt");
        try (RandomAccessFile f = new RandomAccessFile(txt.toFile(), "rw")) {
            f.write("gpu_mem=64\n".getBytes(StandardCharsets.US_ASCII));
            f.setLength(3L << 30); // larger than a Java array: read whole, it ran the heap out (exit 3)
        }
        Path json = dir.resolve("big.json");
        Files.copy(txt, json);
        Files.write(json, new byte[] {'{'}, StandardOpenOption.WRITE);
        for (String[] args : new String[][] {{"configtxt", "get", folder.toString()},
                {"configtxt", "set", folder.toString(), "gpu_mem", "128"}, {"config", "set", folder.toString(),
                "hostname", "x"}, {"configtxt", "validate", txt.toString()}, {"config", "validate", json.toString()},
                {"config", "inject", img.toString(), json.toString(), "--output", dir.resolve("out.img").toString()}}) {
            CliTest.Result big = CliTest.run(args);
            assertThat(big.code()).as(String.join(" ", args) + ": " + big.err()).isEqualTo(2);
            assertThat(big.err()).doesNotContain("inserted", "removed", "memory");
        }
    }

    @Test
    void aConsoleLogLargerThanAnyCaptureIsBadInputNotAnExhaustedHeap() throws Exception {
        Path log = dir.resolve("console.log");
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
            f.write("Booting Linux on physical CPU 0x0\n".getBytes(StandardCharsets.US_ASCII));
            f.setLength(3L << 30); // before: read whole, "ran out of memory", exit 3
        }
        CliTest.Result r = CliTest.run("serial", "analyse", log.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("console.log").doesNotContain("memory");
    }

    @Test
    void aConfigJsonTooLargeToReadIsSaidSoNotCalledNullBytesOrADamagedFileSystem() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("big-boot"));
        Files.writeString(folder.resolve("device-type.json"), "{\"slug\":\"raspberrypi4-64\"}");
        Files.writeString(folder.resolve("config.json"), "{\"deviceType\":\"raspberrypi4-64\",\"x\":\""
                + "a".repeat(17 << 20) + "\"}");
        CliTest.Result r = CliTest.run("inspect", folder.toString());
        assertThat(r.out()).contains("config.json  present, could not be read", "No balenaOS boot file is that large",
                "preflight config inject").doesNotContain("null bytes", "fsck.fat");
    }

    @Test
    void aCharacterDeviceIsNoCard() {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux") && Files.exists(Path.of("/dev/zero")));
        for (String[] args : new String[][] {{"config", "set", "/dev/zero", "hostname", "x"}, {"inspect", "/dev/zero"},
                {"config", "get", "/dev/null"}, {"wifi", "list", "/dev/zero"}}) {
            CliTest.Result r = CliTest.run(args); // before: exit 3, "check that the card is still inserted"
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains("is a character device, not a card", "lsblk").doesNotContain("inserted");
        }
    }

    @Test
    void aNamedPipeNothingWritesToIsBadInputNotAWaitForEver() throws Exception {
        Assumptions.assumeTrue(Fixtures.onPath("mkfifo"), "mkfifo is not installed");
        Path fifo = dir.resolve("console.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        String was = System.getProperty("preflight.openWaitSeconds");
        System.setProperty("preflight.openWaitSeconds", "1");
        try {
            CliTest.Result analysed = CliTest.run("serial", "analyse", fifo.toString()); // before: blocked until killed
            assertThat(analysed.code()).as(analysed.err()).isEqualTo(2);
            assertThat(analysed.err()).contains("console.fifo", "no program wrote to it within 1 s");
            CliTest.Result validated = CliTest.run("config", "validate", fifo.toString()); // not taken for a file
            assertThat(validated.code()).as(validated.err()).isEqualTo(2);
            assertThat(validated.err()).contains("console.fifo");
            // a pipe a program does write to (as with a shell's process substitution) is read; another pipe, as
            // the readers given up on above still wait on the first (in one process only in a test)
            Path fed = dir.resolve("fed.fifo");
            assertThat(new ProcessBuilder("mkfifo", fed.toString()).start().waitFor()).isZero();
            Thread writer = new Thread(() -> {
                try {
                    Files.writeString(fed, "Booting Linux on physical CPU 0x0\n");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.start();
            CliTest.Result r = CliTest.run("serial", "analyse", fed.toString());
            writer.join(10_000);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("Milestones");
        } finally {
            if (was == null) {
                System.clearProperty("preflight.openWaitSeconds");
            } else {
                System.setProperty("preflight.openWaitSeconds", was);
            }
        }
    }

    /** Terminal controls: escape sequences, a carriage return that rewrites the line, bell, bidi overrides. */
    static final String CONTROLS = "[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]";

    @Test
    void textFromTheCardCannotDrawOnTheTerminal() throws Exception {
        // a hostname that would paint "Verdict: PASS" in green over its own line and hide what follows
        String forged = "x\r\u001b[2K\u001b[32mVerdict: PASS\u001b[8m\u0007\u202e";
        Path folder = Files.createDirectories(dir.resolve("boot"));
        Files.writeString(folder.resolve("config.json"), "{\"deviceType\":\"raspberrypi4-64\",\"applicationId\":1,"
                + "\"hostname\":\"" + forged.replace("\r", "\\r").replace("\u001b", "\\u001b").replace("\u0007",
                "\\u0007").replace("\u202e", "\\u202e") + "\"}");
        Files.writeString(folder.resolve("config.txt"), "gpu_mem=64\n# " + forged + "\n");
        for (String[] args : new String[][] {{"inspect", folder.toString()}, {"configtxt", "get", folder.toString()},
                {"config", "validate", folder.toString()}, {"inspect", folder.resolve(forged).toString()}}) {
            CliTest.Result r = CliTest.run(args);
            assertThat(r.out() + r.err()).as(String.join(" ", args)).doesNotContainPattern(CONTROLS);
            if (!args[0].equals("config")) { // validate names the key, not its value
                assertThat(r.out() + r.err()).contains("\\u001b[32mVerdict: PASS");
            }
        }
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
