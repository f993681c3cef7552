package dev.preflight.core.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.edit.BackupStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * This station's settings, kept in {@code station.json} in the data folder: the shared log's URL
 * ({@code sharedLogUrl}) and the station's name ({@code station}, default: the host name). The
 * environment variable {@code PREFLIGHT_LOG_URL} overrides the saved URL. Never holds a password.
 */
public final class StationSettings {
    public static final String ENV_URL = "PREFLIGHT_LOG_URL";
    static final String FILE = "station.json";

    private StationSettings() {
    }

    /** Where the shared log URL came from, and the URL (null when none is configured). */
    public record Configured(SharedLogUrl url, String source) {
        public boolean present() {
            return url != null;
        }
    }

    public static Path file() {
        return BackupStore.dataDir().resolve(FILE);
    }

    /** The shared log this station pushes to: PREFLIGHT_LOG_URL, else the saved setting; a malformed one is exit 2. */
    public static Configured sharedLog() {
        return sharedLog(System.getenv());
    }

    static Configured sharedLog(Map<String, String> env) {
        String fromEnv = env.get(ENV_URL);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Configured(SharedLogUrl.parse(fromEnv), ENV_URL);
        }
        String saved = read().path("sharedLogUrl").asText("");
        return saved.isBlank() ? new Configured(null, null) : new Configured(SharedLogUrl.parse(saved), file().toString());
    }

    /** The station name set in the settings, or null (the host name is used). */
    public static String stationName() {
        String override = System.getProperty("preflight.station");
        if (override != null && !override.isBlank()) {
            return override.strip();
        }
        String s = read().path("station").asText("");
        return s.isBlank() ? null : s.strip();
    }

    /** Saves the shared log URL (null or blank: removes it) and the station name (null: unchanged; blank: removed). */
    public static void save(SharedLogUrl url, String station) throws IOException {
        ObjectNode n = read().deepCopy();
        if (url == null) {
            n.remove("sharedLogUrl");
        } else {
            n.put("sharedLogUrl", url.toString());
        }
        if (station != null) {
            if (station.isBlank()) {
                n.remove("station");
            } else {
                n.put("station", station.strip());
            }
        }
        Path f = file();
        Files.createDirectories(f.getParent());
        AtomicFiles.write(f, (ProvisioningLog.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode read() {
        try {
            JsonNode n = ProvisioningLog.JSON.readTree(Files.readString(file(), StandardCharsets.UTF_8));
            return n != null && n.isObject() ? (ObjectNode) n : ProvisioningLog.JSON.createObjectNode();
        } catch (NoSuchFileException e) {
            return ProvisioningLog.JSON.createObjectNode();
        } catch (IOException e) {
            return ProvisioningLog.JSON.createObjectNode(); // an unreadable settings file is as none: nothing shared
        }
    }
}
