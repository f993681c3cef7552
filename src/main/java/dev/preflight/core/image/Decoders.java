package dev.preflight.core.image;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.deflate64.Deflate64CompressorInputStream;
import org.tukaani.xz.XZInputStream;

/** The {@link Rewindable} decoders for each container. */
final class Decoders {
    /** xz refuses streams whose dictionary would need more than this (KiB): hostile headers. */
    static final int XZ_MEMORY_LIMIT_KIB = 256 * 1024;
    /** Multi-block xz files whose largest block is bigger than this are read as a stream, not sought. */
    static final long XZ_SEEK_BLOCK_LIMIT = 256L << 20;
    /** Heap a decoder holds besides its dictionary (buffers, tables), counted against the heap allowance. */
    static final long DECODER_OVERHEAD = 1L << 20;
    /** xz inside a zip has no header read ahead of time: its dictionary may be up to this (KiB). */
    static final int ZIP_XZ_LIMIT_KIB = 64 * 1024;
    /** bzip2 -9 decoding tables (900 k block, 4 bytes per byte, plus slack). */
    static final long BZIP2_MEMORY = 5L << 20;

    private Decoders() {
    }

    interface StreamFactory {
        InputStream open(Tracked raw) throws IOException;
    }

    /** The compressed bytes as read by a decoder, remembering whether their end was reached. */
    static final class Tracked extends FilterInputStream {
        boolean ended;

        Tracked(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            ended |= n < 0;
            return n;
        }
    }

    /** Decoders that can only start over from the beginning. */
    static Rewindable restarting(String damage, long knownSize, long memory, Opener source, StreamFactory factory) {
        return new Rewindable() {
            private Tracked current;

            @Override
            public InputStream streamAt(long position) throws IOException {
                InputStream raw;
                try {
                    raw = source.open();
                } catch (IOException e) {
                    throw new MediumReadException("Opening the compressed data again failed (" + e.getMessage() + ")", e);
                }
                current = new Tracked(raw);
                try {
                    return factory.open(current);
                } catch (IOException | RuntimeException e) {
                    current.close();
                    throw e;
                }
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
            public boolean inputEnded() {
                return current != null && current.ended;
            }

            @Override
            public String damage() {
                return damage;
            }

            @Override
            public long memory() {
                return memory;
            }

            @Override
            public void close() {
                // each stream is closed by the source when it is replaced
            }
        };
    }

    interface Opener {
        InputStream open() throws IOException;
    }

    static Opener file(Path p) {
        return () -> new BufferedInputStream(medium(p, Files.newInputStream(p)), 1 << 16);
    }

    /** The file's own I/O errors are the medium failing, never bad compressed data. */
    static InputStream medium(Path p, InputStream raw) {
        return new FilterInputStream(raw) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (IOException e) {
                    throw new MediumReadException("Reading " + p + " failed (" + e.getMessage() + ")", e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (IOException e) {
                    throw new MediumReadException("Reading " + p + " failed (" + e.getMessage() + ")", e);
                }
            }
        };
    }

    static Rewindable gzip(Path file) throws IOException {
        return restarting(StreamEnds.gzipSuspicion(file), -1, DECODER_OVERHEAD, file(file),
                raw -> new GZIPInputStream(raw, 1 << 16));
    }

    static Rewindable bzip2(Path file) throws IOException {
        return restarting(StreamEnds.bzip2Damage(file), -1, BZIP2_MEMORY, file(file),
                raw -> new BZip2CompressorInputStream(raw, true));
    }

    static Rewindable zstd(Path file, ReadBudget budget, String name) throws IOException {
        StreamEnds.ZstdFrames frames = StreamEnds.zstdFrames(file, budget, name);
        return restarting(frames.damage(), frames.damage() == null ? frames.contentSize() : -1, DECODER_OVERHEAD,
                file(file), raw -> new ZstdInputStream(raw, RecyclingBufferPool.INSTANCE));
    }

    /** The data of one zip entry, decoded by its method (APPNOTE §4.4.5); {@code null} for unknown methods. */
    static Rewindable zipEntry(Path file, ZipArchive.Entry entry, long dataStart) {
        Opener region = () -> {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            ch.position(dataStart);
            InputStream raw = new BufferedInputStream(medium(file, Channels.newInputStream(ch)), 1 << 16);
            return new BoundedInput(raw, entry.compressedSize());
        };
        long size = entry.size() >= 0 ? entry.size() : -1;
        switch (entry.method()) {
            case 0:
                return restarting(null, size, 0, region, raw -> raw);
            case 8:
                return restarting(null, size, DECODER_OVERHEAD, region, Decoders::inflate);
            case 9:
                return restarting(null, size, DECODER_OVERHEAD, region, Deflate64CompressorInputStream::new);
            case 12:
                return restarting(null, size, BZIP2_MEMORY, region, raw -> new BZip2CompressorInputStream(raw, true));
            case 93:
                return restarting(null, size, DECODER_OVERHEAD, region,
                        raw -> new ZstdInputStream(raw, RecyclingBufferPool.INSTANCE));
            case 95:
                return restarting(null, size, (ZIP_XZ_LIMIT_KIB << 10) + DECODER_OVERHEAD, region,
                        raw -> new XZInputStream(raw, ZIP_XZ_LIMIT_KIB));
            default:
                return null;
        }
    }

    /** Raw deflate; the extra zero byte is what zlib's nowrap mode may want after the data. */
    private static InputStream inflate(InputStream raw) {
        Inflater inf = new Inflater(true);
        InputStream padded = new SequenceInputStream(raw, new ByteArrayInputStream(new byte[1]));
        return new InflaterInputStream(padded, inf, 1 << 16) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    inf.end();
                }
            }
        };
    }

    /** At most {@code limit} bytes of a stream. */
    static final class BoundedInput extends FilterInputStream {
        private long left;

        BoundedInput(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            left -= b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            left -= Math.max(n, 0);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(Math.min(n, left));
            left -= s;
            return s;
        }
    }
}
