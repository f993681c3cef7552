package dev.preflight.core.provision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.Version;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.Driver;

/**
 * The provisioning log shared by several stations, in PostgreSQL (docs/decisions/0016). Each station
 * appends to its own local log first, as always, then pushes the records the server does not hold yet,
 * in order; the database keeps every station's chain ({@link SharedSchema}) and refuses a record that
 * does not continue it. Records are stored as they were signed: the canonical JSON the hash covers, the
 * hash and the station's signature, with the station's public key, so anyone can check them later.
 */
public final class SharedLog implements AutoCloseable {
    /** Seconds to wait for the server when pushing, exporting or verifying. */
    public static final int TIMEOUT_SECONDS = 10;
    /** Records per transaction when pushing: an interrupted push keeps what was committed. */
    static final int BATCH = 500;
    private static final ConcurrentHashMap<Path, Object> PUSHING = new ConcurrentHashMap<>();

    private final SharedLogUrl url;
    private final Connection c;

    private SharedLog(SharedLogUrl url, Connection c) {
        this.url = url;
        this.c = c;
    }

    /** The server refused a record: a fork, a rewritten history, or a record this station did not sign. */
    public static final class Refused extends PreflightException {
        Refused(String message, String hint) {
            super(ErrorCode.INCOMPLETE, message, hint);
        }
    }

    /** Connects (waiting at most TIMEOUT_SECONDS) and creates or migrates the schema. */
    public static SharedLog open(SharedLogUrl url) {
        return open(url, TIMEOUT_SECONDS);
    }

    public static SharedLog open(SharedLogUrl url, int timeoutSeconds) {
        Connection c = connect(url, timeoutSeconds);
        try {
            SharedSchema.ensure(c, "Preflight " + Version.get());
            return new SharedLog(url, c);
        } catch (SQLException e) {
            close(c);
            throw failure(url, e);
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
    }

    /** Connects for a quick read, without creating or migrating the schema; every answer within the timeout. */
    static SharedLog connected(SharedLogUrl url, int timeoutSeconds) {
        Connection c = connect(url, timeoutSeconds);
        try {
            c.setNetworkTimeout(Runnable::run, timeoutSeconds * 1000);
        } catch (SQLException e) {
            close(c);
            throw failure(url, e);
        }
        return new SharedLog(url, c);
    }

    static Connection connect(SharedLogUrl url, int timeoutSeconds) {
        Properties p = url.properties(timeoutSeconds, System.getenv());
        try {
            Connection c = new Driver().connect(url.jdbcUrl(), p);
            if (c == null) {
                throw new SQLException("the driver did not accept " + url.jdbcUrl(), "08001");
            }
            return c;
        } catch (SQLException e) {
            throw failure(url, e);
        }
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // already broken
        }
    }

    public SharedLogUrl url() {
        return url;
    }

    /** A database error as a message that names the server and says what to do; never a password. */
    static PreflightException failure(SharedLogUrl url, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String why = firstLine(e.getMessage());
        if (state.startsWith("PF")) {
            return new Refused("The shared log at " + url.server() + " refused it: " + why + ".",
                    "Run 'preflight log verify' here and 'preflight log verify --from URL'; see docs/cli.md"
                            + " \"Shared log\" for what a refusal means.");
        }
        if (state.startsWith("28")) {
            return new PreflightException(ErrorCode.INCOMPLETE, "The shared log at " + url.server() + " did not"
                    + " accept the login as " + (url.user() == null ? "this user" : "'" + url.user() + "'") + " ("
                    + why + ").", "Put the password in PGPASSWORD or in ~/.pgpass (host:port:database:user:password,"
                    + " mode 0600); it is never taken from the URL.", e);
        }
        if (state.equals("3D000")) {
            return new PreflightException(ErrorCode.INCOMPLETE, "The database '" + url.database() + "' does not exist"
                    + " on " + url.host() + ":" + url.port() + ".", "Create it (createdb " + url.database()
                    + ") or correct the URL.", e);
        }
        if (state.equals("42501")) {
            return new PreflightException(ErrorCode.INCOMPLETE, "The shared log at " + url.server() + " refused"
                    + " access: " + why + ".", "Grant the role the right to create tables in that database (first use)"
                    + " and to insert into and read the preflight_log_* tables.", e);
        }
        return new PreflightException(ErrorCode.INCOMPLETE, "The shared log at " + url.server() + " cannot be reached ("
                + why + ").", "Check the network and that PostgreSQL runs there; records stay in the local log and"
                + " are pushed later ('preflight log push').", e);
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "no reason given";
        }
        String s = m.lines().findFirst().orElse(m).strip();
        if (s.startsWith("ERROR: ")) {
            s = s.substring("ERROR: ".length());
        }
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** What a push did: records stored now, the station's record count on the server, and the local count. */
    public record PushResult(String station, long pushed, long onServer, long local) {
    }

