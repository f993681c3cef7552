package dev.preflight.support;

import dev.preflight.core.bytes.LittleEndian;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Hostile inputs, built byte by byte as a reviewer built them by hand, each small on disk. */
public final class Hostile {
    private Hostile() {
    }

    /** A sector 0 with one MBR entry. */
    public static byte[] mbr(int type, long startBytes, long sizeBytes) {
        byte[] s = new byte[512];
        LittleEndian.put32(s, 440, 0x0badf00dL);
        s[446 + 4] = (byte) type;
        LittleEndian.put32(s, 446 + 8, startBytes / 512);
        LittleEndian.put32(s, 446 + 12, sizeBytes / 512);
        LittleEndian.put16(s, 510, 0xAA55);
        return s;
    }

    /**
     * A .bz2 of {@code head} followed by zeros up to {@code total} bytes. bzip2's run-length stage
     * turns 45 MB of zeros into one ~40-byte block, so 5 GB fit in a few KB; it is written as
     * concatenated streams (which bzip2 and Preflight read as one) so building it takes a second.
     */
    public static void bz2Zeros(Path out, byte[] head, long total) throws IOException {
        int chunk = 64 << 20;
        byte[] zeros = zeroChunk();
        byte[] first = bz2(head);
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out))) {
            o.write(first);
            long done = head.length;
            long tail = (total - done) % chunk;
            if (tail > 0) {
                o.write(bz2(new byte[(int) tail]));
                done += tail;
            }
            for (; done < total; done += chunk) {
                o.write(zeros);
            }
        }
    }

    private static byte[] zeroChunk;

    private static synchronized byte[] zeroChunk() throws IOException {
        if (zeroChunk == null) {
            zeroChunk = bz2(new byte[64 << 20]);
        }
        return zeroChunk;
    }

    static byte[] bz2(byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream z = new BZip2CompressorOutputStream(b)) {
            z.write(data);
        }
        return b.toByteArray();
    }

    /** The first {@code fraction} of a file, as a download that stopped there leaves it. */
    public static Path cut(Path in, Path out, double fraction) throws IOException {
        byte[] all = Files.readAllBytes(in);
        Files.write(out, Arrays.copyOf(all, (int) (all.length * fraction)));
        return out;
    }

    /**
     * An xz file whose (single) block header asks for an LZMA2 dictionary given by
     * {@code dictProps} (xz format §5.3.1: 31 = 192 MiB), with the data compressed with a small one:
     * valid, and a decoder must allocate the whole dictionary to read it.
     */
    public static void xzWithDictionary(Path raw, Path out, int dictProps) throws IOException {
        LZMA2Options small = new LZMA2Options(0);
        small.setDictSize(1 << 20);
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out));
             XZOutputStream xz = new XZOutputStream(o, small);
             java.io.InputStream in = Files.newInputStream(raw)) {
            in.transferTo(xz);
        }
        try (RandomAccessFile f = new RandomAccessFile(out.toFile(), "rw")) {
            byte[] h = new byte[12];
            f.seek(12);
            f.readFully(h);
            int size = ((h[0] & 0xff) + 1) * 4;
            if (size != 12 || h[1] != 0 || h[2] != 0x21 || h[3] != 1) {
                throw new IllegalStateException("unexpected xz block header");
            }
            h[4] = (byte) dictProps;
            CRC32 crc = new CRC32();
            crc.update(h, 0, 8);
            LittleEndian.put32(h, 8, crc.getValue());
            f.seek(12);
            f.write(h);
        }
    }

    /**
     * A zip whose central directory lists {@code n} empty entries (all pointing at one local header),
     * as written by a tool that lets the 16-bit entry count wrap.
     */
    public static void zipManyEntries(Path out, int n) throws IOException {
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            byte[] lfh = fileHeader(LOCAL, 31, 10, 0, 0, 0, 1);
            lfh[30] = 'e';
            o.write(lfh);
            byte[] cfh = fileHeader(CENTRAL, 47, 10, 0, 0, 0, 1);
            LittleEndian.put16(cfh, 4, 20);
            cfh[46] = 'e';
            for (int i = 0; i < n; i++) {
                o.write(cfh);
            }
            o.write(endOfCentralDirectory(n & 0xFFFF, 47L * n, lfh.length));
        }
    }

    /**
     * A zip holding {@code raw} stored under {@code name}, then marked as compression method
     * {@code method} in both headers (99, WinZip AES, with the encrypted flag).
     */
    public static void zipWithMethod(Path raw, Path out, String name, int method) throws IOException {
        byte[] data = Files.readAllBytes(raw);
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(data);
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            o.write(fileHeader(LOCAL, 30, 51, method, crc.getValue(), data.length, n.length));
            o.write(n);
            o.write(data);
            byte[] cfh = fileHeader(CENTRAL, 46, 51, method, crc.getValue(), data.length, n.length);
            LittleEndian.put16(cfh, 4, 51);
            o.write(cfh);
            o.write(n);
            o.write(endOfCentralDirectory(1, 46 + n.length, 30L + n.length + data.length));
        }
    }

    /** A local file header: its signature, then the common fields from byte 4 (APPNOTE.TXT 4.3.7). */
    private static final int LOCAL = 4;
    /** A central directory file header: its signature, "version made by", then the common fields (4.3.12). */
    private static final int CENTRAL = 6;

    /**
     * A zip file header of {@code length} bytes with the fields a local and a central header share, from
     * byte {@code at} ({@link #LOCAL} or {@link #CENTRAL}): version needed, flags (bit 0, encrypted, for
     * method 99, WinZip AES), method, CRC-32, compressed and uncompressed size (stored: the same) and the
     * name's length; the rest zero.
     */
    private static byte[] fileHeader(int at, int length, int version, int method, long crc, int size, int nameLength) {
        byte[] h = new byte[length];
        LittleEndian.put32(h, 0, at == LOCAL ? 0x04034b50L : 0x02014b50L);
        LittleEndian.put16(h, at, version);
        LittleEndian.put16(h, at + 2, method == 99 ? 1 : 0);
        LittleEndian.put16(h, at + 4, method);
        LittleEndian.put32(h, at + 10, crc);
        LittleEndian.put32(h, at + 14, size);
        LittleEndian.put32(h, at + 18, size);
        LittleEndian.put16(h, at + 22, nameLength);
        return h;
    }

    /** The end of central directory record: {@code entries} entries, on this disk and in all. */
    private static byte[] endOfCentralDirectory(int entries, long directorySize, long directoryOffset) {
        byte[] eocd = new byte[22];
        LittleEndian.put32(eocd, 0, 0x06054b50L);
        LittleEndian.put16(eocd, 8, entries);
        LittleEndian.put16(eocd, 10, entries);
        LittleEndian.put32(eocd, 12, directorySize);
        LittleEndian.put32(eocd, 16, directoryOffset);
        return eocd;
    }

    /**
     * Points the root-directory entries of the FAT32 volume at {@code partStart} whose 8.3 names are
     * {@code aliases} at the clusters and size of the entry named {@code target}: cross-linked files
     * (FAT32 layout per Microsoft's FAT specification §6).
     */
    public static void crossLink(Path img, long partStart, String target, java.util.Set<String> aliases)
            throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            byte[] bs = new byte[512];
            f.seek(partStart);
            f.readFully(bs);
            int bps = LittleEndian.u16(bs, 11);
            int spc = LittleEndian.u8(bs, 13);
            long fatStart = partStart + (long) LittleEndian.u16(bs, 14) * bps;
            long dataStart = fatStart + LittleEndian.u8(bs, 16) * LittleEndian.u32(bs, 36) * bps;
            long clusterBytes = (long) spc * bps;
            java.util.List<Long> dirEntries = new java.util.ArrayList<>();
            for (long c = LittleEndian.u32(bs, 44); c >= 2 && c < 0x0FFFFFF8L; c = fat32(f, fatStart, c)) {
                long at = dataStart + (c - 2) * clusterBytes;
                for (long e = at; e < at + clusterBytes; e += 32) {
                    dirEntries.add(e);
                }
            }
            byte[] targetEntry = null;
            for (long e : dirEntries) {
                byte[] d = entry(f, e);
                if (new String(d, 0, 11, java.nio.charset.StandardCharsets.US_ASCII).equals(target)) {
                    targetEntry = d;
                }
            }
            if (targetEntry == null) {
                throw new IllegalStateException(target + " not found");
            }
            int linked = 0;
            for (long e : dirEntries) {
                byte[] d = entry(f, e);
                if (d[11] != 0x0F && aliases.contains(new String(d, 0, 11, java.nio.charset.StandardCharsets.US_ASCII))) {
                    System.arraycopy(targetEntry, 0x14, d, 0x14, 2);
                    System.arraycopy(targetEntry, 0x1A, d, 0x1A, 6);
                    f.seek(e);
                    f.write(d);
                    linked++;
                }
            }
            if (linked != aliases.size()) {
                throw new IllegalStateException("found " + linked + " of " + aliases.size() + " aliases");
            }
        }
    }

    private static byte[] entry(RandomAccessFile f, long at) throws IOException {
        byte[] d = new byte[32];
        f.seek(at);
        f.readFully(d);
        return d;
    }

    private static long fat32(RandomAccessFile f, long fatStart, long cluster) throws IOException {
        byte[] e = new byte[4];
        f.seek(fatStart + cluster * 4);
        f.readFully(e);
        return LittleEndian.u32(e, 0) & 0x0FFFFFFFL;
    }
}
