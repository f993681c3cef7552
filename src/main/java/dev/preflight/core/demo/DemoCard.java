package dev.preflight.core.demo;

import dev.preflight.core.image.Compression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The bundled demo card: a small gzip-compressed balenaOS-like Raspberry Pi 4 image built by
 * {@link BalenaImageBuilder} on first use, with a few deliberate problems so a first-time user
 * sees what Preflight finds (FAT dirty bit, file system errors, heavy lifetime writes and little free
 * space on resin-data, legacy Wi-Fi keys and development mode in config.json, an unknown config.txt
 * key, a modified overlay).
 */
public final class DemoCard {
    /** Bump when the demo content changes so cached copies are rebuilt. */
    static final int REVISION = 4;
    public static final String FILE_NAME = "preflight-demo-card-r" + REVISION + ".img.gz";

    static final String CONFIG = "{\"applicationId\":1234567,\"deviceType\":\"raspberrypi4-64\","
            + "\"apiEndpoint\":\"https://api.balena-cloud.com\",\"apiKey\":\"demoProvisioningKey0123456789\","
            + "\"persistentLogging\":true,\"developmentMode\":true,\"hostname\":\"demo-kiosk\","
            + "\"wifiSsid\":\"ShopFloor\",\"wifiKey\":\"not-a-real-password\",\"ntpServers\":\"\"}";

    private DemoCard() {
    }

    public static ImageSpec spec() {
        return ImageSpec.raspberryPi().fat(32).sizesMiB(40, 16, 8, 16).configJson(CONFIG).fatDirty(true)
                .dataErrors(3).dataKiBWritten(108L * 1024 * 160).dataFreePercent(6).bootFileAfterFingerprint("overlays/i2c-rtc.dtbo", BootFiles.blob("tampered", 2048))
                .bootFile("config.txt", BootFiles.text(BootFiles.CONFIG_TXT + "[all]\nhdmi_force_hotplug1=1\n"));
    }

    /** Returns the demo card in {@code dir}, building it first if needed. */
    public static Path ensure(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(FILE_NAME);
        if (Files.isRegularFile(target) && Files.size(target) > 0) {
            return target;
        }
        Path raw = Files.createTempFile(dir, "demo-", ".img");
        Path tmp = Files.createTempFile(dir, "demo-", ".img.gz.part");
        try {
            BalenaImageBuilder.build(spec(), raw);
            Compressors.compress(raw, tmp, Compression.GZIP, 0);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(raw);
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    /** The user's cache folder for Preflight (XDG on Linux, LocalAppData on Windows, Caches on macOS). */
    public static Path defaultCacheDir() {
        String os = System.getProperty("os.name", "").toLowerCase();
        String home = System.getProperty("user.home");
        if (os.contains("win")) {
            String local = System.getenv("LOCALAPPDATA");
            return Path.of(local != null ? local : home, "Preflight", "cache");
        }
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Caches", "Preflight");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return Path.of(xdg != null && !xdg.isBlank() ? xdg : home + "/.cache", "preflight");
    }
}
