package dev.preflight.core.provision;

import dev.preflight.Version;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The provisioning log shared by several stations, in PostgreSQL (docs/decisions/0016). Each station
 * appends to its own local log first, as always, then pushes the records the server does not hold yet,
 * in order; the database keeps every station's chain ({@link SharedSchema}) and refuses a record that
 * does not continue it. Records are stored as they were signed: the canonical JSON the hash covers, the
 * hash and the station's signature, with the station's public key, so anyone can check them later.
 *
 * <p>This is one open connection and the questions asked over it; the work is done by
 * {@link SharedConnection} (connecting, what an error means), {@link SharedPush} (pushing a chain),
 * {@link SharedRecords} (stations, card look-ups), {@link SharedExport} and {@link SharedVerifier}.
 */
public final class SharedLog implements AutoCloseable {
    /** Seconds to wait for a connection (the login included) when pushing, exporting or verifying. */
    public static final int TIMEOUT_SECONDS = 10;
    /** Seconds a push, export or verify, once connected, waits for the server to say anything before it gives up. */
    public static final int STALL_SECONDS = 300;
    /** Records per transaction when pushing: an interrupted push keeps what was committed. */
    static final int BATCH = 500;

    private final SharedLogUrl url;
    private final Connection c;
    /** System.nanoTime() by which every answer must have come (0: none), and the seconds that gives. */
    private final long deadline;
    private final int seconds;
    /** False when no station has pushed to the database yet: it has no Preflight tables. */
    private boolean schema = true;

    private SharedLog(SharedLogUrl url, Connection c, long deadline, int seconds) {
        this.url = url;
        this.c = c;
        this.deadline = deadline;
        this.seconds = seconds;
    }

    /** The server refused a record: a fork, a rewritten history, or a record this station did not sign. */
    public static final class Refused extends PreflightException {
        Refused(String message, String hint) {
            super(ErrorCode.INCOMPLETE, message, hint);
        }
    }

    /** What a push did: records stored now, the station's record count on the server, and the local count. */
    public record PushResult(String station, long pushed, long onServer, long local) {
    }

    /** A station as the shared log holds it. */
    public record StationState(String station, long count, String lastHash, Instant lastPush) {
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
    }

    /** The last time a card was seen in the shared log, and how often. */
    public record Seen(long count, String station, Instant time, String verdict, List<String> codes) {
    }

    /** The result of {@link #verify()}: problems are findings; one line per station says how it was signed. */
    public record Check(long records, List<String> stations, List<String> problems, List<String> notes) {
        public boolean intact() {
            return problems.isEmpty();
        }
    }

    /**
     * Connects (waiting at most TIMEOUT_SECONDS) and creates or migrates the schema; from then on a server
     * silent for longer than {@link #stallSeconds()} ends what waits for it (a push's batches keep it busy).
     */
    public static SharedLog open(SharedLogUrl url) {
        return open(url, TIMEOUT_SECONDS);
    }

    public static SharedLog open(SharedLogUrl url, int timeoutSeconds) {
        return prepared(new SharedLog(url, SharedConnection.connect(url, timeoutSeconds), 0, stallSeconds()),
                s -> SharedSchema.ensure(s.c, "Preflight " + Version.get()));
    }

    /**
     * Connects to read, for a quick answer: nothing is created, migrated or locked, so a role that may only
     * read will do and another station's migration is not waited for, and the connection and every answer
     * together take at most {@code seconds} (a server that stops answering fails with a message saying so).
     * A database no station has pushed to reads as an empty shared log ({@link #hasSchema()} false); a
     * schema this Preflight cannot read is refused.
     */
    public static SharedLog reading(SharedLogUrl url, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        return prepared(new SharedLog(url, SharedConnection.connect(url, seconds), deadline, seconds),
                SharedLog::checkSchema);
    }

    /**
     * Connects to read a long answer (an export, a verify): as {@link #reading(SharedLogUrl, int)}, but the
     * server may take its time as long as it keeps answering: only a silence longer than
     * {@link #stallSeconds()} (while Preflight waits for it) ends the read, however long it runs in all.
     */
    public static SharedLog reading(SharedLogUrl url) {
        return prepared(new SharedLog(url, SharedConnection.connect(url, TIMEOUT_SECONDS), 0, stallSeconds()),
                SharedLog::checkSchema);
    }

