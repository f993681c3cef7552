package dev.preflight.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.support.Fixtures;
import dev.preflight.support.Hostile;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Containers built to exhaust memory or to be misread, opened with bounded memory and a clear answer. */
class HostileContainersTest {
    static final ImageSpec SPEC = ImageSpec.raspberryPi().fat(32); // as CompressedSourcesTest builds it

    @TempDir
    Path dir;

    @AfterEach
    void restoreHeap() {
        HeapAllowance.limitForTests(-1);
    }

    private static PreflightException refused(Path p) {
        try (OpenedInput in = ImageOpener.open(p.toString(), CancellationToken.none())) {
            in.bytes().readFully(0, 512);
        } catch (PreflightException e) {
            assertThat(e.errorCode()).isEqualTo(ErrorCode.UNREADABLE_INPUT);
            assertThat(e.getMessage()).contains(p.toString());
            assertThat(e.getMessage().lines().count()).isEqualTo(1);
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected " + p + " to be refused");
    }

    /** The built image as balena.img in a zip named {@code name}, marked as compressed with {@code method}. */
    private Path zipOfTheImage(String name, int method) throws IOException {
        Path p = dir.resolve(name);
        Hostile.zipWithMethod(Fixtures.built("pi32", SPEC), p, "balena.img", method);
        return p;
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void zipWithAMillionEmptyEntriesIsRefusedWithoutHoldingThem() throws Exception {
        Path p = dir.resolve("million.zip");
        Hostile.zipManyEntries(p, 1_000_000);
        long before = allocatedByThisThread();
        PreflightException e = refused(p);
        long allocated = allocatedByThisThread() - before;
        assertThat(e.getMessage()).contains("more than " + ZipArchive.MAX_ENTRIES + " entries");
        // a library that builds an object per entry allocated about 1 GB here
        assertThat(allocated).isLessThan(64L << 20);
    }

    @Test
    void aesEncryptedZipEntryIsUnsupportedNotAFailingCard() throws Exception {
        PreflightException e = refused(zipOfTheImage("secret.zip", 99));
        assertThat(e.getMessage()).contains("balena.img").contains("unsupported (encrypted) zip entry");
        assertThat(e.hint()).contains("password");
    }

    @Test
    void zipEntryInAMethodPreflightCannotReadIsNamed() throws Exception {
        PreflightException e = refused(zipOfTheImage("lzma.zip", 14));
        assertThat(e.getMessage()).contains("compressed with LZMA, which Preflight cannot read");
    }

    @Test
    void storedZipEntryReadsBackByteForByte() throws Exception {
        assertSameBytes(Fixtures.built("pi32", SPEC), zipOfTheImage("stored.zip", 0));
    }

    @Test
    void zip64ArchiveFromTheZipToolReadsBackByteForByte() throws Exception {
        assumeTrue(Fixtures.onPath("zip"), "zip not installed");
        Path raw = Fixtures.built("pi32", SPEC);
        Path p = dir.resolve("zip64.zip");
        Process z = new ProcessBuilder("zip", "-q", "-1", "-fz", "-j", p.toString(), raw.toString())
                .redirectErrorStream(true).start();
        assertThat(z.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(z.exitValue()).isZero();
        assertSameBytes(raw, p);
    }

    private static void assertSameBytes(Path raw, Path packed) throws IOException {
        byte[] expected = Files.readAllBytes(raw);
        try (OpenedInput in = ImageOpener.open(packed.toString(), CancellationToken.none())) {
            assertThat(in.size()).isEqualTo(expected.length);
            for (long pos : new long[] {0, 4L << 20, 50L << 20, expected.length - 5000L}) {
                assertThat(in.bytes().readFully(pos, 5000))
                        .isEqualTo(Arrays.copyOfRange(expected, (int) pos, (int) pos + 5000));
            }
            assertThat(in.bytes().truncation()).isNull();
        }
    }

    @Test
    void twoXzFilesWithHugeDictionariesDoNotBothFitInASmallHeap() throws Exception {
        Path raw = Fixtures.built("pi32", SPEC);
        Path a = dir.resolve("a.img.xz");
        Path b = dir.resolve("b.img.xz");
        Hostile.xzWithDictionary(raw, a, 31); // 192 MiB
        Files.copy(a, b);
        HeapAllowance.limitForTests(384L << 20); // what -Xmx512m leaves for sources
        try (OpenedInput first = ImageOpener.open(a.toString(), CancellationToken.none())) {
            assertThat(first.bytes().readFully(0, 512)[510]).isEqualTo((byte) 0x55);
            PreflightException e = refused(b);
            assertThat(e.getMessage()).contains("needs 197 MiB of memory to decompress")
                    .contains("decoder needs 193 MiB");
            assertThat(e.hint()).contains("one compressed image at a time");
        }
        try (OpenedInput again = ImageOpener.open(b.toString(), CancellationToken.none())) {
            assertThat(again.bytes().readFully(0, 512)[511]).isEqualTo((byte) 0xAA);
        }
    }
}
