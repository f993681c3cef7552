package dev.preflight.core.image;

import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.tukaani.xz.SeekableFileInputStream;
import org.tukaani.xz.SeekableXZInputStream;
import org.tukaani.xz.XZInputStream;

/** The {@link Rewindable} for xz files, with the memory their first block asks for. */
final class XzDecoders {
    private XzDecoders() {
    }

    /**
     * xz through its index: multi-block files (what {@code xz -T0} writes) seek straight to the
     * block holding a position; single-block files decompress from the start like gzip. A file
     * without its footer (cut short) has no index, and is read as a plain stream.
     */
    static Rewindable open(Path path, ReadBudget budget, String name) throws IOException {
        long dict = StreamEnds.xzFirstDictionary(path);
        // what the first block asks for (later blocks asking more meet the limit); unknown: the most allowed
        long memory = Math.min(dict > 0 ? dict : Long.MAX_VALUE, Decoders.XZ_MEMORY_LIMIT_KIB * 1024L)
                + Decoders.DECODER_OVERHEAD;
        int limitKib = (int) (memory >> 10);
        String damage = StreamEnds.xzDamage(path);
        if (damage != null) {
            return Decoders.restarting(damage, -1, memory, Decoders.file(path),
                    raw -> new XZInputStream(raw, limitKib));
        }
        File file = path.toFile();
        SeekableXZInputStream xz = seekable(file, Decoders.XZ_MEMORY_LIMIT_KIB);
        int indexKib = xz.getIndexMemoryUsage();
        if (limitKib + (long) indexKib < Decoders.XZ_MEMORY_LIMIT_KIB) {
            xz.close();
            xz = seekable(file, limitKib + indexKib);
        }
        return new SeekableXz(xz, memory + indexKib * 1024L, budget, name);
    }

    private static SeekableXZInputStream seekable(File file, int limitKib) throws IOException {
        SeekableFileInputStream raw = new SeekableFileInputStream(file);
        try {
            return new SeekableXZInputStream(raw, limitKib);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** A seekable xz file; the decompression a seek does inside a block is charged to the budget. */
    private static final class SeekableXz implements Rewindable {
        private final SeekableXZInputStream xz;
        private final boolean multiBlock;
        private final long memory;
        private final ReadBudget budget;
        private final String name;
        private long start;

        SeekableXz(SeekableXZInputStream xz, long memory, ReadBudget budget, String name) {
            this.xz = xz;
            this.multiBlock = xz.getBlockCount() > 1 && xz.getLargestBlockSize() <= Decoders.XZ_SEEK_BLOCK_LIMIT;
            this.memory = memory;
            this.budget = budget;
            this.name = name;
        }

        @Override
        public InputStream streamAt(long position) throws IOException {
            long target = Math.min(position, xz.length());
            if (target > 0 && target < xz.length()) {
                budget.charge(target - xz.getBlockPos(xz.getBlockNumber(target)), name);
            }
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
        public long memory() {
            return memory;
        }

        @Override
        public void close() throws IOException {
            xz.close();
        }
    }

}
