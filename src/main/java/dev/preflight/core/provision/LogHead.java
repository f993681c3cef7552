package dev.preflight.core.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;

/**
 * The signed head kept beside the log ({@code provisioning-log.head} for {@code provisioning-log.jsonl}):
 * how many records the log held after the last append and the last record's hash, signed by the
 * station. Rewritten on every append: temporary file, fsync, atomic rename, fsync of the folder.
 *
 * <p>Each record also carries its own signature ("sig") over a different statement, "the station wrote
 * this record", which cannot stand in for a head: a record cut from the end cannot be hidden by
 * rebuilding a head from an earlier record.
 */
record LogHead(String station, String keyId, long count, String lastHash, String signature) {
    static final String FORMAT = "preflight-log-head/1";
    static final String RECORD_FORMAT = "preflight-log-record/1";

    /** A head file that exists but is not a head. */
    static final class Unreadable extends IOException {
        Unreadable(String message) {
            super(message);
        }
    }

    static Path fileFor(Path log) {
        return ProvisioningLog.beside(log, ".head");
    }

    static ObjectNode statement(String station, String keyId, long count, String lastHash) {
        ObjectNode n = ProvisioningLog.JSON.createObjectNode();
        n.put("format", FORMAT);
        n.put("station", station);
        n.put("keyId", keyId);
        n.put("count", count);
        n.put("lastHash", lastHash);
        return n;
    }

    ObjectNode statement() {
        return statement(station, keyId, count, lastHash);
    }

    boolean verifies(PublicKey key) {
        return Signatures.verifies(statement(), signature, key);
    }

    /** "the station wrote record seq with this hash": what a record's "sig" signs. */
    static ObjectNode recordStatement(ObjectNode record) {
        ObjectNode n = ProvisioningLog.JSON.createObjectNode();
        n.put("format", RECORD_FORMAT);
        n.put("station", record.path("signedBy").path("station").asText());
        n.put("keyId", record.path("signedBy").path("keyId").asText());
        n.put("seq", record.path("seq").asLong());
        n.put("hash", record.path("hash").asText());
        return n;
    }

    static boolean recordSigned(ObjectNode record, PublicKey key) {
        return key != null && Signatures.keyId(key).equals(record.path("signedBy").path("keyId").asText())
                && Signatures.verifies(recordStatement(record), record.path("sig").asText(null), key);
    }

    /** The head in {@code file}; null when there is none. */
    static LogHead read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        JsonNode n;
        try {
            n = ProvisioningLog.STRICT.readTree(bytes);
        } catch (IOException e) {
            n = null;
        }
        if (n == null || !FORMAT.equals(n.path("format").asText()) || !n.path("count").canConvertToLong()
                || !n.path("lastHash").isTextual()) {
            throw new Unreadable(file + " is not a signed log head");
        }
        return new LogHead(n.path("station").asText(), n.path("keyId").asText(), n.path("count").asLong(),
                n.path("lastHash").asText(), n.path("signature").asText(null));
    }

    /** Writes the signed head to a temporary file, syncs it and renames it over {@code file}. */
    static void write(Path file, ObjectNode signed) throws IOException {
        String text = ProvisioningLog.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(signed) + "\n";
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
