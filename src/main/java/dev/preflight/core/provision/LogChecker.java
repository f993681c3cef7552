package dev.preflight.core.provision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a log in one pass, front to back, holding one record at a time: each record's hash, the
 * chain of sequence numbers and previous hashes, what appends noted in "continuity", and at the end
 * the signed head against the last records.
 */
final class LogChecker implements ProvisioningLog.Visitor {
    private final LogHead head;
    private final PublicKey key;
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String prev = ProvisioningLog.GENESIS;
    private long expectSeq = 1;
    private long count;
    private ObjectNode last;
    private Boolean headHashMatches;

    LogChecker(LogHead head, PublicKey key) {
        this.head = head;
        this.key = key;
    }

    @Override
    public void record(ObjectNode r) {
        long seq = r.path("seq").asLong();
        String hash = r.path("hash").asText();
        if (!ProvisioningLog.hash(r).equals(hash)) {
            problems.add("record " + seq + " was altered (its hash does not match its content)");
        }
        if (seq != expectSeq) {
            problems.add(seq > expectSeq ? "record(s) " + expectSeq + (seq - 1 > expectSeq ? "-" + (seq - 1) : "")
                    + " are missing before record " + seq : "record " + seq + " is out of order");
        } else if (!r.path("prevHash").asText().equals(prev)) {
            problems.add("record " + seq + " does not follow the record before it (a record was removed or replaced)");
        }
        Continuity.describe(r, problems, notes);
        if (head != null && seq == head.count()) {
            headHashMatches = hash.equals(head.lastHash());
        }
        prev = hash;
        expectSeq = seq + 1;
        last = r;
        count++;
    }

    @Override
    public void line(long number, ProvisioningLog.LineState state) {
        switch (state) {
            case RECOVERED -> notes.add("interrupted write at line " + number + " (recovered)");
            case UNSEALED -> notes.add("interrupted write at line " + number + " (the next append seals it off)");
            default -> problems.add("line " + number + " is unreadable");
        }
    }

    LogCheck finish(Path headFile, String headProblem) {
        if (headProblem != null) {
            problems.add(headProblem + ": it was replaced or damaged");
            return result(null, false);
        }
        if (head == null) {
            if (count > 0) {
                problems.add("there is no signed head (" + headFile.getFileName() + "): records could have been"
                        + " removed from the end or rewritten. A log last written by a Preflight without signed heads"
                        + " gets one at its next append");
            }
            return result(null, false);
        }
        String signedBy = signature(headFile);
        long lastSeq = last == null ? 0 : last.path("seq").asLong();
        if (lastSeq < head.count()) {
            problems.add(ProvisioningLog.range(lastSeq + 1, head.count()) + (lastSeq + 1 == head.count() ? " is"
                    : " are") + " missing from the end: the signed head says " + head.count() + " record(s)");
        } else if (head.count() > 0 && headHashMatches == null) {
            problems.add("record " + head.count() + ", the last one the signed head covers, is missing");
        } else if (head.count() > 0 && !headHashMatches) {
            problems.add("record " + head.count() + " does not match the signed head: records up to it were altered"
                    + " (the hash chain recomputed) or replaced");
        }
        if (lastSeq > head.count()) {
            if (lastSeq == head.count() + 1 && last.path("prevHash").asText().equals(head.lastHash())
                    && LogHead.recordSigned(last, key)) {
                notes.add("record " + lastSeq + " was written but the signed head was not updated (an interrupted"
                        + " append); the record's own signature verifies");
            } else if (key != null) {
                problems.add(ProvisioningLog.range(head.count() + 1, lastSeq) + " after the signed head"
                        + " (record " + head.count() + ") " + (lastSeq == head.count() + 1 ? "is" : "are")
                        + " not signed by the station: added without its key");
            }
        }
        return result(signedBy, key == null);
    }

    /** "station S, key K" when the head's signature verifies; otherwise a problem is added and null returned. */
    private String signature(Path headFile) {
        if (key == null) {
            return null;
        }
        String keyId = Signatures.keyId(key);
        if (!keyId.equals(head.keyId())) {
            problems.add("the signed head was made with key " + head.keyId() + ", not with key " + keyId
                    + " (check with the key of the station that wrote this log: --key)");
            return null;
        }
        if (!head.verifies(key)) {
            problems.add("the signed head (" + headFile.getFileName() + ") was altered: its signature does not verify");
            return null;
        }
        return "station " + head.station() + ", key " + head.keyId();
    }

    private LogCheck result(String signedBy, boolean keyMissing) {
        return new LogCheck(count, List.copyOf(problems), List.copyOf(notes), signedBy, keyMissing);
    }
}
