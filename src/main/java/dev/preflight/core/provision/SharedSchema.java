package dev.preflight.core.provision;

import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The shared log's tables, created and migrated by Preflight on first use (docs/cli.md "Shared log").
 * {@code preflight_schema_version} lists the migrations applied; they run in one transaction under an
 * advisory lock, so stations starting at once migrate once. A schema newer than this Preflight knows is
 * refused rather than written to.
 *
 * <p>The database itself keeps each station's chain: a trigger checks every inserted record (its
 * SHA-256 matches its body, it continues the station's chain, its signing key is not another station's),
 * derives the indexed columns from the body, skips a record that is already there with the same hash,
 * and refuses updates and deletes. A station's records are stored one at a time under an advisory lock
 * on its name, so two pushes of one station cannot interleave and different stations never wait.
 */
final class SharedSchema {
    /** The version this Preflight writes. */
    static final int VERSION = 1;
    /** pg_advisory_xact_lock key: "PFLT" as an int. */
    static final long LOCK = 0x50464c54L;

    private SharedSchema() {
    }

    private static final List<String> V1 = List.of("""
            CREATE TABLE preflight_log_stations (
              station text PRIMARY KEY,
              first_push timestamptz NOT NULL DEFAULT now()
            )""", """
            CREATE TABLE preflight_log_keys (
              key_id text PRIMARY KEY,
              station text NOT NULL REFERENCES preflight_log_stations (station),
              public_key bytea NOT NULL,
              registered timestamptz NOT NULL DEFAULT now(),
              CHECK (key_id = left(encode(sha256(public_key), 'hex'), 16))
            )""", """
            CREATE TABLE preflight_log_records (
              station text NOT NULL REFERENCES preflight_log_stations (station),
              seq bigint NOT NULL CHECK (seq > 0),
              hash char(64) NOT NULL,
              sig text,
              body text NOT NULL,
              prev_hash char(64),
              key_id text,
              time timestamptz,
              card_identity text,
              batch text,
              verdict text,
              action text,
              pushed timestamptz NOT NULL DEFAULT now(),
              PRIMARY KEY (station, seq)
            )""",
            "CREATE INDEX preflight_log_records_card ON preflight_log_records (card_identity, time)",
            "CREATE INDEX preflight_log_records_time ON preflight_log_records (time)",
            "CREATE INDEX preflight_log_records_batch ON preflight_log_records (batch, time)", """
            CREATE FUNCTION preflight_log_append() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
              b jsonb;
              have bigint;
              last char(64);
              there char(64);
              owner text;
              t text;
            BEGIN
              IF encode(sha256(convert_to(NEW.body, 'UTF8')), 'hex') <> NEW.hash THEN
                RAISE EXCEPTION USING ERRCODE = 'PF001', MESSAGE = format('record %s of station %s was altered:'
                  ' its hash does not match its content', NEW.seq, NEW.station);
              END IF;
              b := replace(NEW.body, '\\u0000', '\\ufffd')::jsonb;
              IF jsonb_typeof(b) <> 'object' OR (b ->> 'seq') IS DISTINCT FROM NEW.seq::text THEN
                RAISE EXCEPTION USING ERRCODE = 'PF001', MESSAGE = format('record %s of station %s does not say'
                  ' it is record %s', NEW.seq, NEW.station, NEW.seq);
              END IF;
              NEW.prev_hash := b ->> 'prevHash';
              NEW.key_id := b -> 'signedBy' ->> 'keyId';
              t := b ->> 'time';
              NEW.time := CASE WHEN t ~ '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?Z$' THEN t::timestamptz END;
              NEW.card_identity := b -> 'card' ->> 'identity';
              NEW.batch := b ->> 'batch';
              NEW.verdict := b ->> 'verdict';
              NEW.action := b ->> 'action';
              NEW.pushed := now();
              -- one station's records are stored one at a time, in order; other stations are not held up
              PERFORM pg_advisory_xact_lock(1347896404, hashtext(NEW.station));
              SELECT seq, hash INTO have, last FROM preflight_log_records WHERE station = NEW.station
                ORDER BY seq DESC LIMIT 1;
              IF NOT FOUND THEN
                have := 0;
                last := repeat('0', 64);
              END IF;
              IF NEW.seq <= have THEN
                SELECT hash INTO there FROM preflight_log_records WHERE station = NEW.station AND seq = NEW.seq;
                IF there = NEW.hash THEN
                  RETURN NULL;
                END IF;
                RAISE EXCEPTION USING ERRCODE = 'PF002', MESSAGE = format('record %s of station %s is not the'
                  ' record %s already stored (hash %s there, %s here): the station''s log was rewritten, or'
                  ' another station uses the same name', NEW.seq, NEW.station, NEW.seq, left(there, 12),
                  left(NEW.hash, 12));
              END IF;
              IF NEW.seq <> have + 1 THEN
                RAISE EXCEPTION USING ERRCODE = 'PF003', MESSAGE = format('record %s of station %s cannot be'
                  ' stored yet: the shared log holds records 1-%s of that station, records are stored in order',
                  NEW.seq, NEW.station, have);
              END IF;
              IF NEW.prev_hash IS DISTINCT FROM last THEN
                RAISE EXCEPTION USING ERRCODE = 'PF004', MESSAGE = format('record %s of station %s does not'
                  ' continue its chain: it follows a record with hash %s, record %s stored has hash %s (a fork or'
                  ' a rewritten history)', NEW.seq, NEW.station, left(coalesce(NEW.prev_hash, '?'), 12), have,
                  left(last, 12));
              END IF;
              IF NEW.key_id IS NOT NULL THEN
                SELECT station INTO owner FROM preflight_log_keys WHERE key_id = NEW.key_id;
                IF owner IS NOT NULL AND owner <> NEW.station THEN
                  RAISE EXCEPTION USING ERRCODE = 'PF005', MESSAGE = format('record %s of station %s is signed'
                    ' with key %s, which belongs to station %s', NEW.seq, NEW.station, NEW.key_id, owner);
                END IF;
                IF NEW.sig IS NULL THEN
                  RAISE EXCEPTION USING ERRCODE = 'PF005', MESSAGE = format('record %s of station %s names a'
                    ' signing key but carries no signature', NEW.seq, NEW.station);
                END IF;
              END IF;
              RETURN NEW;
            END $$""", """
            CREATE FUNCTION preflight_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION USING ERRCODE = 'PF006', MESSAGE = 'the shared provisioning log is append-only: '
                || TG_OP || ' on ' || TG_TABLE_NAME || ' is refused';
            END $$""",
            "CREATE TRIGGER preflight_log_append BEFORE INSERT ON preflight_log_records FOR EACH ROW"
                    + " EXECUTE FUNCTION preflight_log_append()",
            "CREATE TRIGGER preflight_log_records_fixed BEFORE UPDATE OR DELETE ON preflight_log_records FOR EACH ROW"
                    + " EXECUTE FUNCTION preflight_log_append_only()",
            "CREATE TRIGGER preflight_log_records_no_truncate BEFORE TRUNCATE ON preflight_log_records"
                    + " FOR EACH STATEMENT EXECUTE FUNCTION preflight_log_append_only()",
            "CREATE TRIGGER preflight_log_stations_fixed BEFORE UPDATE OR DELETE ON preflight_log_stations"
                    + " FOR EACH ROW EXECUTE FUNCTION preflight_log_append_only()",
            "CREATE TRIGGER preflight_log_keys_fixed BEFORE UPDATE OR DELETE ON preflight_log_keys FOR EACH ROW"
                    + " EXECUTE FUNCTION preflight_log_append_only()");

