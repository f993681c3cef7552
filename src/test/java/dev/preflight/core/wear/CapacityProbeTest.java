package dev.preflight.core.wear;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.image.Disk;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import dev.preflight.support.ForwardingDisk;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fake-capacity probe against simulated cards that behave like genuine and counterfeit ones. */
class CapacityProbeTest {
    static final long GIB = 1L << 30;

    /**
     * A sparse in-memory card of {@code claimed} bytes whose flash really holds {@code real} bytes:
     * "wrap" maps every address modulo the real size (a wrap-around fake); "limbo" drops writes past
     * the real end and reads zeros there.
     */
    static final class SimulatedCard implements Disk {
        final long claimed;
        final long real;
        final boolean wrap;
        final Map<Long, byte[]> blocks;

        SimulatedCard(long claimed, long real, boolean wrap, Map<Long, byte[]> blocks) {
            this.claimed = claimed;
            this.real = real;
            this.wrap = wrap;
            this.blocks = blocks;
        }

        private Long physical(long block) {
            long addr = block * 4096;
            if (addr < real) {
                return block;
            }
            return wrap ? (addr % real) / 4096 : null;
        }

        /**
         * A piece of a read or write that falls in one 4 KiB block: the physical block the card keeps it
         * in (null where it keeps nothing), where it starts in that block and in the caller's buffer.
         */
        interface Piece {
            void at(Long flash, int within, int at, int length);
        }

        /** Splits {@code length} bytes at {@code position} into pieces of one block each. */
        private void pieces(long position, int length, Piece piece) throws IOException {
            if (position + length > claimed) {
                throw new IOException("beyond the end");
            }
            for (int i = 0; i < length; ) {
                int within = (int) ((position + i) % 4096);
                int n = Math.min(4096 - within, length - i);
                piece.at(physical((position + i) / 4096), within, i, n);
                i += n;
            }
        }

        @Override
        public void read(long position, byte[] buf) throws IOException {
            pieces(position, buf.length, (p, within, at, n) -> {
                byte[] b = p == null ? null : blocks.get(p);
                for (int k = 0; k < n; k++) {
                    buf[at + k] = b == null ? 0 : b[within + k];
                }
            });
        }

        @Override
        public void write(long position, byte[] buf) throws IOException {
            pieces(position, buf.length, (p, within, at, n) -> {
                if (p != null) {
                    System.arraycopy(buf, at, blocks.computeIfAbsent(p, x -> new byte[4096]), within, n);
                }
            });
        }

        @Override
        public void force() {
        }

        @Override
        public long size() {
            return claimed;
        }

        @Override
        public void close() {
        }
    }

    static CapacityProbe.Result probe(long claimed, long real, boolean wrap) throws IOException {
        Map<Long, byte[]> flash = new HashMap<>();
        SimulatedCard card = new SimulatedCard(claimed, real, wrap, flash);
        return new CapacityProbe(0x5eed, 256, 0).run(card, () -> new SimulatedCard(claimed, real, wrap, flash), claimed,
                ProgressListener.NONE, CancellationToken.none());
    }

    @Test
    void aGenuineCardPasses() throws IOException {
        CapacityProbe.Result r = probe(16 * GIB, 16 * GIB, false);
        assertThat(r.fake()).isFalse();
        assertThat(r.good()).isEqualTo(r.samples());
        assertThat(r.samples()).isGreaterThanOrEqualTo(256);
        assertThat(r.usableBytes()).isEqualTo(16 * GIB);
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void aWrapAroundFakeIsCaughtAndItsRealSizeEstimated() throws IOException {
        CapacityProbe.Result r = probe(64 * GIB, 8 * GIB, true);
        assertThat(r.fake()).isTrue();
        assertThat(r.aliased()).isGreaterThan(0);
        assertThat(r.usableBytes()).isBetween(8 * GIB - (1L << 20), 8 * GIB + 4096);
        assertThat(r.findings()).extracting(Finding::code).containsExactly(FindingCode.CAPACITY_FAKE);
        assertThat(r.findings().get(0).message()).contains("65536 MiB").contains("about 8");
    }

    /** A file-backed counterfeit: a 256 MiB sparse file answering for a claimed 2 GiB, addresses wrapped. */
    @Test
    void aFileBackedWrapAroundFakeIsCaught(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        java.nio.file.Path file = dir.resolve("fake-card.img");
        long real = 256L << 20;
        long claimed = 2 * GIB;
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(real);
        }
        CapacityProbe.Reopener open = () -> {
            java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                    java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE);
            return new ForwardingDisk(Disk.of(ch, real)) {
                @Override
                public void read(long position, byte[] buf) throws IOException {
                    inner.read(position % real, buf);
                }

                @Override
                public void write(long position, byte[] buf) throws IOException {
                    inner.write(position % real, buf);
                }

                @Override
                public long size() {
                    return claimed;
                }
            };
        };
        CapacityProbe.Result r = new CapacityProbe(42, 256, 0).run(open.reopen(), open, claimed, ProgressListener.NONE,
                CancellationToken.none());
        assertThat(r.fake()).isTrue();
        assertThat(r.aliased()).isGreaterThan(0);
        assertThat(r.usableBytes()).isBetween(real - (1L << 20), real + 4096);
    }

    @Test
    void aLimboFakeThatDropsWritesIsCaught() throws IOException {
        CapacityProbe.Result r = probe(32 * GIB, 4 * GIB + (300L << 20), false);
        assertThat(r.fake()).isTrue();
        assertThat(r.lost()).isGreaterThan(0);
        assertThat(r.aliased()).isZero();
        assertThat(r.usableBytes()).isBetween(4 * GIB + (299L << 20), 4 * GIB + (300L << 20) + 4096);
    }
}
