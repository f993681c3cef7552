package dev.preflight.core.edit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.bytes.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Previous versions of edited files, kept in the user's data folder (never on the card, where they
 * would show up as unexpected files), keyed by card ({@link CardIdentity}) and time. Each backup is a
 * private folder with the old bytes and a small JSON manifest; {@code preflight undo} restores the
 * newest one recorded for the same card. The newest {@link #KEEP_PER_FILE} per card and file are kept.
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

    /** How many backups are kept per card and file; older ones are deleted after each new backup. */
    public static final int KEEP_PER_FILE = 10;

    /**
     * One stored backup.
     *
     * @param uuidAfter config.json's uuid on the card right after the backed-up write (null: none)
     */
    public record Backup(Path folder, CardIdentity card, String source, String file, boolean existed,
                         String oldSha256, String newSha256, String uuidAfter, Instant created) {
        public byte[] oldContent() throws IOException {
            return existed ? Files.readAllBytes(folder.resolve("old")) : null;
        }
    }

    /**
     * Records the old content (null: the file did not exist) before a write of {@code newContent} to
     * {@code card}, whose config.json will hold {@code uuidAfter}. Folders 0700, files 0600; keeps the
     * newest {@link #KEEP_PER_FILE} per card and file.
     */
    public Backup save(CardIdentity card, String source, String file, byte[] old, byte[] newContent, String uuidAfter)
            throws IOException {
        Instant now = Instant.now();
        Path cardDir = root.resolve(card.key());
        Path dir = cardDir.resolve(STAMP.format(now) + "-" + tag(uuidAfter) + "-" + safe(file));
        PrivateFiles.directories(root);
        PrivateFiles.directories(cardDir);
        PrivateFiles.directories(dir);
        try {
            writeBackup(dir, card, source, file, old, newContent, uuidAfter, now);
        } catch (IOException | RuntimeException e) {
            try {
                deleteFolder(dir); // no half-made backup is left (the disk may be full)
            } catch (IOException ignored) {
                // the first problem is reported
            }
            throw e;
        }
        prune(cardDir, tag(uuidAfter) + "-" + safe(file));
        return read(dir).orElseThrow();
    }

    /** Where the backups are kept. */
    public Path folder() {
        return root;
    }

    private static void writeBackup(Path dir, CardIdentity card, String source, String file, byte[] old,
                                    byte[] newContent, String uuidAfter, Instant now) throws IOException {
        if (old != null) {
            PrivateFiles.write(dir.resolve("old"), old);
        }
        ObjectNode meta = Json.MAPPER.createObjectNode();
        ObjectNode c = meta.putObject("card");
        c.put("kind", card.kind());
        c.put("diskId", card.diskId());
        c.put("volumeSerial", card.volumeSerial());
        c.put("sizeBytes", card.sizeBytes());
        c.put("cid", card.cid());
        c.put("path", card.path());
        meta.put("source", source);
        meta.put("file", file);
        meta.put("existed", old != null);
        meta.put("oldSha256", old == null ? null : Sha256.hex(old));
        meta.put("newSha256", Sha256.hex(newContent));
        meta.put("uuidAfter", uuidAfter);
        meta.put("created", now.toString());
        PrivateFiles.write(dir.resolve("meta.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
    }

    /** Backups of one device (config.json uuid) are kept and pruned together; cards without a uuid share a tag. */
    private static String tag(String uuid) {
        return uuid == null ? "nouuid" : Identity.hash(uuid);
    }

    private static String safe(String file) {
        return file.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Deletes all but the newest {@link #KEEP_PER_FILE} backups with this uuid tag and file in one folder. */
    private static void prune(Path cardDir, String tagAndFile) throws IOException {
        String suffix = "-" + tagAndFile;
        List<Path> mine;
        try (Stream<Path> s = Files.list(cardDir)) {
            mine = s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().collect(Collectors.toList());
        }
        for (int i = 0; i < mine.size() - KEEP_PER_FILE; i++) {
            deleteFolder(mine.get(i));
        }
    }

    private static void deleteFolder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * The newest backup of this card that was not undone yet: only backups recorded for the same card
     * (see {@link CardIdentity#sameCard}) whose config.json uuid after the write is the card's uuid now.
     */
    public Optional<Backup> latest(CardIdentity card, String uuidNow) throws IOException {
        List<Backup> all = candidates(card, uuidNow);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Every backup of this card (as {@link #latest}) not undone yet, newest first. */
    public List<Backup> candidates(CardIdentity card, String uuidNow) throws IOException {
        Path dir = root.resolve(card.key());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> all;
        try (Stream<Path> s = Files.list(dir)) {
            all = s.filter(p -> Files.isRegularFile(p.resolve("meta.json")) && !Files.exists(p.resolve("undone")))
                    .sorted(Comparator.reverseOrder()).collect(Collectors.toList());
        }
        List<Backup> out = new ArrayList<>();
        for (Path p : all) {
            Optional<Backup> b = read(p);
            if (b.isPresent() && card.sameCard(b.get().card()) && Objects.equals(uuidNow, b.get().uuidAfter())) {
                out.add(b.get());
            }
        }
        return out;
    }

    /** Removes {@code b}: it was made for a write that did not happen. */
    void discard(Backup b) throws IOException {
        deleteFolder(b.folder());
    }

    public void markUndone(Backup b) throws IOException {
        PrivateFiles.write(b.folder().resolve("undone"), Instant.now().toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<Backup> read(Path dir) {
        try {
            JsonNode m = Json.MAPPER.readTree(dir.resolve("meta.json").toFile());
            JsonNode c = m.path("card");
            if (!c.isObject()) {
                return Optional.empty(); // written by a version that keyed backups by disk id only: never restored
            }
            CardIdentity card = new CardIdentity(c.path("kind").asText(), text(c, "diskId"),
                    c.path("volumeSerial").isNumber() ? c.path("volumeSerial").asLong() : null,
                    c.path("sizeBytes").isNumber() ? c.path("sizeBytes").asLong() : null, text(c, "cid"), text(c, "path"));
            return Optional.of(new Backup(dir, card, m.path("source").asText(),
                    m.path("file").asText(), m.path("existed").asBoolean(), text(m, "oldSha256"),
                    m.path("newSha256").asText(), text(m, "uuidAfter"), Instant.parse(m.path("created").asText())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode n, String field) {
        return n.path(field).isTextual() ? n.path(field).asText() : null;
    }
}
