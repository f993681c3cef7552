package dev.preflight.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.core.demo.BalenaImageBuilder;
import dev.preflight.core.demo.Compressors;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.image.Compression;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.HashMap;

/** Real fixtures from src/test/resources and images built by the project's own builder. */
public final class Fixtures {
    /** Where the images built from {@link ImageSpec#raspberryPi()} keep their boot partition: its first byte. */
    public static final long BOOT_START = 4L << 20;
    /** The size of that boot partition (40 MiB, as meta-balena makes it). */
    public static final long BOOT_SIZE = 40L << 20;

    private static final Map<String, Path> BUILT = new HashMap<>();
    private static final Path WORK = Path.of("target", "test-images");

    private Fixtures() {
    }

    public static Path real(String relative) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/real/" + relative).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + relative, e);
        }
    }

    public static JsonNode json(Path p) {
        try {
            return new ObjectMapper().readTree(p.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds (once per test JVM) the image for {@code spec} under {@code key}. */
    public static synchronized Path built(String key, ImageSpec spec) {
        Path known = BUILT.get(key);
        if (known != null) {
            return known;
        }
        try {
            Files.createDirectories(WORK);
            Path out = WORK.resolve(key + ".img");
            BalenaImageBuilder.build(spec, out);
            BUILT.put(key, out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A compressed copy of a built image. */
    public static synchronized Path compressed(String key, ImageSpec spec, Compression c, long xzBlock) {
        String name = key + "." + c.word() + (xzBlock > 0 ? "-mb" : "");
        Path known = BUILT.get(name);
        if (known != null) {
            return known;
        }
        try {
            Path raw = built(key, spec);
            Path out = WORK.resolve(name);
            Compressors.compress(raw, out, c, xzBlock);
            BUILT.put(name, out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh copy of a built image, safe to damage. */
    public static Path copy(String key, ImageSpec spec, Path dir) {
        try {
            Path target = dir.resolve(key + "-copy.img");
            Files.copy(built(key, spec), target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    public static Compression[] allCompressions() {
        return new Compression[] {Compression.GZIP, Compression.XZ, Compression.BZIP2, Compression.ZSTD,
                Compression.ZIP};
    }
}
