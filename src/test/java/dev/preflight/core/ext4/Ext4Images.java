package dev.preflight.core.ext4;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/** ext4 file systems for tests: the committed fixture, or one made by mkfs.ext4 -d from a folder. */
public final class Ext4Images {
    private Ext4Images() {
    }

    /** The fixture built by scripts/make-ext4-fixture.sh (1 KiB blocks, inline data, an htree folder). */
    public static byte[] smallFixture() throws IOException {
        try (InputStream in = new GZIPInputStream(Ext4Images.class.getResourceAsStream("/ext4/small-1k.ext4.gz"))) {
            return in.readAllBytes();
        }
    }

    /** The mkfs.ext4 program, or null when e2fsprogs is not installed. */
    public static Path mkfs() {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin")) {
            Path p = Path.of(dir, "mkfs.ext4");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Runs {@code mkfs.ext4 -q -F -d root [options] image size}, then e2fsck -fyD when {@code index}. */
    public static void make(Path root, Path image, String size, boolean index, String... options)
            throws IOException, InterruptedException {
        Path mkfs = mkfs();
        List<String> cmd = new ArrayList<>(List.of(mkfs.toString(), "-q", "-F", "-E", "root_owner=0:0", "-d",
                root.toString()));
        cmd.addAll(List.of(options));
        cmd.add(image.toString());
        cmd.add(size);
        run(cmd, 0);
        if (index) {
            // mkfs.ext4 -d writes linear folders; e2fsck -D indexes the big ones (htree), as the kernel does
            run(List.of(mkfs.resolveSibling("e2fsck").toString(), "-fyD", image.toString()), 1);
        }
    }

    private static void run(List<String> cmd, int okUpTo) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() > okUpTo) {
            throw new IOException(cmd + " failed: " + out);
        }
    }
}
