package dev.preflight.core.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Searching the log in blocks finds exactly the lines LogLines would give that hold the bytes. */
class LogSearchTest {
    private static final byte[] NEEDLE = "disk:aa11".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    /** The lines of {@code content} holding the needle, cut the way LogLines cuts them. */
    private List<String> expected(Path f, byte[] needle) throws IOException {
        List<String> out = new ArrayList<>();
        try (LogLines lines = new LogLines(f, Files.size(f))) {
            for (LogLines.Line l = lines.next(); l != null; l = lines.next()) {
                String line = l.bytes() == null ? null : new String(l.bytes(), StandardCharsets.ISO_8859_1);
                if (line != null && line.contains(new String(needle, StandardCharsets.ISO_8859_1))) {
                    out.add(line);
                }
            }
        }
        return out;
    }

    private List<String> found(Path f, byte[] needle, int block) throws IOException {
        List<String> out = new ArrayList<>();
        LogSearch.linesContaining(f, Files.size(f), needle,
                (b, off, len) -> out.add(new String(b, off, len, StandardCharsets.ISO_8859_1)), block);
        return out;
    }

    @Test
    void findGivesTheFirstOccurrenceInTheWindowAsAPlainScanWould() {
        Random r = new Random(5);
        for (int round = 0; round < 20_000; round++) {
            // a small alphabet, so that partial matches and overlaps are frequent; bytes above 0x7f too
            byte[] alphabet = {'a', 'b', (byte) 0xe9, (byte) 0xff};
            byte[] buf = new byte[r.nextInt(60)];
            for (int i = 0; i < buf.length; i++) {
                buf[i] = alphabet[r.nextInt(alphabet.length)];
            }
            byte[] needle = new byte[1 + r.nextInt(6)];
            for (int i = 0; i < needle.length; i++) {
                needle[i] = alphabet[r.nextInt(alphabet.length)];
            }
            int from = buf.length == 0 ? 0 : r.nextInt(buf.length + 1);
            int to = from + r.nextInt(buf.length - from + 1);
            assertThat(LogSearch.find(buf, from, to, needle))
                    .as("%s in %s [%d, %d)", Arrays.toString(needle), Arrays.toString(buf), from, to)
                    .isEqualTo(plainFind(buf, from, to, needle));
        }
    }

    private static int plainFind(byte[] buf, int from, int to, byte[] needle) {
        for (int i = from; i + needle.length <= to; i++) {
            if (Arrays.equals(buf, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void randomLogsGiveTheSameLinesWhateverTheBlockSize() throws IOException {
        Random r = new Random(11);
        String[] parts = {"{\"card\":", "disk:aa11", "disk:aa1", "isk:aa11", "d", "1", "\n", "\r\n", " ", "\"x\"", "}"};
        for (int round = 0; round < 300; round++) {
            StringBuilder s = new StringBuilder();
            for (int k = r.nextInt(40); k > 0; k--) {
                s.append(parts[r.nextInt(parts.length)]);
            }
            Path f = dir.resolve("log-" + round + ".jsonl");
            Files.writeString(f, s, StandardCharsets.ISO_8859_1);
            List<String> want = expected(f, NEEDLE);
            for (int block : new int[] {1, 2, 3, 7, 9, 16, 64, 1 << 20}) {
                assertThat(found(f, NEEDLE, block)).as("%s, block %d", s, block).isEqualTo(want);
            }
        }
    }

    @Test
    void aLineLongerThanTheLimitIsPassedOverEvenWhenItHoldsTheBytes() throws IOException {
        byte[] huge = new byte[LogLines.MAX_LINE + 10];
        Arrays.fill(huge, (byte) 'x');
        System.arraycopy(NEEDLE, 0, huge, 5, NEEDLE.length);
        System.arraycopy(NEEDLE, 0, huge, huge.length - NEEDLE.length - 1, NEEDLE.length);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("first disk:aa11\n".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(huge);
        b.writeBytes("\nlast disk:aa11 ok\nother\n".getBytes(StandardCharsets.US_ASCII));
        Path f = dir.resolve("long.jsonl");
        Files.write(f, b.toByteArray());
        for (int block : new int[] {4096, 1 << 20}) {
            assertThat(found(f, NEEDLE, block)).containsExactly("first disk:aa11", "last disk:aa11 ok");
        }
        assertThat(expected(f, NEEDLE)).containsExactly("first disk:aa11", "last disk:aa11 ok");
    }

    @Test
    void aHugeLineFullOfTheBytesIsPassedOverWithoutHoldingIt() throws IOException {
        // 24 MiB without a line break, the card's id every 100 bytes: never a record, never held whole
        Path f = dir.resolve("huge.jsonl");
        byte[] chunk = new byte[100];
        Arrays.fill(chunk, (byte) 'x');
        System.arraycopy(NEEDLE, 0, chunk, 40, NEEDLE.length);
        try (var out = Files.newOutputStream(f)) {
            for (int i = 0; i < 24 * 10_486; i++) {
                out.write(chunk);
            }
            out.write("\nafter disk:aa11\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(found(f, NEEDLE, LogSearch.BLOCK)).containsExactly("after disk:aa11");
    }

    @Test
    void onlyTheBytesBeforeTheLimitAreRead() throws IOException {
        Path f = dir.resolve("limit.jsonl");
        Files.writeString(f, "a disk:aa11\nb disk:aa11\n");
        List<String> out = new ArrayList<>();
        LogSearch.linesContaining(f, 12, NEEDLE, (b, off, len) -> out.add(new String(b, off, len, StandardCharsets.UTF_8)));
        assertThat(out).containsExactly("a disk:aa11");
    }
}
