package dev.preflight.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.preflight.core.demo.BalenaImageBuilder;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.ext4.Ext4Images;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * balenaOS images with a real ext4 resin-data (or resin-state): the image comes from
 * {@link BalenaImageBuilder}, the file system from mkfs.ext4 -d over a folder, written over the
 * partition. Tests using it are skipped, with the reason, where e2fsprogs is not installed.
 */
public final class Preloads {
    public static final String CONFIG = "{\"applicationId\":1234567,\"deviceType\":\"raspberrypi4-64\","
            + "\"apiEndpoint\":\"https://api.balena-cloud.com\",\"uuid\":\"0123456789abcdef0123456789abcdef\"}";

    private Preloads() {
    }

    public static void assumeMkfs() {
        assumeTrue(Ext4Images.mkfs() != null, "mkfs.ext4 is not installed (apt-get install e2fsprogs): "
                + "images with a real resin-data cannot be built");
    }

    /** The engine store's repositories.json listing {@code images} (each its own repository, by digest). */
    public static String repositories(String... images) {
        StringBuilder s = new StringBuilder("{\"Repositories\":{");
        for (int i = 0; i < images.length; i++) {
            String repo = images[i].substring(0, images[i].indexOf('@'));
            s.append(i == 0 ? "" : ",").append('"').append(repo).append("\":{\"").append(images[i])
                    .append("\":\"sha256:").append(String.format("%064x", i + 1)).append("\"}");
        }
        s.append(images.length == 0 ? "" : ",")
                .append("\"balena/aarch64-supervisor\":{\"balena/aarch64-supervisor:v17.0.0\":\"sha256:")
                .append("9".repeat(64)).append("\"}}}");
        return s.toString();
    }

    /**
     * Builds {@code spec} into {@code dir} and replaces partition {@code index} (0-based in the builder's
     * layout; the last is resin-data) with an ext4 file system labelled {@code label} holding {@code files}
     * (path relative to the file system root; content).
     */
    public static Path image(Path dir, ImageSpec spec, int index, String label, Map<String, byte[]> files)
            throws IOException, InterruptedException {
        assumeMkfs();
        Path img = dir.resolve("card-" + label + ".img");
        BalenaImageBuilder.Layout layout = BalenaImageBuilder.build(spec, img);
        long[] part = layout.partitions().get(index < 0 ? layout.partitions().size() + index : index);
        Path tree = Files.createTempDirectory(dir, "tree");
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = tree.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
        Path fs = dir.resolve(label + ".ext4");
        Ext4Images.make(tree, fs, (part[1] >> 10) + "k", false, "-b", "4096", "-L", label);
        try (RandomAccessFile out = new RandomAccessFile(img.toFile(), "rw")) {
            out.seek(part[0]);
            out.write(Files.readAllBytes(fs));
        }
        return img;
    }

    /** {@link #image} for resin-data. */
    public static Path data(Path dir, Map<String, byte[]> files) throws IOException, InterruptedException {
        return image(dir, ImageSpec.raspberryPi().configJson(CONFIG), -1, "resin-data", files);
    }
}