    /**
     * Pushes the records of {@code log} the server does not hold yet, in order, {@link #BATCH} per
     * transaction. Safe to interrupt (it resumes from what the server holds) and to repeat (a record
     * already there is not stored twice). The outcome is kept beside the log ({@link PushState}).
     *
     * @throws Refused when the server refuses a record (the local log forked or was rewritten), or the
     *                 local log holds fewer records than the server already has for this station
     */
    public PushResult push(ProvisioningLog log) throws IOException {
        synchronized (PUSHING.computeIfAbsent(log.file().toAbsolutePath().normalize(), p -> new Object())) {
            PushState before = PushState.read(log.file());
            try {
                return pushLocked(log, before);
            } catch (PreflightException e) {
                saveQuietly(log, PushState.read(log.file()).failed(e.getMessage()));
                throw e;
            } catch (SQLException e) {
                PreflightException f = failure(url, e);
                saveQuietly(log, PushState.read(log.file()).failed(f.getMessage()));
                throw f;
            }
        }
    }

    /** Records a push that could not even connect, for 'log status' and the station window. */
    public static void failed(ProvisioningLog log, PreflightException e) {
        saveQuietly(log, PushState.read(log.file()).failed(e.getMessage()));
    }

    private static void saveQuietly(ProvisioningLog log, PushState s) {
        try {
            s.write(log.file());
        } catch (IOException e) {
            // only a hint for the next push and for 'log status'
        }
    }

