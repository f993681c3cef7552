package dev.preflight.core.provision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.provision.SharedLog.Seen;
import dev.preflight.core.provision.SharedLog.StationState;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading the shared log: where each station's chain stands, where a card was last seen, and a stored
 * record as its station signed it. Each question is one query; none changes the database, or the
 * connection's auto-commit and transaction.
 */
final class SharedRecords {
    private SharedRecords() {
    }

    /** A station's record count and last record (count 0 when it never pushed). */
    static StationState station(Connection c, String name) throws SQLException {
        return first(c, "SELECT seq, hash, pushed FROM preflight_log_records WHERE station = ? ORDER BY seq DESC"
                + " LIMIT 1", name, r -> new StationState(name, r.getLong(1), r.getString(2),
                r.getTimestamp(3).toInstant()), new StationState(name, 0, ProvisioningLog.GENESIS, null));
    }

    /** Every station, by name. */
    static List<StationState> stations(Connection c) throws SQLException {
        List<StationState> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT s.station, coalesce(l.seq, 0),"
                + " coalesce(l.hash, repeat('0', 64)), l.pushed FROM preflight_log_stations s LEFT JOIN LATERAL"
                + " (SELECT seq, hash, pushed FROM preflight_log_records r WHERE r.station = s.station ORDER BY seq"
                + " DESC LIMIT 1) l ON true ORDER BY s.station")) {
            while (r.next()) {
                out.add(new StationState(r.getString(1), r.getLong(2), r.getString(3), instant(r.getTimestamp(4))));
            }
        }
        return out;
    }

    /** Looks {@code identity} up in every station's records (the card index). */
    static Seen lookup(Connection c, String identity) throws SQLException, IOException {
        return first(c, "SELECT count(*) OVER (), station, time, verdict, body FROM preflight_log_records"
                + " WHERE card_identity = ? ORDER BY time DESC NULLS LAST, pushed DESC LIMIT 1", identity, r -> {
                    List<String> codes = new ArrayList<>();
                    ProvisioningLog.JSON.readTree(r.getString(5)).path("findingCodes")
                            .forEach(n -> codes.add(n.asText()));
                    return new Seen(r.getLong(1), r.getString(2), instant(r.getTimestamp(3)), r.getString(4), codes);
                }, new Seen(0, null, null, null, List.of()));
    }

    /** Reads one row of a query's answer. */
    private interface Row<T, E extends Exception> {
        T read(ResultSet r) throws SQLException, E;
    }

    /**
     * The first row of {@code sql} run with {@code value} for its one parameter, or {@code none} without a
     * row; in the connection's transaction, if it is in one (an export's snapshot), which it leaves open.
     */
    private static <T, E extends Exception> T first(Connection c, String sql, String value, Row<T, E> row, T none)
            throws SQLException, E {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, value);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? row.read(r) : none;
            }
        }
    }

    /** The record as the station wrote it: its body (the canonical JSON its hash covers), hash and signature. */
    static ObjectNode record(String body, String hash, String sig) throws IOException {
        ObjectNode r = (ObjectNode) ProvisioningLog.JSON.readTree(body);
        r.put("hash", hash);
        if (sig != null) {
            r.put("sig", sig);
        }
        return r;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
