package dev.preflight.core.ext4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.support.ByteArraySource;
import dev.preflight.support.HangGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * 12,000 mutated copies of the committed ext4 fixture (superblock, group descriptor, the inodes of
 * the root, an inline file, an extent-mapped file and an htree folder, and those folders' blocks):
 * opening and walking the whole tree either works or ends in an Ext4FormatException that says why.
 * Never another exception, never more than the read budget, never a hang.
 */
class Ext4FuzzTest {
    record Mutation(int region, int offset, int value) {
    }

    static final long BUDGET = 8 << 20;
    static byte[] base;
    /** {start, length} pairs of the metadata worth damaging. */
    static List<int[]> regions = new ArrayList<>();

    @BeforeContainer
    static void load() throws Exception {
        base = Ext4Images.smallFixture();
        Ext4FileSystem fs = Ext4FileSystem.open(new ByteArraySource("fixture", base), 0, base.length);
        Ext4Geometry geo = Ext4Geometry.parse(java.util.Arrays.copyOfRange(base, 1024, 2048), base.length);
        int bs = geo.blockSize();
        regions.add(new int[] {1024, 1024});
        regions.add(new int[] {(int) (geo.firstDataBlock() + 1) * bs, geo.descSize()});
        long table = dev.preflight.core.bytes.LittleEndian.u32(base, (int) (geo.firstDataBlock() + 1) * bs + 8);
        for (String path : List.of("/", "/apps.json", "/medium-inline.txt", "/docker/image/overlay2/big.txt", "/many")) {
            Ext4Inode inode = fs.resolve(path);
            regions.add(new int[] {(int) (table * bs + (inode.number() - 1) * geo.inodeSize()), geo.inodeSize()});
        }
        for (String dir : List.of("/", "/many")) {
            for (Ext4BlockMap.Run r : Ext4BlockMap.map(geo, null, fs.resolve(dir), 3)) {
                for (long b = 0; b < r.length(); b++) {
                    regions.add(new int[] {(int) ((r.physical() + b) * bs), bs});
                }
            }
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> m = Combinators.combine(Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 1 << 16), Arbitraries.integers().between(0, 255)).as(Mutation::new);
        return m.list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 12_000, seed = "20261202")
    void mutatedFileSystemsFailCleanly(@ForAll("mutations") List<Mutation> ms) {
        int[] at = new int[ms.size()];
        byte[] saved = new byte[ms.size()];
        for (int i = 0; i < ms.size(); i++) {
            int[] r = regions.get(ms.get(i).region() % regions.size());
            at[i] = r[0] + ms.get(i).offset() % r[1];
            saved[i] = base[at[i]];
            base[at[i]] = (byte) ms.get(i).value();
        }
        try {
            HangGuard.within(Duration.ofSeconds(10), () -> walkAll(base));
        } finally {
            for (int i = ms.size() - 1; i >= 0; i--) {
                base[at[i]] = saved[i];
            }
        }
    }

    private static void walkAll(byte[] image) {
        try {
            Ext4FileSystem fs = Ext4FileSystem.open(new ByteArraySource("fuzz", image), 0, image.length, BUDGET);
            try {
                walk(fs, "/", 0, new int[1]);
            } finally {
                assertThat(fs.bytesRead()).isLessThanOrEqualTo(BUDGET);
            }
        } catch (Ext4FormatException e) {
            assertThat(e.getMessage()).isNotBlank();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void walk(Ext4FileSystem fs, String dir, int depth, int[] seen)
            throws IOException, Ext4FormatException {
        List<Ext4Directory.Entry> entries = fs.list(dir);
        if (entries == null || depth > 8) {
            return;
        }
        for (Ext4Directory.Entry e : entries) {
            if (++seen[0] > 2000) {
                return;
            }
            String path = dir + (dir.endsWith("/") ? "" : "/") + e.name();
            Ext4Inode inode = fs.resolve(path);
            if (inode != null && inode.isDirectory()) {
                walk(fs, path, depth + 1, seen);
            } else if (inode != null && inode.isRegularFile()) {
                byte[] b = fs.read(path, 1 << 20);
                assertThat(b.length).isLessThanOrEqualTo(1 << 20);
            }
        }
    }
}
