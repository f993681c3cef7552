package dev.preflight.core.ext4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.preflight.support.ByteArraySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * File systems made by mkfs.ext4 -d (e2fsprogs) in many shapes, read back file by file and folder
 * by folder against the tree they were made from. Skipped, with the reason, without e2fsprogs; the
 * committed fixture (Ext4FixtureTest) still runs then.
 */
class Ext4MkfsShapesTest {
    @TempDir
    static Path tmp;
    static Path tree;

    @BeforeAll
    static void tree() throws IOException {
        assumeTrue(Ext4Images.mkfs() != null, "mkfs.ext4 is not installed (apt-get install e2fsprogs); "
                + "only the committed ext4 fixture is tested");
        tree = tmp.resolve("tree");
        Random r = new Random(20261202);
        Files.createDirectories(tree.resolve("many"));
        Files.write(tree.resolve("empty"), new byte[0]);
        Files.write(tree.resolve("tiny.json"), "{\"a\":1}".getBytes());
        Files.write(tree.resolve("inline-edge"), bytes(r, 60));
        Files.write(tree.resolve("hundred"), bytes(r, 100)); // i_block (60) + the system.data attribute
        Files.write(tree.resolve("block-and-a-bit"), bytes(r, 4097));
        Files.write(tree.resolve("big.bin"), bytes(r, 3 << 20)); // past the double-indirect start with 1 KiB blocks
        for (int i = 0; i < 1500; i++) {
            Files.write(tree.resolve("many/a-rather-long-file-name-number-" + i), ("n" + i).getBytes());
        }
        Path deep = tree;
        for (int i = 0; i < 30; i++) {
            deep = deep.resolve("d" + i);
        }
        Files.createDirectories(deep);
        Files.write(deep.resolve("bottom"), bytes(r, 5000));
        Files.createSymbolicLink(tree.resolve("link"), Path.of("tiny.json"));
    }

    static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    @ParameterizedTest(name = "mkfs.ext4 {0}")
    @ValueSource(strings = {
        "-b 4096",
        "-b 1024",
        "-b 2048 -O ^64bit",
        "-b 1024 -O ^extents,^64bit",
        "-b 4096 -O ^extents,^64bit,^has_journal,^metadata_csum,^flex_bg",
        "-b 4096 -O inline_data",
        "-b 1024 -O inline_data,^metadata_csum",
        "-b 4096 -I 128",
        "-b 4096 -O 64bit -E desc_size=128"})
    void readsEveryFileAndFolderBack(String options) throws Exception {
        Path img = tmp.resolve("fs-" + options.hashCode() + ".img");
        Ext4Images.make(tree, img, "48M", true, options.split(" "));
        byte[] bytes = Files.readAllBytes(img);
        Files.delete(img);
        {
            Ext4FileSystem fs = Ext4FileSystem.open(new ByteArraySource(options, bytes), 0, bytes.length);
            int files = compare(fs, tree, "");
            assertThat(files).isEqualTo(1500 + 7);
            assertThat(fs.resolve("/many").has(Ext4Inode.FLAG_INDEX)).as("many/ is an htree").isTrue();
            if (options.contains("^extents")) {
                assertThat(fs.resolve("/big.bin").has(Ext4Inode.FLAG_EXTENTS)).isFalse();
            }
            if (options.contains("inline_data")) {
                assertThat(fs.resolve("/tiny.json").has(Ext4Inode.FLAG_INLINE_DATA)).isTrue();
                assertThat(fs.resolve("/hundred").has(Ext4Inode.FLAG_INLINE_DATA)).as("beyond i_block").isTrue();
            }
            assertThat(fs.resolve("/link")).as("links are not followed").isNull();
        }
    }

    private static int compare(Ext4FileSystem fs, Path dir, String at) throws Exception {
        List<Ext4Directory.Entry> listed = fs.list(at.isEmpty() ? "/" : at);
        Set<String> expected = new HashSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> expected.add(p.getFileName().toString()));
        }
        if (at.isEmpty()) {
            expected.add("lost+found");
        }
        assertThat(listed).extracting(Ext4Directory.Entry::name).containsExactlyInAnyOrderElementsOf(expected);
        int files = 0;
        for (Ext4Directory.Entry e : listed) {
            Path p = dir.resolve(e.name());
            String path = at + "/" + e.name();
            if (e.name().equals("lost+found")) {
                continue;
            }
            if (Files.isSymbolicLink(p)) {
                assertThat(e.isSymlink()).isTrue();
                assertThat(fs.read(path, 100)).as("links are not followed").isNull();
            } else if (Files.isDirectory(p)) {
                assertThat(e.isDirectory()).isTrue();
                files += compare(fs, p, path);
            } else {
                assertThat(fs.read(path, 4 << 20)).as(path).isEqualTo(Files.readAllBytes(p));
                files++;
            }
        }
        return files;
    }
}
