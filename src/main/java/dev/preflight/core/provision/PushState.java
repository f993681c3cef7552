package dev.preflight.core.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What this station last knew about pushing its log, kept beside the log ({@code provisioning-log.push.json}):
 * the server (its URL, never a password), how many records were there after the last push, the last one's
 * hash and where it ends in the local file (so the next push reads only what is new), the last error, and how
 * many pushes in a row failed.
 * The shared log itself is the authority: a push always starts from what the server holds.
 *
 * @param server   the shared log's URL (no password), null when never pushed
 * @param station  the station's name there
 * @param pushed   records of this station the server held after the last push
 * @param lastHash the hash of record {@code pushed}
 * @param offset   the byte offset just after record {@code pushed} in the local file
 * @param pushedAt when the last push finished
 * @param error    the last push's error (null: it succeeded)
 * @param errorAt  when that error happened
 * @param failures pushes that failed since the last one that worked (each failed push counts once)
 */
public record PushState(String server, String station, long pushed, String lastHash, long offset, Instant pushedAt,
                        String error, Instant errorAt, long failures) {
    static final PushState NONE = new PushState(null, null, 0, ProvisioningLog.GENESIS, 0, null, null, null, 0);

    public static Path fileFor(Path log) {
        return ProvisioningLog.beside(log, ".push.json");
    }

    /** The state kept beside {@code log}; NONE when there is none or it cannot be read. */
    public static PushState read(Path log) {
        try {
            JsonNode n = ProvisioningLog.JSON.readTree(Files.readString(fileFor(log), StandardCharsets.UTF_8));
            if (n == null || !n.isObject()) {
                return NONE;
            }
            return new PushState(n.path("server").asText(null), n.path("station").asText(null),
                    n.path("pushed").asLong(), n.path("lastHash").asText(ProvisioningLog.GENESIS),
                    n.path("offset").asLong(), instant(n.path("pushedAt")), n.path("error").asText(null),
                    instant(n.path("errorAt")), n.path("failures").asLong());
        } catch (NoSuchFileException e) {
            return NONE;
        } catch (IOException | RuntimeException e) {
            return NONE; // only a hint: the next push asks the server
        }
    }

    private static Instant instant(JsonNode n) {
        try {
            return n.isTextual() ? Instant.parse(n.asText()) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    void write(Path log) throws IOException {
        ObjectNode n = ProvisioningLog.JSON.createObjectNode();
        n.put("server", server);
        n.put("station", station);
        n.put("pushed", pushed);
        n.put("lastHash", lastHash);
        n.put("offset", offset);
        n.put("pushedAt", pushedAt == null ? null : pushedAt.toString());
        n.put("error", error);
        n.put("errorAt", errorAt == null ? null : errorAt.toString());
        n.put("failures", failures);
        AtomicFiles.write(fileFor(log), (ProvisioningLog.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n)
                + "\n").getBytes(StandardCharsets.UTF_8));
    }

    PushState pushed(String server, String station, long pushed, String lastHash, long offset) {
        return new PushState(server, station, pushed, lastHash, offset, Instant.now(), null, null, 0);
    }

    PushState failed(String message) {
        return new PushState(server, station, pushed, lastHash, offset, pushedAt, message, Instant.now(), failures + 1);
    }
}
