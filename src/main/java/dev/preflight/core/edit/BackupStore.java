package dev.preflight.core.edit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Previous versions of edited files, kept in the user's data folder (never on the card, where they
 * would show up as unexpected files), keyed by card identity and time. Each backup is a folder with
 * the old bytes and a small JSON manifest; {@code preflight undo} restores the newest one.
 */
public final class BackupStore {
    /** Made on first use: the desktop app creates a store before its window shows, and needs no JSON then. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final Path root;

    public BackupStore(Path root) {
        this.root = root;
    }

    /** XDG_DATA_HOME (Linux), %APPDATA% (Windows), ~/Library/Application Support (macOS). */
    public static BackupStore forUser() {
        return new BackupStore(dataDir().resolve("backups"));
    }

    public static Path dataDir() {
        String os = System.getProperty("os.name", "").toLowerCase();
        String home = System.getProperty("user.home");
        String override = System.getProperty("preflight.dataDir");
        if (override != null) {
            return Path.of(override);
        }
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return Path.of(appData != null ? appData : home, "Preflight");
        }
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Application Support", "Preflight");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return Path.of(xdg != null && !xdg.isBlank() ? xdg : home + "/.local/share", "preflight");
    }

    /** One stored backup. */
    public record Backup(Path folder, String identity, String source, String file, boolean existed,
                         String oldSha256, String newSha256, Instant created) {
        public byte[] oldContent() throws IOException {
            return existed ? Files.readAllBytes(folder.resolve("old")) : null;
        }
    }

    /** Records the old content (null: the file did not exist) before a write of {@code newContent}. */
    public Backup save(String identity, String source, String file, byte[] old, byte[] newContent) throws IOException {
        Instant now = Instant.now();
        Path dir = root.resolve(identity).resolve(STAMP.format(now) + "-" + file.replaceAll("[^A-Za-z0-9._-]", "_"));
        Files.createDirectories(dir);
        if (old != null) {
            Files.write(dir.resolve("old"), old);
        }
        ObjectNode meta = Json.MAPPER.createObjectNode();
        meta.put("identity", identity);
        meta.put("source", source);
        meta.put("file", file);
        meta.put("existed", old != null);
        meta.put("oldSha256", old == null ? null : sha256(old));
        meta.put("newSha256", sha256(newContent));
        meta.put("created", now.toString());
        Files.write(dir.resolve("meta.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
        return read(dir).orElseThrow();
    }

    /** The newest backup of this card that was not undone yet. */
    public Optional<Backup> latest(String identity) throws IOException {
        Path dir = root.resolve(identity);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<Path> all;
        try (Stream<Path> s = Files.list(dir)) {
            all = s.filter(p -> Files.isRegularFile(p.resolve("meta.json")) && !Files.exists(p.resolve("undone")))
                    .sorted().collect(Collectors.toList());
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            Optional<Backup> b = read(all.get(i));
            if (b.isPresent()) {
                return b;
            }
        }
        return Optional.empty();
    }

    public void markUndone(Backup b) throws IOException {
        Files.writeString(b.folder().resolve("undone"), Instant.now().toString());
    }

    private static Optional<Backup> read(Path dir) {
        try {
            JsonNode m = Json.MAPPER.readTree(dir.resolve("meta.json").toFile());
            return Optional.of(new Backup(dir, m.path("identity").asText(), m.path("source").asText(),
                    m.path("file").asText(), m.path("existed").asBoolean(),
                    m.path("oldSha256").isNull() ? null : m.path("oldSha256").asText(), m.path("newSha256").asText(),
                    Instant.parse(m.path("created").asText())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
