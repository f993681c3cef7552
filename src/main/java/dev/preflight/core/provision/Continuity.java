package dev.preflight.core.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What an append found at the end of the log before writing, kept in the new record's "continuity"
 * field so it is hash-chained and signed with it: lines a crash left unfinished (sealed off, not
 * tampering), records from before the log was signed, and a log that no longer matched its signed
 * head. The last stays a finding for good: the next append cannot launder a removed record.
 */
final class Continuity {
    /** At most this many sealed lines are listed per record; any beyond stay "unreadable". */
    static final int MAX_SEALED = 16;

    private Continuity() {
    }

    /** The continuity note for the record about to follow {@code tail}; empty when all is as expected. */
    static ObjectNode assess(LogTail tail, Path headFile, StationKey key) throws IOException {
        ObjectNode c = ProvisioningLog.JSON.createObjectNode();
        if (!tail.junk().isEmpty()) {
            ArrayNode a = c.putArray("interruptedWrites");
            tail.junk().stream().limit(MAX_SEALED).forEach(j -> a.addObject().put("bytes", j.bytes())
                    .put("sha256", j.sha256()));
        }
        ObjectNode last = tail.last();
        LogHead head;
        try {
            head = LogHead.read(headFile);
        } catch (LogHead.Unreadable e) {
            c.putObject("headMismatch").put("reason", "the head file was not a signed head");
            return c;
        }
        if (head == null) {
            if (last != null && !last.has("signedBy")) {
                c.put("unsignedBefore", last.path("seq").asLong());
            } else if (last != null) {
                c.putObject("headMissing").put("lastSeq", last.path("seq").asLong());
            }
            return c;
        }
        String why = mismatch(head, last, key);
        if (why != null) {
            c.putObject("headMismatch").put("reason", why).put("headCount", head.count())
                    .put("headLastHash", head.lastHash());
        }
        return c;
    }

    private static String mismatch(LogHead head, ObjectNode last, StationKey key) {
        if (!head.keyId().equals(key.keyId())) {
            return "the head was signed with another key (" + head.keyId() + ")";
        }
        if (!head.verifies(key.publicKey())) {
            return "the head's signature did not verify";
        }
        if (last == null) {
            return head.count() == 0 ? null : "the log was empty but its head said " + head.count() + " record(s)";
        }
        long seq = last.path("seq").asLong();
        String hash = last.path("hash").asText();
        if (head.count() == seq && head.lastHash().equals(hash)) {
            return null;
        }
        if (head.count() == seq - 1 && head.lastHash().equals(last.path("prevHash").asText())
                && LogHead.recordSigned(last, key.publicKey())) {
            return null; // the previous append wrote its record, then stopped before its head
        }
        return "the head said " + head.count() + " record(s) ending in " + abbrev(head.lastHash())
                + ", the log ended at record " + seq;
    }

    static String abbrev(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }

    /** The sealed lines {@code record} declares, as (bytes, sha256) pairs. */
    static List<JsonNode> sealed(ObjectNode record) {
        List<JsonNode> out = new ArrayList<>();
        record.path("continuity").path("interruptedWrites").forEach(out::add);
        return out;
    }

    /** Adds the findings (problems) and notes the record's continuity field calls for. */
    static void describe(ObjectNode record, List<String> problems, List<String> notes) {
        JsonNode c = record.path("continuity");
        long seq = record.path("seq").asLong();
        if (c.has("unsignedBefore")) {
            notes.add(ProvisioningLog.range(1, c.path("unsignedBefore").asLong()) + " predate signing: written"
                    + " before this log had a signed head, they are only hash-chained");
        }
        if (c.has("headMissing")) {
            problems.add("when record " + seq + " was appended the signed head was missing: records before it may"
                    + " have been removed or rewritten");
        }
        if (c.has("headMismatch")) {
            problems.add("when record " + seq + " was appended the log did not match its signed head ("
                    + c.path("headMismatch").path("reason").asText() + "): records before it were removed or"
                    + " rewritten");
        }
    }
}