    private void checkSchema() throws SQLException {
        schema = SharedSchema.readable(ready(), url);
    }

    /** What is done on a new connection before it is handed out. */
    private interface Setup {
        void on(SharedLog s) throws SQLException;
    }

    /** {@code s} once its wait for each answer is set and {@code setup} ran on it; closed if either failed. */
    private static SharedLog prepared(SharedLog s, Setup setup) {
        try {
            if (s.deadline == 0) {
                s.c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, s.seconds * 1000L));
            }
            setup.on(s);
            return s;
        } catch (SQLException e) {
            s.close();
            throw s.failure(e);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * How long a push, export or verify waits for the server to say anything once connected:
     * {@value #STALL_SECONDS} s, or the system property {@code preflight.sharedStallSeconds}
     * (PREFLIGHT_EXTRA_OPTS=-Dpreflight.sharedStallSeconds=N). A big export's first rows may take the server
     * a while to sort; a push waits for another station's migration.
     */
    public static int stallSeconds() {
        return Math.max(1, Integer.getInteger("preflight.sharedStallSeconds", STALL_SECONDS));
    }

    /** False when no station has pushed to this database yet (a {@link #reading} connection found no tables). */
    public boolean hasSchema() {
        return schema;
    }

    /** The connection, with what is left of the deadline as its wait for the next answer. */
    private Connection ready() throws SQLException {
        if (deadline != 0) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            c.setNetworkTimeout(Runnable::run, (int) Math.max(1, Math.min(Integer.MAX_VALUE, left)));
        }
        return c;
    }

    PreflightException failure(SQLException e) {
        return SharedConnection.failure(url, e, seconds);
    }

    /**
     * Pushes the records of {@code log} the server does not hold yet, in order, {@link #BATCH} per
     * transaction; safe to interrupt and to repeat (see {@link SharedPush}).
     *
     * @throws Refused when the server refuses a record (the local log forked or was rewritten), or the
     *                 local log holds fewer records than the server already has for this station
     */
    public PushResult push(ProvisioningLog log) throws IOException {
        return SharedPush.push(url, log, this);
    }

    /**
     * Connects, creates or migrates the schema, and pushes as {@link #push(ProvisioningLog)}: what
     * {@code preflight log push}, batch and station mode do. A failed push, whatever failed (connecting
     * included), is recorded once in the push state, for 'log status' and the station window.
     */
    public static PushResult push(SharedLogUrl url, ProvisioningLog log) throws IOException {
        return SharedPush.push(url, log, null);
    }

    Connection connection() {
        return c;
    }

    /** A station's record count and last record in the shared log (count 0 when it never pushed). */
    public StationState station(String name) throws SQLException {
        return schema ? SharedRecords.station(ready(), name) : new StationState(name, 0, ProvisioningLog.GENESIS, null);
    }

    /** How many records of station {@code name} the shared log holds; a database error as a message. */
    public long records(String name) {
        try {
            return station(name).count();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Every station, by name. */
    public List<StationState> stations() throws SQLException {
        return schema ? SharedRecords.stations(ready()) : List.of();
    }

    /**
     * Writes the records {@code filter} selects, every station's, oldest first, as a signed export
     * ({@link SignedExport}'s formats) signed with {@code key}, in flat memory and from one consistent
     * snapshot (see {@link SharedExport}). Returns how many records were written.
     */
    public long export(Writer out, String format, Filter filter, StationKey key) throws IOException {
        try {
            return new SharedExport(url, c).write(out, format, filter, key, schema);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Looks {@code identity} up in every station's records (the card index). */
    public Seen lookup(String identity) throws SQLException, IOException {
        return schema ? SharedRecords.lookup(ready(), identity) : new Seen(0, null, null, null, List.of());
    }

    /** Checks every station's chain and signatures (see SharedVerifier). */
    public Check verify() throws IOException {
        if (!schema) {
            return new Check(0, List.of(), List.of(), List.of("no station has pushed to it yet (it has no Preflight"
                    + " tables)"));
        }
        try {
            return SharedVerifier.verify(c);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public void close() {
        SharedConnection.closeQuietly(c);
    }
}
