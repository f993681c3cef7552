package dev.preflight.support;

import dev.preflight.core.partition.Le;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/** Hostile inputs, built byte by byte as a reviewer built them by hand, each small on disk. */
public final class Hostile {
    private Hostile() {
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
            int bps = Le.u16(bs, 11);
            int spc = Le.u8(bs, 13);
            long fatStart = partStart + (long) Le.u16(bs, 14) * bps;
            long dataStart = fatStart + Le.u8(bs, 16) * Le.u32(bs, 36) * bps;
            long clusterBytes = (long) spc * bps;
            java.util.List<Long> dirEntries = new java.util.ArrayList<>();
            for (long c = Le.u32(bs, 44); c >= 2 && c < 0x0FFFFFF8L; c = fat32(f, fatStart, c)) {
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
        return Le.u32(e, 0) & 0x0FFFFFFFL;
    }

}