    private PushResult pushLocked(ProvisioningLog log, PushState before) throws IOException, SQLException {
        StationKey key = log.key();
        String station = key.station();
        register(station, key);
        StationState there = station(station);
        long have = there.count();
        String server = url.toString();
        // resume after the last record pushed when the hint agrees with the server; otherwise read from the start
        boolean resume = server.equals(before.server()) && station.equals(before.station()) && before.pushed() > 0
                && (before.pushed() < have || before.pushed() == have && before.lastHash().equals(there.lastHash()))
                && before.offset() <= Files.size(log.file());
        Pusher p = new Pusher(log, key, station, have, there.lastHash());
        try {
            if (resume) {
                p.expectFrom(before.pushed(), before.lastHash());
                log.recordsFrom(before.offset(), p);
                if (p.lost) { // the file changed under the hint: read it all
                    p = new Pusher(log, key, station, have, there.lastHash());
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
                    + station + ", but this station's log " + log.file() + " has only " + Math.max(0, p.lastLocal)
                    + ": the local log was rolled back or replaced, or another station uses the name " + station + ".",
                    "Compare 'preflight log export --from URL --station " + station + "' with this log; give each"
                            + " station its own name (station settings).");
        }
        PushState after = PushState.read(log.file());
        if (p.pushedSeq > 0) {
            saveQuietly(log, after.pushed(server, station, p.pushedSeq, p.pushedHash, p.pushedEnd));
        }
        return new PushResult(station, p.stored, Math.max(have, p.pushedSeq), Math.max(p.lastLocal, 0));
    }

    /** Registers the station and its public key; refuses a key the server holds for another station. */
    private void register(String station, StationKey key) throws SQLException {
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
        final ProvisioningLog log;
        final StationKey key;
        final String station;
        final long have;
        final String haveHash;
        final List<ObjectNode> batch = new ArrayList<>();
        final List<Long> ends = new ArrayList<>();
        long expect = 1;
        String expectPrev = ProvisioningLog.GENESIS;
        boolean first = true;
        boolean lost;
        long lastLocal = -1;
        long stored;
        long pushedSeq;
        String pushedHash;
        long pushedEnd;

        Pusher(ProvisioningLog log, StationKey key, String station, long have, String haveHash) {
            this.log = log;
            this.key = key;
            this.station = station;
            this.have = have;
            this.haveHash = haveHash;
        }

        void expectFrom(long seq, String hash) {
            expect = seq + 1;
            expectPrev = hash;
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
            if (batch.size() >= BATCH) {
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
                c.rollback();
                throw unwrap(e);
            } finally {
                c.setAutoCommit(true);
            }
            ObjectNode last = batch.get(batch.size() - 1);
            pushedSeq = last.path("seq").asLong();
            pushedHash = last.path("hash").asText();
            pushedEnd = ends.get(ends.size() - 1);
            batch.clear();
            ends.clear();
            saveQuietly(log, PushState.read(log.file()).pushed(url.toString(), station, pushedSeq, pushedHash,
                    pushedEnd));
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

    /** A station as the shared log holds it. */
    public record StationState(String station, long count, String lastHash, Instant lastPush) {
    }

    /** A station's record count and last record in the shared log (count 0 when it never pushed). */
    public StationState station(String name) throws SQLException {
        c.setAutoCommit(true);
        try (PreparedStatement s = c.prepareStatement("SELECT seq, hash, pushed FROM preflight_log_records"
                + " WHERE station = ? ORDER BY seq DESC LIMIT 1")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return new StationState(name, 0, ProvisioningLog.GENESIS, null);
                }
                return new StationState(name, r.getLong(1), r.getString(2), r.getTimestamp(3).toInstant());
            }
        }
    }

    /** Every station, by name. */
    public List<StationState> stations() throws SQLException {
        List<StationState> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT s.station, coalesce(l.seq, 0),"
                + " coalesce(l.hash, repeat('0', 64)), l.pushed FROM preflight_log_stations s LEFT JOIN LATERAL"
                + " (SELECT seq, hash, pushed FROM preflight_log_records r WHERE r.station = s.station ORDER BY seq"
                + " DESC LIMIT 1) l ON true ORDER BY s.station")) {
            while (r.next()) {
                Timestamp t = r.getTimestamp(4);
                out.add(new StationState(r.getString(1), r.getLong(2), r.getString(3), t == null ? null
                        : t.toInstant()));
            }
        }
        return out;
    }

    /** What a shared export selects (null: any); {@code station} picks one station's records. */
    public record Filter(Instant since, Instant until, String verdict, String batch, String station) {
        public static final Filter ALL = new Filter(null, null, null, null, null);

        /** The filters set, as the export's signed head records them. */
        public Map<String, String> asMap() {
            Map<String, String> m = new LinkedHashMap<>();
            Optional.ofNullable(since).ifPresent(t -> m.put("since", t.toString()));
            Optional.ofNullable(until).ifPresent(t -> m.put("until", t.toString()));
            Optional.ofNullable(verdict).ifPresent(v -> m.put("verdict", v));
            Optional.ofNullable(batch).ifPresent(b -> m.put("batch", b));
            Optional.ofNullable(station).ifPresent(v -> m.put("station", v));
            return m;
        }

        String where(List<Object> params) {
            List<String> w = new ArrayList<>();
            if (since != null) {
                w.add("time >= ?");
                params.add(Timestamp.from(since));
            }
            if (until != null) {
                w.add("time < ?");
                params.add(Timestamp.from(until));
            }
            if (verdict != null) {
                w.add("lower(verdict) = lower(?)");
                params.add(verdict);
            }
            if (batch != null) {
                w.add("batch = ?");
                params.add(batch);
            }
            if (station != null) {
                w.add("station = ?");
                params.add(station);
            }
            return w.isEmpty() ? "" : " WHERE " + String.join(" AND ", w);
        }
    }

    /**
     * Writes the records {@code filter} selects, every station's, oldest first, as a signed export
     * ({@link SignedExport}'s formats) signed with {@code key}. The records stream from a server-side
     * cursor, so memory stays flat at any size; one repeatable-read transaction keeps the counts in the
     * report and its rows consistent. Returns how many records were written.
     */
    public long export(Writer out, String format, Filter filter, StationKey key) throws IOException {
        try {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return exportIn(out, format, filter, key);
            } finally {
                c.rollback();
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(url, e);
        }
    }

    private long exportIn(Writer out, String format, Filter filter, StationKey key) throws IOException, SQLException {
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        LogExport.Tally tally;
        try (PreparedStatement s = prepare("SELECT count(*), count(*) FILTER (WHERE verdict = 'pass'), count(*)"
                + " FILTER (WHERE verdict = 'warn'), count(*) FILTER (WHERE verdict = 'fail') FROM"
                + " preflight_log_records" + where, params); ResultSet r = s.executeQuery()) {
            r.next();
            tally = new LogExport.Tally(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4));
        }
        Map<String, StationState> stations = new LinkedHashMap<>();
        for (StationState st : stations()) {
            if (filter.station() == null || filter.station().equals(st.station())) {
                stations.put(st.station(), st);
            }
        }
        ExportWriter w = new ExportWriter(out, format, key, tally, false);
        Map<String, Long> exported = new LinkedHashMap<>();
        try (PreparedStatement s = prepare("SELECT station, hash, sig, body FROM preflight_log_records" + where
                + " ORDER BY time, station, seq", params)) {
            s.setFetchSize(1000);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    w.add(record(r.getString(4), r.getString(2), r.getString(3)));
                    exported.merge(r.getString(1), 1L, Long::sum);
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

    private PreparedStatement prepare(String sql, List<Object> params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            s.setObject(i + 1, params.get(i));
        }
        return s;
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

    /** The last time a card was seen in the shared log, and how often. */
    public record Seen(long count, String station, Instant time, String verdict, List<String> codes) {
    }

    /** Looks {@code identity} up in every station's records (the card index). */
    public Seen lookup(String identity) throws SQLException, IOException {
        c.setAutoCommit(true);
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) OVER (), station, time, verdict, body FROM"
                + " preflight_log_records WHERE card_identity = ? ORDER BY time DESC NULLS LAST, pushed DESC LIMIT 1")) {
            s.setString(1, identity);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return new Seen(0, null, null, null, List.of());
                }
                Timestamp t = r.getTimestamp(3);
                List<String> codes = new ArrayList<>();
                ProvisioningLog.JSON.readTree(r.getString(5)).path("findingCodes").forEach(n -> codes.add(n.asText()));
                return new Seen(r.getLong(1), r.getString(2), t == null ? null : t.toInstant(), r.getString(4), codes);
            }
        }
    }

    /** The result of {@link #verify()}: problems are findings; one line per station says how it was signed. */
    public record Check(long records, List<String> stations, List<String> problems, List<String> notes) {
        public boolean intact() {
            return problems.isEmpty();
        }
    }

    /** Checks every station's chain and signatures (see SharedVerifier). */
    public Check verify() throws IOException {
        try {
            return SharedVerifier.verify(c);
        } catch (SQLException e) {
            throw failure(url, e);
        }
    }

    Connection connection() {
        return c;
    }

    @Override
    public void close() {
        close(c);
    }

}
