package dev.preflight.core.image;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.SeekableFileInputStream;
import org.tukaani.xz.SeekableXZInputStream;

/** The {@link Rewindable} decoders for each container. */
final class Decoders {
    /** xz refuses streams whose dictionary would need more than this (KiB): hostile headers. */
    static final int XZ_MEMORY_LIMIT_KIB = 256 * 1024;

    private Decoders() {
    }

    interface StreamFactory {
        InputStream open() throws IOException;
    }

    /** Decoders that can only start over from the beginning. */
    static Rewindable restarting(StreamFactory factory, long knownSize, Closeable onClose) {
        return new Rewindable() {
            @Override
            public InputStream streamAt(long position) throws IOException {
                return factory.open();
            }

            @Override
            public long streamStart() {
                return 0;
            }

            @Override
            public long knownSize() {
                return knownSize;
            }

            @Override
            public boolean seekable() {
                return false;
            }

            @Override
            public void close() throws IOException {
                if (onClose != null) {
                    onClose.close();
                }
            }
        };
    }

    interface Closeable {
        void close() throws IOException;
    }

    static Rewindable gzip(Path file) {
        return restarting(() -> new GZIPInputStream(
                new BufferedInputStream(Files.newInputStream(file), 1 << 16), 1 << 16), -1, null);
    }

    static Rewindable bzip2(Path file) {
        return restarting(() -> new BZip2CompressorInputStream(
                new BufferedInputStream(Files.newInputStream(file), 1 << 16), true), -1, null);
    }

    static Rewindable zstd(Path file) {
        return restarting(() -> new ZstdInputStream(
                new BufferedInputStream(Files.newInputStream(file), 1 << 16)), -1, null);
    }

    static Rewindable zipEntry(ZipFile zip, ZipArchiveEntry entry) {
        long size = entry.getSize();
        return restarting(() -> new BufferedInputStream(zip.getInputStream(entry), 1 << 16),
                size >= 0 ? size : -1, zip::close);
    }

    /**
     * xz through its index: multi-block files (what {@code xz -T0} writes) seek straight to the
     * block holding a position; single-block files decompress from the start like gzip.
     */
    static Rewindable xz(File file) throws IOException {
        SeekableFileInputStream raw = new SeekableFileInputStream(file);
        SeekableXZInputStream xz;
        try {
            xz = new SeekableXZInputStream(raw, XZ_MEMORY_LIMIT_KIB);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
        boolean multiBlock = xz.getBlockCount() > 1;
        return new Rewindable() {
            private long start;

            @Override
            public InputStream streamAt(long position) throws IOException {
                long target = Math.min(position, xz.length());
                xz.seek(target);
                start = target;
                return new FilterInputStream(xz) {
                    @Override
                    public void close() {
                        // the seekable stream is shared; closed with the source
                    }
                };
            }

            @Override
            public long streamStart() {
                return start;
            }

            @Override
            public long knownSize() {
                return xz.length();
            }

            @Override
            public boolean seekable() {
                return multiBlock;
            }

            @Override
            public void close() throws IOException {
                xz.close();
            }
        };
    }
}
