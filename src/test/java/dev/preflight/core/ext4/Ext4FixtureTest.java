package dev.preflight.core.ext4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.preflight.support.ByteArraySource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The committed fixture (scripts/make-ext4-fixture.sh): runs without e2fsprogs. */
class Ext4FixtureTest {
    byte[] image;
    Ext4FileSystem fs;

    @BeforeEach
    void open() throws Exception {
        image = Ext4Images.smallFixture();
        fs = Ext4FileSystem.open(new ByteArraySource("small-1k", image), 0, image.length);
    }

    @Test
    void readsInlineFilesFromIBlockAndTheSystemDataAttribute() throws Exception {
        assertThat(fs.resolve("/apps.json").has(Ext4Inode.FLAG_INLINE_DATA)).isTrue();
        assertThat(new String(fs.read("/apps.json", 1000), StandardCharsets.US_ASCII)).isEqualTo("{\"apps\":{}}\n");
        assertThat(fs.read("/medium-inline.txt", 1000)).hasSize(100).containsOnly((byte) 'x');
        assertThat(fs.read("/remove_me_to_reset", 10)).isEmpty();
    }

    @Test
    void readsAMultiBlockFileThroughItsExtents() throws Exception {
        byte[] big = fs.read("docker/image/overlay2/big.txt", 1 << 20);
        assertThat(big).hasSize(4800 * 32);
        String s = new String(big, StandardCharsets.US_ASCII);
        assertThat(s.substring(0, 32)).isEqualTo(String.format("%-31s\n", "line 0"));
        assertThat(s.substring(4799 * 32)).isEqualTo(String.format("%-31s\n", "line 4799"));
    }

    @Test
    void listsAHashedDirectoryLinearly() throws Exception {
        assertThat(fs.resolve("/many").has(Ext4Inode.FLAG_INDEX)).as("the fixture's folder is an htree").isTrue();
        List<Ext4Directory.Entry> names = fs.list("/many");
        assertThat(names).hasSize(300);
        assertThat(names).extracting(Ext4Directory.Entry::name).contains("entry-0001.txt", "entry-0300.txt");
        assertThat(new String(fs.read("/many/entry-0123.txt", 100), StandardCharsets.US_ASCII)).isEqualTo("file 123\n");
    }

    @Test
    void followsDeepPathsButNeverSymlinks() throws Exception {
        assertThat(fs.read("/a/b/c/d/e/f/leaf.txt", 100)).isEqualTo("deep\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(fs.list("/")).filteredOn(e -> e.name().equals("link")).singleElement()
                .matches(Ext4Directory.Entry::isSymlink);
        assertThat(fs.read("/link", 100)).isNull();
        assertThat(fs.read("/missing", 100)).isNull();
        assertThat(fs.list("/apps.json")).isNull();
    }

    @Test
    void refusesAFileAboveTheCallersBound() {
        assertThatThrownBy(() -> fs.read("docker/image/overlay2/big.txt", 4096))
                .isInstanceOf(Ext4FormatException.class).hasMessageContaining("more than the 4096 read at most");
    }

    @Test
    void stopsAtItsReadBudget() throws Exception {
        Ext4FileSystem small = Ext4FileSystem.open(new ByteArraySource("small-1k", image), 0, image.length, 64 << 10);
        assertThatThrownBy(() -> small.read("docker/image/overlay2/big.txt", 1 << 20))
                .isInstanceOf(Ext4FormatException.class).hasMessageContaining("more than 0 MiB");
        assertThat(small.bytesRead()).isLessThanOrEqualTo(64 << 10);
    }

    @Test
    void refusesASuperblockClaimingMoreBlocksThanThePartition() {
        assertThatThrownBy(() -> Ext4FileSystem.open(new ByteArraySource("small-1k", image), 0, image.length / 2))
                .isInstanceOf(Ext4FormatException.class).hasMessageContaining("more than the partition holds");
        byte[] zeros = new byte[4096];
        assertThatThrownBy(() -> Ext4FileSystem.open(new ByteArraySource("zeros", zeros), 0, zeros.length))
                .isInstanceOf(Ext4FormatException.class).hasMessageContaining("magic");
    }
}