    /** Migrations by version: index 0 is version 1. */
    private static final List<List<String>> MIGRATIONS = List.of(V1);

    /**
     * For reading only (nothing is created, migrated or locked): whether the tables are there, false when no
     * station has pushed to this database yet; a schema this Preflight cannot read is refused with a message.
     */
    static boolean readable(Connection c, SharedLogUrl url) throws SQLException {
        int have;
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM preflight_schema_version")) {
            r.next();
            have = r.getInt(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) { // undefined table
                return false;
            }
            throw e;
        }
        if (have > VERSION) {
            throw new PreflightException(ErrorCode.INCOMPLETE, "The shared log at " + url.server() + " has schema"
                    + " version " + have + ", newer than this Preflight reads (" + VERSION + ").",
                    "Update Preflight on this station to read it.");
        }
        if (have < VERSION) {
            throw new PreflightException(ErrorCode.INCOMPLETE, "The shared log at " + url.server() + " has schema"
                    + " version " + have + ", older than this Preflight reads (" + VERSION + ").",
                    "The next push from a station with this Preflight migrates it ('preflight log push');"
                            + " or read it with the Preflight version that wrote it.");
        }
        return true;
    }

    /** Creates or migrates the schema; refuses a schema newer than this Preflight. */
    static void ensure(Connection c, String by) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            s.execute("CREATE TABLE IF NOT EXISTS preflight_schema_version (version int PRIMARY KEY,"
                    + " applied timestamptz NOT NULL DEFAULT now(), applied_by text)");
            int have;
            try (ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM preflight_schema_version")) {
                r.next();
                have = r.getInt(1);
            }
            if (have > VERSION) {
                throw new PreflightException(ErrorCode.INCOMPLETE, "The shared log's schema is version " + have
                        + ", newer than this Preflight knows (" + VERSION + ").", "Update Preflight on this station.");
            }
            for (int v = have + 1; v <= VERSION; v++) {
                for (String sql : MIGRATIONS.get(v - 1)) {
                    s.execute(sql);
                }
                try (var p = c.prepareStatement("INSERT INTO preflight_schema_version (version, applied_by)"
                        + " VALUES (?, ?)")) {
                    p.setInt(1, v);
                    p.setString(2, by);
                    p.executeUpdate();
                }
            }
            c.commit();
        } finally {
            SharedConnection.end(c, auto); // what was not committed is rolled back
        }
    }
}
