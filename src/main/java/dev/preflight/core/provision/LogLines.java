package dev.preflight.core.provision;

import dev.preflight.core.bytes.Sha256;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The lines of a log file ('\n' ends a line) read front to back, one at a time, with their raw bytes:
 * memory stays at one line however long the log. A line longer than {@link #MAX_LINE} is never a
 * record; only its length and SHA-256 are kept.
 */
final class LogLines implements Closeable {
    static final int MAX_LINE = 1 << 20;

    /**
     * One line: its 1-based number (counted from where reading started), bytes (null when longer than
     * MAX_LINE), whether a '\n' ended it, and the file offset just after it.
     */
    record Line(long number, byte[] bytes, long length, boolean terminated, String longLineSha256, long end) {
        String sha256() {
            return bytes == null ? longLineSha256 : Signatures.sha256(bytes);
        }

        boolean blank() {
            return bytes != null && LogLines.blank(bytes);
        }
    }

    /** Only spaces, tabs and CRs: skipped, as before the log was signed. */
    static boolean blank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private final InputStream in;
    private long remaining;
    private long base;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int end;
    private long number;

    /** Reads the first {@code limit} bytes of {@code file} (the size seen under the log's lock). */
    LogLines(Path file, long limit) throws IOException {
        this(file, 0, limit);
    }

    /** Reads from byte {@code start} (the start of a line) up to byte {@code limit}. */
    LogLines(Path file, long start, long limit) throws IOException {
        SeekableByteChannel ch = Files.newByteChannel(file);
        ch.position(start);
        this.in = Channels.newInputStream(ch);
        this.remaining = limit - start;
        this.base = start;
    }

    /** The next line, or null at the end. */
    Line next() throws IOException {
        byte[] line = new byte[256];
        int len = 0;
        long total = 0;
        MessageDigest digest = null;
        while (true) {
            if (pos == end && !fill()) {
                if (total == 0) {
                    return null;
                }
                return finish(line, len, total, false, digest);
            }
            int nl = pos;
            while (nl < end && buf[nl] != '\n') {
                nl++;
            }
            int n = nl - pos;
            if (digest == null && len + n > MAX_LINE) {
                digest = Sha256.digest();
                digest.update(line, 0, len);
            }
            if (digest != null) {
                digest.update(buf, pos, n);
            } else {
                if (len + n > line.length) {
                    line = Arrays.copyOf(line, Math.max(line.length * 2, len + n));
                }
                System.arraycopy(buf, pos, line, len, n);
                len += n;
            }
            total += n;
            pos = nl;
            if (nl < end) {
                pos++;
                return finish(line, len, total, true, digest);
            }
        }
    }

    private Line finish(byte[] line, int len, long total, boolean terminated, MessageDigest digest) {
        number++;
        long endOffset = base + pos;
        return digest == null ? new Line(number, Arrays.copyOf(line, len), total, terminated, null, endOffset)
                : new Line(number, null, total, terminated, HexFormat.of().formatHex(digest.digest()), endOffset);
    }

    private boolean fill() throws IOException {
        if (remaining <= 0) {
            return false;
        }
        int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
        if (n <= 0) {
            remaining = 0;
            return false;
        }
        remaining -= n;
        base += end;
        pos = 0;
        end = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
