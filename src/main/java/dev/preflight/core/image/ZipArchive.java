package dev.preflight.core.image;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The central directory of a zip archive, walked as a stream with an entry cap (APPNOTE.TXT
 * 6.3.10 §4.3.12-§4.3.16, zip64 §4.3.14-§4.3.15, §4.5.3): only the names that could be disk
 * images are kept, so a million empty entries cost a count, not a million objects on the heap.
 */
final class ZipArchive {
    /** More entries than this is not an image download (those hold one to three files). */
    static final int MAX_ENTRIES = 65_536;
    private static final long CFH = 0x02014b50L;
    private static final long LFH = 0x04034b50L;
    private static final long EOCD = 0x06054b50L;
    private static final long ZIP64_LOCATOR = 0x07064b50L;
    private static final long ZIP64_EOCD = 0x06064b50L;

    /** One file of the archive: where its data is and how it is stored. */
    record Entry(String name, int flags, int method, long compressedSize, long size, long localHeader) {
        boolean encrypted() {
            return (flags & 1) != 0 || method == 99;
        }
    }

    /** The files that could be images, how many other files there are, and where the directory starts. */
    record Listing(List<Entry> images, List<Entry> firstFiles, long fileCount, long directoryStart) {
    }

    private ZipArchive() {
    }

