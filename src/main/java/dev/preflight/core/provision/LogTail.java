package dev.preflight.core.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.bytes.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The end of a log file read backwards: the last record, and the unreadable lines after it (what a
 * crash in the middle of an append leaves). For a log Preflight wrote this is the last line or two,
 * so an append costs the same at one record and at a million.
 */
record LogTail(ObjectNode last, List<Junk> junk, boolean endsWithNewline) {
    /** An unreadable line after the last record: its length and the SHA-256 of its bytes. */
    record Junk(long bytes, String sha256) {
    }

    private static final int CHUNK = 8192;

    static LogTail read(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) {
            return new LogTail(null, List.of(), true);
        }
        boolean newline = byteAt(ch, size - 1) == '\n';
        List<Junk> junk = new ArrayList<>();
        long end = newline ? size - 1 : size;
        while (true) {
            long nl = lastNewlineBefore(ch, end);
            long start = nl + 1;
            long len = end - start;
            if (len > 0 && len <= LogLines.MAX_LINE) {
                byte[] bytes = read(ch, start, (int) len);
                ObjectNode r = record(bytes);
                if (r != null) {
                    return new LogTail(r, junk, newline);
                }
                if (!LogLines.blank(bytes)) {
                    junk.add(0, new Junk(len, Signatures.sha256(bytes)));
                }
            } else if (len > 0) {
                junk.add(0, new Junk(len, sha256(ch, start, end)));
            }
            if (nl < 0) {
                return new LogTail(null, junk, newline);
            }
            end = nl;
        }
    }

    /** A line that is a log record (an object with seq and hash), or null. */
    static ObjectNode record(byte[] line) {
        return record(line, 0, line.length);
    }

    /**
     * Whether a line that is no record is still one whole JSON value. A write cut short by a crash leaves a
     * prefix of a record, never that: such a line was written as it is, not torn.
     */
    static boolean wholeJson(byte[] line) {
        try {
            JsonNode n = line == null ? null : ProvisioningLog.STRICT.readTree(line);
            return n != null && !n.isMissingNode();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The record in {@code len} bytes of {@code buf} from {@code off}, or null. */
    static ObjectNode record(byte[] buf, int off, int len) {
        try {
            JsonNode n = ProvisioningLog.STRICT.readTree(buf, off, len);
            return n != null && n.isObject() && n.path("hash").isTextual() && n.path("seq").canConvertToLong()
                    ? (ObjectNode) n : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long lastNewlineBefore(FileChannel ch, long end) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(CHUNK);
        long pos = end;
        while (pos > 0) {
            int n = (int) Math.min(CHUNK, pos);
            pos -= n;
            b.clear().limit(n);
            readFully(ch, b, pos);
            for (int i = n - 1; i >= 0; i--) {
                if (b.get(i) == '\n') {
                    return pos + i;
                }
            }
        }
        return -1;
    }

    private static int byteAt(FileChannel ch, long pos) throws IOException {
        return read(ch, pos, 1)[0];
    }

    private static byte[] read(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        readFully(ch, b, pos);
        return b.array();
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) {
                throw new IOException("the log ended while it was being read");
            }
        }
    }

    private static String sha256(FileChannel ch, long start, long end) throws IOException {
        MessageDigest d = Sha256.digest();
        ByteBuffer b = ByteBuffer.allocate(1 << 16);
        for (long pos = start; pos < end; ) {
            b.clear().limit((int) Math.min(b.capacity(), end - pos));
            readFully(ch, b, pos);
            b.flip();
            pos += b.remaining();
            d.update(b);
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
