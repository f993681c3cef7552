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
    /** Seconds to wait for the server when pushing, exporting or verifying. */
    public static final int TIMEOUT_SECONDS = 10;
    /** Records per transaction when pushing: an interrupted push keeps what was committed. */
    static final int BATCH = 500;

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

    /** Connects (waiting at most TIMEOUT_SECONDS) and creates or migrates the schema. */
    public static SharedLog open(SharedLogUrl url) {
        return open(url, TIMEOUT_SECONDS);
    }

    public static SharedLog open(SharedLogUrl url, int timeoutSeconds) {
        Connection c = SharedConnection.connect(url, timeoutSeconds);
        try {
            SharedSchema.ensure(c, "Preflight " + Version.get());
            return new SharedLog(url, c);
        } catch (SQLException e) {
            SharedConnection.closeQuietly(c);
            throw SharedConnection.failure(url, e);
        } catch (RuntimeException e) {
            SharedConnection.closeQuietly(c);
            throw e;
        }
    }

    /** Connects for a quick read, without creating or migrating the schema; every answer within the timeout. */
    static SharedLog connected(SharedLogUrl url, int timeoutSeconds) {
        Connection c = SharedConnection.connect(url, timeoutSeconds);
        try {
            c.setNetworkTimeout(Runnable::run, timeoutSeconds * 1000);
        } catch (SQLException e) {
            SharedConnection.closeQuietly(c);
            throw SharedConnection.failure(url, e);
        }
        return new SharedLog(url, c);
    }

    /**
     * Pushes the records of {@code log} the server does not hold yet, in order, {@link #BATCH} per
     * transaction; safe to interrupt and to repeat (see {@link SharedPush}).
     *
     * @throws Refused when the server refuses a record (the local log forked or was rewritten), or the
     *                 local log holds fewer records than the server already has for this station
     */
    public PushResult push(ProvisioningLog log) throws IOException {
        return new SharedPush(url, c).push(log);
    }

    /** Records a push that could not even connect, for 'log status' and the station window. */
    public static void failed(ProvisioningLog log, PreflightException e) {
        SharedPush.failed(log, e);
    }

    /** A station's record count and last record in the shared log (count 0 when it never pushed). */
    public StationState station(String name) throws SQLException {
        return SharedRecords.station(c, name);
    }

    /** Every station, by name. */
    public List<StationState> stations() throws SQLException {
        return SharedRecords.stations(c);
    }

    /**
     * Writes the records {@code filter} selects, every station's, oldest first, as a signed export
     * ({@link SignedExport}'s formats) signed with {@code key}, in flat memory and from one consistent
     * snapshot (see {@link SharedExport}). Returns how many records were written.
     */
    public long export(Writer out, String format, Filter filter, StationKey key) throws IOException {
        return new SharedExport(url, c).write(out, format, filter, key);
    }

    /** Looks {@code identity} up in every station's records (the card index). */
    public Seen lookup(String identity) throws SQLException, IOException {
        return SharedRecords.lookup(c, identity);
    }

    /** Checks every station's chain and signatures (see SharedVerifier). */
    public Check verify() throws IOException {
        try {
            return SharedVerifier.verify(c);
        } catch (SQLException e) {
            throw SharedConnection.failure(url, e);
        }
    }

    @Override
    public void close() {
        SharedConnection.closeQuietly(c);
    }
}
