package dev.preflight.core.provision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.provision.SharedLog.PushResult;
import dev.preflight.core.provision.SharedLog.Refused;
import dev.preflight.core.provision.SharedLog.StationState;
import dev.preflight.core.report.PreflightException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One push of a station's local log to the shared log ({@code preflight log push}; {@link SharedPusher}
 * runs it in the background): register the station's key, find where its chain stands on the server,
 * walk the local log from there (resuming from the {@link PushState} hint when it agrees with the
 * server) and store the missing records in order, in batches. The database refuses a record that does
 * not continue the chain; this class refuses earlier, with a message that says what happened locally.
 */
final class SharedPush {
    private static final ConcurrentHashMap<Path, Object> PUSHING = new ConcurrentHashMap<>();

    private final SharedLogUrl url;
    private final ProvisioningLog log;
    /** The push state, read once when the push starts and kept here as it changes. */
    private PushState state;

    private SharedPush(SharedLogUrl url, ProvisioningLog log, PushState state) {
        this.url = url;
        this.log = log;
        this.state = state;
    }

    /**
     * Pushes the records of {@code log} the server does not hold yet, in order, {@link SharedLog#BATCH} per
     * transaction, over {@code given}, or (null) over a connection of its own that creates or migrates the
     * schema first. Safe to interrupt (it resumes from what the server holds) and to repeat (a record
     * already there is not stored twice). The outcome is kept beside the log ({@link PushState}), read
     * once per push; a failed push, whatever failed (connecting included), is recorded there once.
     *
     * @throws Refused when the server refuses a record (the local log forked or was rewritten), or the
     *                 local log holds fewer records than the server already has for this station
     */
    static PushResult push(SharedLogUrl url, ProvisioningLog log, SharedLog given) throws IOException {
        synchronized (PUSHING.computeIfAbsent(log.file().toAbsolutePath().normalize(), p -> new Object())) {
            SharedPush p = new SharedPush(url, log, PushState.read(log.file()));
            try {
                if (given != null) {
                    return p.over(given);
                }
                try (SharedLog shared = SharedLog.open(url)) {
                    return p.over(shared);
                }
            } catch (PreflightException e) {
                p.save(p.state.failed(e.getMessage()));
                throw e;
            }
        }
    }

    private PushResult over(SharedLog shared) throws IOException {
        try {
            return pushLocked(shared.connection(), state);
        } catch (SQLException e) {
            throw shared.failure(e);
        }
    }

    /** Keeps {@code s} as the push state, in memory and beside the log. */
    private void save(PushState s) {
        state = s;
        try {
            s.write(log.file());
        } catch (IOException e) {
            // only a hint for the next push and for 'log status'
        }
    }

    private PushResult pushLocked(Connection c, PushState before) throws IOException, SQLException {
        StationKey key = log.key();
        String station = key.station();
        register(c, station, key);
        StationState there = SharedRecords.station(c, station);
        long have = there.count();
        String server = url.toString();
        // resume after the last record pushed when the hint agrees with the server; otherwise read from the start
        boolean resume = server.equals(before.server()) && station.equals(before.station()) && before.pushed() > 0
                && (before.pushed() < have || before.pushed() == have && before.lastHash().equals(there.lastHash()))
                && before.offset() <= Files.size(log.file());
        Pusher p = new Pusher(c, key, station, have, there.lastHash());
        try {
            if (resume) {
                p.expectFrom(before.pushed());
                log.recordsFrom(before.offset(), p);
                if (p.lost) { // the file changed under the hint: read it all
                    p = new Pusher(c, key, station, have, there.lastHash());
                    log.recordsFrom(0, p);
                }
            } else {
                log.recordsFrom(0, p);
            }
        } catch (SqlFailure e) {
            throw (SQLException) e.getCause();
        }
        p.flush();
        if (p.lastLocal < have && p.lastLocal >= 0) {
            throw new Refused("The shared log at " + url.server() + " holds " + have + " record(s) of station "
                    + station + ", but this station's log " + log.file() + " has only " + p.lastLocal
                    + ": the local log was rolled back or replaced, or another station uses the name " + station + ".",
                    "Compare 'preflight log export --from URL --station " + station + "' with this log; give each"
                            + " station its own name (station settings).");
        }
        if (p.pushedSeq > 0) {
            save(state.pushed(server, station, p.pushedSeq, p.pushedHash, p.pushedEnd));
        } else if (state.error() != null) { // nothing on either side, and this push worked
            save(state.pushed(server, station, 0, ProvisioningLog.GENESIS, 0));
        }
        return new PushResult(station, p.stored, Math.max(have, p.pushedSeq), Math.max(p.lastLocal, 0));
    }