    /** Reads the central directory. Problems are {@link IOException}s with a reason for the user. */
    static Listing list(Path file, ReadBudget budget, String name) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long len = ch.size();
            int tailLen = (int) Math.min(len, 22 + 0xFFFF);
            ByteBuffer tail = read(ch, len - tailLen, tailLen);
            int eocd = -1;
            for (int i = tailLen - 22; i >= 0; i--) {
                if (u32(tail, i) == EOCD) {
                    eocd = i;
                    break;
                }
            }
            if (eocd < 0) {
                throw new IOException("it has no end of central directory record: it was cut short or is not a zip");
            }
            long eocdPos = len - tailLen + eocd;
            long cdSize = u32(tail, eocd + 12);
            long cdStart = u32(tail, eocd + 16);
            if (cdSize == 0xFFFFFFFFL || cdStart == 0xFFFFFFFFL || u16(tail, eocd + 10) == 0xFFFF) {
                long[] z = zip64(ch, eocdPos);
                cdSize = z[0];
                cdStart = z[1];
            }
            if (cdStart < 0 || cdSize < 0 || cdStart > eocdPos || cdSize > eocdPos - cdStart) {
                throw new IOException("its central directory lies outside the file: it was cut short or is damaged");
            }
            return walk(ch, cdStart, cdStart + cdSize, budget, name);
        }
    }

    /** Central directory size and start from the zip64 end record. */
    private static long[] zip64(FileChannel ch, long eocdPos) throws IOException {
        if (eocdPos < 20) {
            throw new IOException("its zip64 locator is missing");
        }
        ByteBuffer loc = read(ch, eocdPos - 20, 20);
        if (u32(loc, 0) != ZIP64_LOCATOR) {
            throw new IOException("its zip64 locator is missing");
        }
        long at = loc.getLong(8);
        if (at < 0 || at > eocdPos - 56) {
            throw new IOException("its zip64 end record lies outside the file");
        }
        ByteBuffer rec = read(ch, at, 56);
        if (u32(rec, 0) != ZIP64_EOCD) {
            throw new IOException("its zip64 end record is damaged");
        }
        return new long[] {rec.getLong(40), rec.getLong(48)};
    }

    private static Listing walk(FileChannel ch, long start, long end, ReadBudget budget, String name)
            throws IOException {
        List<Entry> images = new ArrayList<>();
        List<Entry> first = new ArrayList<>();
        long files = 0;
        ch.position(start);
        InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 1 << 13);
        byte[] fixed = new byte[46];
        ByteBuffer h = ByteBuffer.wrap(fixed).order(ByteOrder.LITTLE_ENDIAN);
        long pos = start;
        for (int count = 0; pos + 46 <= end; count++) {
            if (count >= MAX_ENTRIES) {
                throw new TooManyEntries();
            }
            if (count % 4096 == 0) {
                budget.checkTime(name);
            }
            readFully(in, fixed);
            if (u32(h, 0) != CFH) {
                break;
            }
            int nameLen = u16(h, 28);
            int extraLen = u16(h, 30);
            int commentLen = u16(h, 32);
            byte[] nameBytes = new byte[nameLen];
            readFully(in, nameBytes);
            byte[] extra = new byte[extraLen];
            readFully(in, extra);
            skipFully(in, commentLen);
            pos += 46L + nameLen + extraLen + commentLen;
            int flags = u16(h, 8);
            Charset cs = (flags & 0x800) != 0 ? StandardCharsets.UTF_8 : cp437();
            String entryName = new String(nameBytes, cs);
            Entry e = zip64Sizes(new Entry(entryName, flags, u16(h, 10), u32(h, 20), u32(h, 24), u32(h, 42)), extra);
            String base = entryName.substring(entryName.lastIndexOf('/') + 1);
            if (entryName.endsWith("/") || entryName.startsWith("__MACOSX/") || base.startsWith(".") || base.isEmpty()) {
                continue;
            }
            files++;
            if (first.size() < 2) {
                first.add(e);
            }
            if (looksLikeImage(base)) {
                images.add(e);
            }
        }
        return new Listing(images, first, files, start);
    }

    static boolean looksLikeImage(String base) {
        String lower = base.toLowerCase(Locale.ROOT);
        return lower.endsWith(".img") || lower.endsWith(".raw") || lower.endsWith(".balenaos-img")
                || lower.endsWith(".sdcard") || lower.endsWith(".bin");
    }

    /** Sizes and offset from the zip64 extended information extra field (APPNOTE §4.5.3). */
    private static Entry zip64Sizes(Entry e, byte[] extra) {
        ByteBuffer x = ByteBuffer.wrap(extra).order(ByteOrder.LITTLE_ENDIAN);
        int p = 0;
        while (p + 4 <= extra.length) {
            int id = u16(x, p);
            int len = u16(x, p + 2);
            if (id == 0x0001) {
                int q = p + 4;
                int stop = Math.min(extra.length, q + len);
                long size = e.size();
                long csize = e.compressedSize();
                long local = e.localHeader();
                if (size == 0xFFFFFFFFL && q + 8 <= stop) {
                    size = x.getLong(q);
                    q += 8;
                }
                if (csize == 0xFFFFFFFFL && q + 8 <= stop) {
                    csize = x.getLong(q);
                    q += 8;
                }
                if (local == 0xFFFFFFFFL && q + 8 <= stop) {
                    local = x.getLong(q);
                }
                return new Entry(e.name(), e.flags(), e.method(), csize, size, local);
            }
            p += 4 + len;
        }
        return e;
    }

    /** Where the entry's data starts, after its local header (APPNOTE §4.3.7). */
    static long dataStart(Path file, Entry e, long directoryStart) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (e.localHeader() < 0 || e.localHeader() > directoryStart - 30) {
                throw new IOException("the local header of " + e.name() + " lies outside the archive's data");
            }
            ByteBuffer h = read(ch, e.localHeader(), 30);
            if (u32(h, 0) != LFH) {
                throw new IOException("the local header of " + e.name() + " is damaged");
            }
            long data = e.localHeader() + 30 + u16(h, 26) + u16(h, 28);
            if (e.compressedSize() < 0 || data > directoryStart || e.compressedSize() > directoryStart - data) {
                throw new IOException("the data of " + e.name() + " runs past the start of the central directory:"
                        + " the archive was cut short or is damaged");
            }
            return data;
        }
    }

    /** A name for a compression method the user might recognise (APPNOTE §4.4.5). */
    static String methodName(int method) {
        switch (method) {
            case 0: return "stored";
            case 8: return "deflate";
            case 9: return "deflate64";
            case 12: return "bzip2";
            case 14: return "LZMA";
            case 93: return "zstd";
            case 95: return "xz";
            case 99: return "AES encryption";
            default: return "method " + method;
        }
    }

    /** Thrown when the central directory holds more than {@link #MAX_ENTRIES} entries. */
    static final class TooManyEntries extends IOException {
        TooManyEntries() {
            super("more than " + MAX_ENTRIES + " entries");
        }
    }

    private static Charset cp437() {
        try {
            return Charset.forName("IBM437");
        } catch (RuntimeException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    private static ByteBuffer read(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new EOFException("the archive ends early");
            }
        }
        return b.flip();
    }

    private static void readFully(InputStream in, byte[] b) throws IOException {
        if (in.readNBytes(b, 0, b.length) < b.length) {
            throw new EOFException("the central directory ends early");
        }
    }

    private static void skipFully(InputStream in, long n) throws IOException {
        for (long left = n; left > 0; ) {
            long k = in.skip(left);
            if (k <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("the central directory ends early");
                }
                k = 1;
            }
            left -= k;
        }
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xFFFFFFFFL;
    }

    private static int u16(ByteBuffer b, int at) {
        return b.getShort(at) & 0xFFFF;
    }
}
