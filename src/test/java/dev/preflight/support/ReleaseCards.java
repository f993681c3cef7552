package dev.preflight.support;

import dev.preflight.core.demo.ImageSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Cards with a preloaded release (the v3 sample of src/test/resources/release) for the desktop tests. */
public final class ReleaseCards {
    public static final String BROWSER = "registry2.balena-cloud.com/v2/ad7cd3616b4e72ed51a5ad349e03715e@sha256:"
            + "4c04f2b1a6e3d9c8b7a6f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0";
    public static final String WIFI = "registry2.balena-cloud.com/v2/9f2e1d0c3b4a59687766554433221100@sha256:" + "1".repeat(64);

    private ReleaseCards() {
    }

    public static String sample(String name) throws IOException {
        try (InputStream in = ReleaseCards.class.getResourceAsStream("/release/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** resin-data with {@code appsJson}, the reset flag, and an image store holding {@code stored}. */
    public static Map<String, byte[]> resinData(String appsJson, String... stored) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("apps.json", appsJson.getBytes(StandardCharsets.UTF_8));
        files.put("remove_me_to_reset", new byte[0]);
        files.put("docker/image/overlay2/repositories.json",
                Preloads.repositories(stored).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** The v3 sample preloaded, with only the browser's image in the store: wifi-connect's is missing. */
    public static Path wifiImageMissing(Path dir) throws Exception {
        return Preloads.data(dir, resinData(sample("apps-v3.json"), BROWSER));
    }

    /** A card with resin-data but nothing preloaded on it. */
    public static Path notPreloaded(Path dir) throws Exception {
        return Preloads.data(dir, Map.of("remove_me_to_reset", new byte[0]));
    }

    /** {@code spec} with {@code data} as its resin-data. */
    public static Path card(Path dir, ImageSpec spec, Map<String, byte[]> data) throws Exception {
        return Preloads.image(dir, spec, -1, "resin-data", data);
    }
}
