package dev.preflight.core.image;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the first and last bytes of a compressed file say without decompressing it: whether it
 * was cut short (a download that stopped at 97 % otherwise inspects as complete, because a quick
 * inspection never decompresses that far) and, where the container records it, how big the image
 * is and how much memory its decoder needs.
 */
final class StreamEnds {
    private StreamEnds() {
    }

    static byte[] tail(Path file, int n) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            int len = (int) Math.min(n, f.length());
            byte[] b = new byte[len];
            f.seek(f.length() - len);
            f.readFully(b);
            return b;
        }
    }

    /**
     * gzip (RFC 1952 §2.3.1): the last four bytes are ISIZE, the image size modulo 2^32. A disk image
     * is whole 512-byte sectors, so is its size modulo 2^32; random bytes where a cut left them are
     * that only once in 512. A suspicion, confirmed or cleared when the stream is read to its end.
     */
    static String gzipSuspicion(Path file) throws IOException {
        byte[] t = tail(file, 4);
        if (t.length < 4) {
            return "is shorter than a gzip header and trailer";
        }
        long isize = (t[0] & 0xffL) | (t[1] & 0xffL) << 8 | (t[2] & 0xffL) << 16 | (t[3] & 0xffL) << 24;
        if (isize % 512 == 0) {
            return null;
        }
        return "ends with a gzip trailer that gives the image size as " + isize + " bytes (modulo 4 GiB), not a"
                + " whole number of 512-byte sectors: the file was most likely cut short";
    }

    /**
     * bzip2: a stream ends with the 48-bit end-of-stream magic 0x177245385090, the 32-bit combined
     * CRC and up to 7 zero bits of padding (bzip2 1.0.6 compress.c; the format has no other index).
     */
    static String bzip2Damage(Path file) throws IOException {
        byte[] t = tail(file, 11);
        if (t.length == 11) {
            for (int pad = 0; pad < 8; pad++) {
                int end = 88 - pad;
                if (bits(t, end - 80, 48) == 0x177245385090L && bits(t, end, pad) == 0) {
                    return null;
                }
            }
        }
        return "does not end with the bzip2 end-of-stream marker: it was cut short (or has junk appended)";
    }

    private static long bits(byte[] b, int from, int count) {
        long v = 0;
        for (int i = from; i < from + count; i++) {
            v = v << 1 | ((b[i >> 3] >> (7 - (i & 7))) & 1);
        }
        return v;
    }

    /** What a walk over the zstd frames found. */
    record ZstdFrames(long contentSize, String damage) {
    }

    /**
     * Walks the frames and block headers of a zstd file (RFC 8878 §3.1) without decoding a block:
     * a file that ends inside a frame was cut short, and when every frame records its content size
     * the image's size is known.
     */
    static ZstdFrames zstdFrames(Path file, ReadBudget budget, String name) throws IOException {
        long total = 0;
        boolean sized = true;
        long blocks = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 13)) {
            while (true) {
                int first = in.read();
                if (first < 0) {
                    return new ZstdFrames(sized ? total : -1, null);
                }
                long magic = first | (long) u8(in) << 8 | (long) u8(in) << 16 | (long) u8(in) << 24;
                if ((magic & 0xFFFFFFF0L) == 0x184D2A50L) {
                    skip(in, le(in, 4));
                    continue;
                }
                if (magic != 0xFD2FB528L) {
                    return new ZstdFrames(-1, null); // not a frame: the decoder says what is wrong
                }
                int fhd = u8(in);
                boolean single = (fhd & 0x20) != 0;
                int fcsFlag = fhd >> 6;
                int fcsBytes = fcsFlag == 0 ? (single ? 1 : 0) : 1 << fcsFlag;
                int dictBytes = new int[] {0, 1, 2, 4}[fhd & 3];
                skip(in, (single ? 0 : 1) + dictBytes);
                if (fcsBytes == 0) {
                    sized = false;
                } else {
                    long fcs = le(in, fcsBytes) + (fcsBytes == 2 ? 256 : 0);
                    sized &= fcs >= 0 && total <= Long.MAX_VALUE - fcs;
                    total += sized ? fcs : 0;
                }
                boolean last = false;
                while (!last) {
                    if (++blocks % 4096 == 0) {
                        budget.checkTime(name);
                    }
                    long h = le(in, 3);
                    last = (h & 1) != 0;
                    int type = (int) (h >> 1) & 3;
                    long size = h >> 3;
                    if (type == 3) {
                        return new ZstdFrames(-1, null);
                    }
                    skip(in, type == 1 ? 1 : size);
                }
                skip(in, (fhd & 0x04) != 0 ? 4 : 0);
            }
        } catch (EOFException e) {
            return new ZstdFrames(-1, "ends inside a zstd frame: it was cut short");
        }
    }

    private static int u8(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    private static long le(InputStream in, int n) throws IOException {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) u8(in) << (8 * i);
        }
        return v;
    }

    private static void skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                u8(in);
                s = 1;
            }
            left -= s;
        }
    }

    /**
     * xz (file format 1.2.0 §2.1.2.4, §2.2): after optional zero padding in multiples of four bytes a
     * file ends with a stream footer whose last two bytes are "YZ".
     */
    static String xzDamage(Path file) throws IOException {
        byte[] t = tail(file, 1 << 16);
        int end = t.length;
        while (end >= 4 && t[end - 1] == 0 && t[end - 2] == 0 && t[end - 3] == 0 && t[end - 4] == 0) {
            end -= 4;
        }
        if (end >= 12 && t[end - 2] == 'Y' && t[end - 1] == 'Z') {
            return null;
        }
        return "ends without an xz stream footer: it was cut short (or has junk appended)";
    }

    /**
     * The LZMA2 dictionary size of the first block of an xz file (file format §3.1 block header,
     * §5.3.1 LZMA2 properties), or -1 when the header does not say.
     */
    static long xzFirstDictionary(Path file) throws IOException {
        byte[] h = new byte[1024];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(h, 0, h.length);
        }
        if (n < 13 || h[12] == 0) {
            return -1;
        }
        int headerEnd = Math.min(n, 12 + ((h[12] & 0xff) + 1) * 4 - 4);
        int flags = h[13] & 0xff;
        int[] pos = {14};
        if ((flags & 0x40) != 0 && varint(h, pos, headerEnd) < 0) {
            return -1;
        }
        if ((flags & 0x80) != 0 && varint(h, pos, headerEnd) < 0) {
            return -1;
        }
        for (int f = 0; f <= (flags & 3); f++) {
            long id = varint(h, pos, headerEnd);
            long propsSize = varint(h, pos, headerEnd);
            if (id < 0 || propsSize < 0 || pos[0] + propsSize > headerEnd) {
                return -1;
            }
            if (id == 0x21 && propsSize == 1) {
                int p = h[pos[0]] & 0x3f;
                if (p > 40) {
                    return -1;
                }
                return p == 40 ? 0xFFFFFFFFL : (2L | (p & 1)) << (p / 2 + 11);
            }
            pos[0] += (int) propsSize;
        }
        return -1;
    }

    private static long varint(byte[] b, int[] pos, int end) {
        long v = 0;
        for (int i = 0; i < 9 && pos[0] < end; i++) {
            int x = b[pos[0]++] & 0xff;
            v |= (long) (x & 0x7f) << (7 * i);
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        return -1;
    }
}
