package dev.preflight.core.provision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code preflight log verify --from URL}: every station's chain in the shared log, record by record from
 * a server-side cursor (memory stays flat): each record's hash against its body, the sequence and the
 * links, each signature against the public key the station registered, and what the station's own appends
 * noted (continuity).
 */
final class SharedVerifier {
    private SharedVerifier() {
    }

    private static final class Chain {
        final String station;
        long expect = 1;
        String prev = ProvisioningLog.GENESIS;
        long count;
        long unsignedTo;
        final Map<String, Long> byKey = new LinkedHashMap<>();
        final List<String> unknownKeys = new ArrayList<>();

        Chain(String station) {
            this.station = station;
        }
    }

    static SharedLog.Check verify(Connection c) throws SQLException, IOException {
        Map<String, PublicKey> keys = new HashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT key_id, station, public_key FROM"
                + " preflight_log_keys")) {
            while (r.next()) {
                try {
                    keys.put(r.getString(1), Signatures.publicKey(r.getBytes(3)));
                } catch (GeneralSecurityException e) {
                    problems.add("station " + r.getString(2) + ": its registered key " + r.getString(1)
                            + " is not an Ed25519 public key");
                }
            }
        }
        List<String> stations = new ArrayList<>();
        long total = 0;
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement s = c.prepareStatement("SELECT station, seq, hash, sig, body FROM preflight_log_records"
                + " ORDER BY station, seq")) {
            s.setFetchSize(1000);
            Chain chain = null;
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String station = r.getString(1);
                    if (chain == null || !chain.station.equals(station)) {
                        if (chain != null) {
                            finish(chain, stations, notes);
                        }
                        chain = new Chain(station);
                    }
                    record(chain, r.getLong(2), r.getString(3), r.getString(4), r.getString(5), keys, problems, notes);
                    total++;
                }
            }
            if (chain != null) {
                finish(chain, stations, notes);
            }
        } finally {
            SharedConnection.end(c, auto);
        }
        return new SharedLog.Check(total, stations, problems, notes);
    }

    private static void record(Chain ch, long seq, String hash, String sig, String body, Map<String, PublicKey> keys,
                               List<String> problems, List<String> notes) throws IOException {
        String at = "station " + ch.station + ": ";
        ObjectNode r;
        try {
            r = SharedRecords.record(body, hash, sig);
        } catch (IOException | ClassCastException e) {
            problems.add(at + "record " + seq + " is not a readable record");
            ch.expect = seq + 1;
            return;
        }
        if (!ProvisioningLog.hash(r).equals(hash)
                || !Signatures.sha256(body.getBytes(StandardCharsets.UTF_8)).equals(hash)) {
            problems.add(at + "record " + seq + " was altered (its hash does not match its content)");
        }
        if (seq != ch.expect) {
            problems.add(at + (seq > ch.expect ? ProvisioningLog.range(ch.expect, seq - 1) + " missing before record "
                    + seq : "record " + seq + " is out of order"));
        } else if (!r.path("prevHash").asText().equals(ch.prev)) {
            problems.add(at + "record " + seq + " does not follow the record before it");
        }
        String keyId = r.path("signedBy").path("keyId").asText(null);
        if (keyId == null) {
            if (ch.byKey.isEmpty()) {
                ch.unsignedTo = seq;
            } else {
                problems.add(at + "record " + seq + " is not signed, though records before it are");
            }
        } else {
            PublicKey k = keys.get(keyId);
            if (k == null) {
                if (!ch.unknownKeys.contains(keyId)) {
                    ch.unknownKeys.add(keyId);
                }
            } else if (!LogHead.recordSigned(r, k)) {
                problems.add(at + "record " + seq + " does not carry a valid signature of key " + keyId
                        + ": it was not written by the station, or was changed");
            }
            ch.byKey.merge(keyId, 1L, Long::sum);
        }
        List<String> own = new ArrayList<>();
        Continuity.describe(r, own, new ArrayList<>());
        own.forEach(p -> problems.add(at + p));
        ch.prev = hash;
        ch.expect = seq + 1;
        ch.count++;
    }

    private static void finish(Chain ch, List<String> stations, List<String> notes) {
        if (ch.unsignedTo > 0) {
            notes.add("station " + ch.station + ": " + ProvisioningLog.range(1, ch.unsignedTo) + " predate signing");
        }
        for (String k : ch.unknownKeys) {
            notes.add("station " + ch.station + ": records signed with key " + k + " cannot be checked: the shared"
                    + " log does not hold that public key");
        }
        List<String> signed = new ArrayList<>();
        ch.byKey.forEach((k, n) -> signed.add(n + " with key " + k));
        stations.add(ch.station + ": " + ch.count + " record(s)" + (signed.isEmpty() ? ", unsigned"
                : ", signed " + String.join(", ", signed)));
    }
}