    /** Registers the station and its public key; refuses a key the server holds for another station. */
    private void register(Connection c, String station, StationKey key) throws SQLException {
        c.setAutoCommit(true);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO preflight_log_stations (station) VALUES (?)"
                + " ON CONFLICT DO NOTHING")) {
            s.setString(1, station);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO preflight_log_keys (key_id, station, public_key)"
                + " VALUES (?, ?, ?) ON CONFLICT (key_id) DO NOTHING")) {
            s.setString(1, key.keyId());
            s.setString(2, station);
            s.setBytes(3, key.publicKey().getEncoded());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT station FROM preflight_log_keys WHERE key_id = ?")) {
            s.setString(1, key.keyId());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                String owner = r.getString(1);
                if (!owner.equals(station)) {
                    throw new Refused("The shared log at " + url.server() + " holds this station's key " + key.keyId()
                            + " for station " + owner + ", not " + station + ".", "A station keeps its name in the"
                            + " shared log: set the station name back to " + owner + " in the station settings.");
                }
            }
        }
    }

    /** Walks the local log and stores the records the server lacks, in batches. */
    private final class Pusher implements ProvisioningLog.Positioned {
        final Connection c;
        final StationKey key;
        final String station;
        final long have;
        final String haveHash;
        final List<ObjectNode> batch = new ArrayList<>();
        final List<Long> ends = new ArrayList<>();
        long expect = 1;
        boolean first = true;
        boolean lost;
        long lastLocal = -1;
        long stored;
        long pushedSeq;
        String pushedHash;
        long pushedEnd;

        Pusher(Connection c, StationKey key, String station, long have, String haveHash) {
            this.c = c;
            this.key = key;
            this.station = station;
            this.have = have;
            this.haveHash = haveHash;
        }

        void expectFrom(long seq) {
            expect = seq + 1;
            lastLocal = seq;
        }

        @Override
        public boolean record(ObjectNode r, long end) throws IOException {
            long seq = r.path("seq").asLong();
            if (first && seq != expect) {
                lost = expect > 1;
                first = false;
                if (lost) {
                    return false;
                }
            }
            first = false;
            if (seq != expect) {
                return true; // a duplicate or out-of-order line: 'log verify' reports it; the chain goes on below
            }
            expect = seq + 1;
            lastLocal = seq;
            if (seq == have && !r.path("hash").asText().equals(haveHash)) {
                throw new Refused("Record " + seq + " of this station's log is not the record " + seq + " the shared"
                        + " log at " + url.server() + " holds for station " + station + " (hash "
                        + Continuity.abbrev(haveHash) + " there, " + Continuity.abbrev(r.path("hash").asText())
                        + " here): this log was rewritten, or another station uses the name " + station + ".",
                        "Nothing was pushed. Check this log with 'preflight log verify'; give each station its own"
                                + " name (station settings).");
            }
            if (seq <= have) {
                pushedSeq = seq;
                pushedHash = r.path("hash").asText();
                pushedEnd = end;
                return true;
            }
            String keyId = r.path("signedBy").path("keyId").asText(null);
            if (key.keyId().equals(keyId) && !LogHead.recordSigned(r, key.publicKey())) {
                throw new Refused("Record " + seq + " of this station's log " + log.file() + " carries no valid"
                        + " signature of this station: it was added or changed without the station's key, and was"
                        + " not pushed.", "Run 'preflight log verify'.");
            }
            batch.add(r);
            ends.add(end);
            if (batch.size() >= SharedLog.BATCH) {
                try {
                    flush();
                } catch (SQLException e) {
                    throw new SqlFailure(e);
                }
            }
            return true;
        }

        void flush() throws SQLException, IOException {
            if (batch.isEmpty()) {
                return;
            }
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO preflight_log_records"
                    + " (station, seq, hash, sig, body) VALUES (?, ?, ?, ?, ?)")) {
                for (ObjectNode r : batch) {
                    s.setString(1, station);
                    s.setLong(2, r.path("seq").asLong());
                    s.setString(3, r.path("hash").asText());
                    s.setString(4, r.path("sig").asText(null));
                    s.setString(5, new String(Signatures.canonical(r, ProvisioningLog.UNHASHED), StandardCharsets.UTF_8));
                    s.addBatch();
                }
                int[] counts = s.executeBatch();
                c.commit();
                for (int n : counts) {
                    stored += n > 0 ? n : 0;
                }
            } catch (SQLException e) {
                throw unwrap(e);
            } finally {
                SharedConnection.end(c, true); // what was not committed is rolled back
            }
            ObjectNode last = batch.get(batch.size() - 1);
            pushedSeq = last.path("seq").asLong();
            pushedHash = last.path("hash").asText();
            pushedEnd = ends.get(ends.size() - 1);
            batch.clear();
            ends.clear();
            save(state.pushed(url.toString(), station, pushedSeq, pushedHash, pushedEnd));
        }
    }

    /** The first error of a batch (the driver wraps it in a BatchUpdateException). */
    private static SQLException unwrap(SQLException e) {
        SQLException next = e.getNextException();
        return next != null && next.getSQLState() != null ? next : e;
    }

    /** An SQLException carried out of a record visitor. */
    private static final class SqlFailure extends IOException {
        SqlFailure(SQLException e) {
            super(e);
        }
    }
}
