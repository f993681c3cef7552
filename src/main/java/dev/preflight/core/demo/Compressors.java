package dev.preflight.core.demo;

import com.github.luben.zstd.ZstdOutputStream;
import dev.preflight.core.image.Compression;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Writes compressed copies of an image, as download sites and users do. */
public final class Compressors {
    private Compressors() {
    }

    /**
     * Compresses {@code raw} into {@code out}.
     *
     * @param xzBlockBytes for xz: start a new block every this many input bytes (like {@code xz -T0});
     *                     0 for one block
     */
    public static void compress(Path raw, Path out, Compression c, long xzBlockBytes) throws IOException {
        Files.deleteIfExists(out);
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16);
             InputStream in = Files.newInputStream(raw)) {
            switch (c) {
                case GZIP:
                    try (GZIPOutputStream gz = new GZIPOutputStream(file, 1 << 16)) {
                        in.transferTo(gz);
                    }
                    break;
                case BZIP2:
                    try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(file)) {
                        in.transferTo(bz);
                    }
                    break;
                case ZSTD:
                    try (ZstdOutputStream z = new ZstdOutputStream(file, 3)) {
                        in.transferTo(z);
                    }
                    break;
                case ZIP:
                    try (ZipOutputStream zip = new ZipOutputStream(file)) {
                        String name = raw.getFileName().toString();
                        zip.putNextEntry(new ZipEntry(name.endsWith(".img") ? name : name + ".img"));
                        in.transferTo(zip);
                        zip.closeEntry();
                    }
                    break;
                case XZ:
                    try (XZOutputStream xz = new XZOutputStream(file, new LZMA2Options(1))) {
                        copyXz(in, xz, xzBlockBytes);
                    }
                    break;
                default:
                    in.transferTo(file);
            }
        }
    }

    private static void copyXz(InputStream in, XZOutputStream xz, long blockBytes) throws IOException {
        byte[] buf = new byte[1 << 16];
        long inBlock = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            xz.write(buf, 0, n);
            inBlock += n;
            if (blockBytes > 0 && inBlock >= blockBytes) {
                xz.endBlock();
                inBlock = 0;
            }
        }
    }
}
