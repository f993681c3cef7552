package dev.preflight.core.provision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.provision.SharedLog.Filter;
import dev.preflight.core.provision.SharedLog.StationState;
import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code preflight log export --from URL}: the records a {@link Filter} selects, every station's, oldest
 * first, as a signed export ({@link SignedExport}'s formats). The records stream from a server-side cursor,
 * so memory stays flat at any size; one repeatable-read transaction keeps the counts in the report and its
 * rows consistent.
 */
final class SharedExport {
    private final SharedLogUrl url;
    private final Connection c;

    SharedExport(SharedLogUrl url, Connection c) {
        this.url = url;
        this.c = c;
    }

    /**
     * Writes the export signed with {@code key}; returns how many records were written. Without
     * {@code tables} (no station has pushed to the database yet) the export holds no records.
     */
    long write(Writer out, String format, Filter filter, StationKey key, boolean tables)
            throws IOException, SQLException {
        if (!tables) {
            return writeIn(out, format, filter, key, false);
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) { // this transaction only: nothing to put back after
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            }
            return writeIn(out, format, filter, key, true);
        } finally {
            SharedConnection.end(c, auto);
        }
    }

    private long writeIn(Writer out, String format, Filter filter, StationKey key, boolean tables)
            throws IOException, SQLException {
        List<Object> params = new ArrayList<>();
        String where = where(filter, params);
        LogExport.Tally tally = new LogExport.Tally(0, 0, 0, 0);
        Map<String, StationState> stations = new LinkedHashMap<>();
        if (tables) {
            try (PreparedStatement s = prepare("SELECT count(*), count(*) FILTER (WHERE verdict = 'pass'), count(*)"
                    + " FILTER (WHERE verdict = 'warn'), count(*) FILTER (WHERE verdict = 'fail') FROM"
                    + " preflight_log_records" + where, params); ResultSet r = s.executeQuery()) {
                r.next();
                tally = new LogExport.Tally(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4));
            }
            for (StationState st : SharedRecords.stations(c)) {
                if (filter.station() == null || filter.station().equals(st.station())) {
                    stations.put(st.station(), st);
                }
            }
        }
        ExportWriter w = new ExportWriter(out, format, key, tally, false);
        Map<String, Long> exported = new LinkedHashMap<>();
        if (tables) {
            try (PreparedStatement s = prepare("SELECT station, hash, sig, body FROM preflight_log_records" + where
                    + " ORDER BY time, station, seq", params)) {
                s.setFetchSize(1000);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        w.add(SharedRecords.record(r.getString(4), r.getString(2), r.getString(3)));
                        exported.merge(r.getString(1), 1L, Long::sum);
                    }
                }
            }
        }
        w.finish(h -> {
            ObjectNode shared = h.putObject("sharedLog");
            shared.put("server", url.server());
            ObjectNode st = shared.putObject("stations");
            stations.values().forEach(v -> st.putObject(v.station()).put("exported", exported.getOrDefault(
                    v.station(), 0L)).put("count", v.count()).put("lastHash", v.lastHash()));
            SignedExport.putFilter(h, filter.asMap());
        });
        return w.count();
    }

    /** The filter as an SQL WHERE clause ("" when it selects everything), its values added to {@code params}. */
    static String where(Filter filter, List<Object> params) {
        List<String> w = new ArrayList<>();
        if (filter.since() != null) {
            w.add("time >= ?");
            params.add(Timestamp.from(filter.since()));
        }
        if (filter.until() != null) {
            w.add("time < ?");
            params.add(Timestamp.from(filter.until()));
        }
        if (filter.verdict() != null) {
            w.add("lower(verdict) = lower(?)");
            params.add(filter.verdict());
        }
        if (filter.batch() != null) {
            w.add("batch = ?");
            params.add(filter.batch());
        }
        if (filter.station() != null) {
            w.add("station = ?");
            params.add(filter.station());
        }
        return w.isEmpty() ? "" : " WHERE " + String.join(" AND ", w);
    }

    private PreparedStatement prepare(String sql, List<Object> params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            s.setObject(i + 1, params.get(i));
        }
        return s;
    }
}
