package dev.preflight.core.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.support.TcpForwarder;
import dev.preflight.support.FreshDatabaseTest;
import dev.preflight.support.TestPostgres;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shared provisioning log against a real PostgreSQL (TestPostgres): pushes that resume and never
 * store twice, a station offline then back, two stations at once, a push killed half-way, and forks and
 * forgeries refused by the database itself.
 */
class SharedLogTest extends FreshDatabaseTest {
    /** A station's log whose key carries {@code name} (the station's name in the shared log). */
    ProvisioningLog station(String name) throws IOException {
        Path keys = dir.resolve(name + "-keys");
        String before = System.getProperty("preflight.station");
        System.setProperty("preflight.station", name);
        try {
            assertThat(StationKey.in(keys).station()).isEqualTo(name);
        } finally {
            if (before == null) {
                System.clearProperty("preflight.station");
            } else {
                System.setProperty("preflight.station", before);
            }
        }
        return new ProvisioningLog(dir.resolve(name + ".jsonl"), keys);
    }

    static void append(ProvisioningLog log, int n, String prefix) throws IOException {
        for (int i = 0; i < n; i++) {
            log.append(ProvisioningLogTest.rec(prefix + "-" + i, i % 3 == 0 ? "fail" : "pass").put("batch", "lot-1"));
        }
    }

    SharedLog.PushResult push(ProvisioningLog log) throws IOException {
        try (SharedLog s = SharedLog.open(db)) {
            return s.push(log);
        }
    }

    /** (seq, hash) of every record of {@code station} in the database, in order. */
    List<String> stored(String station) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = TestPostgres.connect(db); PreparedStatement s = c.prepareStatement(
                "SELECT seq, hash FROM preflight_log_records WHERE station = ? ORDER BY seq")) {
            s.setString(1, station);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getLong(1) + " " + r.getString(2));
                }
            }
        }
        return out;
    }

    static List<String> local(ProvisioningLog log) throws IOException {
        return log.read().records().stream().map(r -> r.path("seq").asLong() + " " + r.path("hash").asText()).toList();
    }

    SharedLog.Check verify() throws IOException {
        try (SharedLog s = SharedLog.open(db)) {
            return s.verify();
        }
    }

    @Test
    void anExportIsOneSnapshotWhileTheStationGoesOnPushing() throws Exception {
        ProvisioningLog a = station("station-1");
        append(a, 5, "a");
        push(a);
        append(a, 3, "late");
        boolean[] pushedMeanwhile = {false};
        StringWriter text = new StringWriter();
        long written;
        try (Connection real = TestPostgres.connect(db)) {
            // the station pushes three more records after the export has counted and before it reads the rows
            Connection c = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, m, args) -> {
                        if (m.getName().equals("prepareStatement") && ((String) args[0]).startsWith(
                                "SELECT station, hash, sig, body") && !pushedMeanwhile[0]) {
                            pushedMeanwhile[0] = true;
                            assertThat(push(a).pushed()).isEqualTo(3);
                        }
                        try {
                            return m.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            written = new SharedExport(db, c).write(text, "json", SharedLog.Filter.ALL, a.key(), true);
        }
        assertThat(pushedMeanwhile[0]).isTrue();
        assertThat(stored("station-1")).hasSize(8);
        assertThat(written).isEqualTo(5); // what the shared log held when the export began, no more
        Path f = dir.resolve("snapshot.json");
        Files.writeString(f, text.toString());
        ExportVerifier.Result r = ExportVerifier.verify(f, a.key().publicKey());
        assertThat(r.problems()).isEmpty(); // the signed head's counts match the rows
        assertThat(r.records()).isEqualTo(5);
    }

    @Test
    void aLookupInsideAnExportsSnapshotLeavesTheTransactionAsItWas() throws Exception {
        ProvisioningLog a = station("station-1");
        append(a, 2, "a");
        push(a);
        String card = a.read().records().get(0).path("card").path("identity").asText();
        try (Connection c = TestPostgres.connect(db)) {
            // the export's transaction: one repeatable-read snapshot for its counts and its rows
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            assertThat(SharedRecords.stations(c)).singleElement().extracting(SharedLog.StationState::count)
                    .isEqualTo(2L);
            assertThat(SharedRecords.station(c, "station-1").count()).isEqualTo(2);
            append(a, 3, "b");
            assertThat(push(a).pushed()).isEqualTo(3); // another connection, meanwhile
            assertThat(SharedRecords.lookup(c, card).count()).isEqualTo(1);
            assertThat(c.getAutoCommit()).as("still in the transaction").isFalse();
            assertThat(SharedRecords.station(c, "station-1").count()).as("still the same snapshot").isEqualTo(2);
            assertThat(SharedRecords.stations(c)).singleElement().extracting(SharedLog.StationState::count)
                    .isEqualTo(2L);
            c.rollback();
            assertThat(SharedRecords.station(c, "station-1").count()).isEqualTo(5);
        }
    }

    @Test
    void aPushStoresWhatIsNewAndARepeatedPushStoresNothing() throws Exception {
        ProvisioningLog a = station("station-1");
        append(a, 5, "a");
        assertThat(push(a)).isEqualTo(new SharedLog.PushResult("station-1", 5, 5, 5));
        assertThat(push(a).pushed()).isZero();
        append(a, 3, "b");
        assertThat(push(a).pushed()).isEqualTo(3);
        assertThat(stored("station-1")).isEqualTo(local(a));
        PushState state = PushState.read(a.file());
        assertThat(state.pushed()).isEqualTo(8);
        assertThat(state.error()).isNull();
        assertThat(state.server()).isEqualTo(db.toString());
        // the stored records are the station's own: body + hash + signature verify with its key
        SharedLog.Check c = verify();
        assertThat(c.problems()).isEmpty();
        assertThat(c.records()).isEqualTo(8);
        assertThat(c.stations()).singleElement().asString().contains("station-1: 8 record(s), signed 8 with key");
    }

    @Test
    void theSchemaIsCreatedOnceWithItsVersionAndIndexes() throws Exception {
        try (SharedLog s = SharedLog.open(db)) {
            assertThat(s.stations()).isEmpty();
        }
        try (SharedLog s = SharedLog.open(db)) { // a second station: nothing to migrate
            assertThat(s.stations()).isEmpty();
        }
        try (Connection c = TestPostgres.connect(db); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT version FROM preflight_schema_version")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getInt(1)).isEqualTo(SharedSchema.VERSION);
                assertThat(r.next()).isFalse();
            }
            List<String> indexes = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT indexdef FROM pg_indexes WHERE tablename ="
                    + " 'preflight_log_records'")) {
                while (r.next()) {
                    indexes.add(r.getString(1));
                }
            }
            assertThat(indexes).anyMatch(i -> i.contains("(card_identity, \"time\")"))
                    .anyMatch(i -> i.contains("(\"time\")")).anyMatch(i -> i.contains("(batch, \"time\")"));
            s.execute("INSERT INTO preflight_schema_version (version) VALUES (99)");
        }
        assertThatThrownBy(() -> SharedLog.open(db)).isInstanceOf(PreflightException.class)
                .hasMessageContaining("version 99, newer than this Preflight knows");
    }

    @Test
    void aStationOfflineKeepsItsRecordsAndPushesThemLaterInOrder() throws Exception {
        ProvisioningLog a = station("station-1");
        try (TcpForwarder network = new TcpForwarder(db.host(), db.port())) {
            SharedLogUrl url = new SharedLogUrl("127.0.0.1", network.port(), db.database(), db.user(), db.params());
            try (SharedPusher pusher = new SharedPusher(a, url)) {
                append(a, 2, "a");
                pusher.pushSoon();
                assertThat(pusher.awaitIdle(Duration.ofSeconds(60))).isTrue();
                assertThat(pusher.status()).isEqualTo(new SharedPusher.Status(2, null));

                network.down();
                for (int i = 0; i < 4; i++) { // the station works on: each card is recorded, each push fails
                    append(a, 1, "offline-" + i);
                    pusher.pushSoon();
                }
                assertThat(pusher.awaitIdle(Duration.ofSeconds(60))).isTrue();
                assertThat(pusher.status().pushed()).isEqualTo(2);
                assertThat(pusher.status().error()).contains("cannot be reached");
                assertThat(pusher.describe()).startsWith("Shared log 127.0.0.1:" + network.port() + "/")
                        .contains("2 of 6 record(s) there, 4 only local so far (last error: ");
                assertThat(PushState.read(a.file()).error()).contains("cannot be reached");
                assertThat(a.verify()).isEmpty();

                network.up();
                append(a, 1, "back");
                pusher.pushSoon();
                assertThat(pusher.awaitIdle(Duration.ofSeconds(60))).isTrue();
                assertThat(pusher.status()).isEqualTo(new SharedPusher.Status(7, null));
                assertThat(pusher.describe()).endsWith(": all 7 record(s) there.");
            }
        }
        assertThat(stored("station-1")).isEqualTo(local(a));
        assertThat(PushState.read(a.file()).error()).isNull();
    }

    @Test
    void twoStationsPushingAtOnceEachKeepTheirChain() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> ps = new ArrayList<>();
        for (String name : new String[] {"station-1", "station-2"}) {
            ps.add(new ProcessBuilder(java, "-Dpreflight.station=" + name, "-cp", cp, PushProcess.class.getName(),
                    "append", dir.resolve(name + ".jsonl").toString(), dir.resolve(name + "-keys").toString(),
                    db.toString(), "120").redirectErrorStream(true).start());
        }
        for (Process p : ps) {
            assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        }
        for (String name : new String[] {"station-1", "station-2"}) {
            ProvisioningLog log = new ProvisioningLog(dir.resolve(name + ".jsonl"), dir.resolve(name + "-keys"));
            assertThat(log.read().records()).hasSize(120);
            assertThat(stored(name)).isEqualTo(local(log));
        }
        SharedLog.Check c = verify();
        assertThat(c.problems()).isEmpty();
        assertThat(c.records()).isEqualTo(240);
        assertThat(c.stations()).hasSize(2);
    }

    @Test
    void aPushKilledHalfWayLosesNothingAndStoresNothingTwice() throws Exception {
        ProvisioningLog a = station("station-k");
        int n = 6_000;
        build(a, n);
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Dpreflight.station=station-k", "-cp", cp, PushProcess.class.getName(),
                "push", a.file().toString(), dir.resolve("station-k-keys").toString(), db.toString())
                .redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        long seen = 0;
        while (seen < SharedLog.BATCH && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            seen = count("station-k");
        }
        assertThat(p.isAlive()).as("the push must still be running when it is killed").isTrue();
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback from the client
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long afterKill = count("station-k");
        assertThat(afterKill).isBetween((long) SharedLog.BATCH, n - 1L);
        SharedLog.PushResult r = push(a);
        assertThat(r.pushed()).isEqualTo(n - afterKill);
        assertThat(r.onServer()).isEqualTo(n);
        assertThat(stored("station-k")).isEqualTo(local(a));
        assertThat(push(a).pushed()).isZero();
        assertThat(verify().problems()).isEmpty();
    }

    long count(String station) throws SQLException {
        try (Connection c = TestPostgres.connect(db); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM preflight_log_records WHERE station = ?")) {
            s.setString(1, station);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0; // the schema is not there yet
            }
            throw e;
        }
    }

    /** Writes {@code n} signed, chained records and the signed head directly (appends would fsync n times). */
    static void build(ProvisioningLog log, int n) throws IOException {
        StationKey key = log.key();
        String prev = ProvisioningLog.GENESIS;
        Instant start = Instant.parse("2026-11-01T08:00:00Z");
        try (BufferedWriter w = Files.newBufferedWriter(log.file(), StandardCharsets.UTF_8)) {
            for (int i = 1; i <= n; i++) {
                ObjectNode r = LogAppendBenchmark.record(i);
                r.put("seq", i).put("prevHash", prev).put("time", start.plusSeconds(i).toString());
                r.putObject("signedBy").put("station", key.station()).put("keyId", key.keyId());
                prev = ProvisioningLog.hash(r);
                r.put("hash", prev);
                r.put("sig", key.sign(LogHead.recordStatement(r)).path("signature").asText());
                w.write(ProvisioningLog.JSON.writeValueAsString(r));
                w.write('\n');
            }
        }
        LogHead.write(log.headFile(), key.sign(LogHead.statement(key.station(), key.keyId(), n, prev)));
    }

    @Test
    void aRewrittenLogIsRefusedAndNothingOfItIsStored() throws Exception {
        ProvisioningLog a = station("station-1");
        append(a, 4, "a");
        push(a);
        List<String> before = stored("station-1");
        // the station's log is replaced by another history, signed with the same key
        Files.delete(a.file());
        Files.delete(a.headFile());
        append(a, 6, "other");
        assertThatThrownBy(() -> push(a)).isInstanceOf(SharedLog.Refused.class)
                .hasMessageContaining("record 5 of station station-1 does not continue its chain")
                .hasMessageContaining("(a fork or a rewritten history)");
        assertThat(stored("station-1")).isEqualTo(before);
        assertThat(PushState.read(a.file()).error()).contains("a fork or a rewritten history");
        // without the hint kept beside the log, the push reads it all and finds the difference itself
        Files.delete(PushState.fileFor(a.file()));
        assertThatThrownBy(() -> push(a)).isInstanceOf(SharedLog.Refused.class)
                .hasMessageContaining("Record 4 of this station's log is not the record 4 the shared log")
                .hasMessageContaining("this log was rewritten, or another station uses the name station-1");
        assertThat(stored("station-1")).isEqualTo(before);
    }

    @Test
    void aForkIsRefusedByTheDatabaseItself() throws Exception {
        ProvisioningLog a = station("station-1");
        append(a, 3, "a");
        push(a);
        // a copy of the station (same key) that went on from record 2 and was pushed with a client that does not check
        ObjectNode fork = ProvisioningLogTest.rec("forked", "pass");
        List<ObjectNode> records = a.read().records();
        fork.put("seq", 4).put("prevHash", records.get(1).path("hash").asText()).put("time", "2026-12-01T10:00:00Z");
        fork.set("signedBy", records.get(0).get("signedBy"));
        fork.put("hash", ProvisioningLog.hash(fork));
        fork.put("sig", a.key().sign(LogHead.recordStatement(fork)).path("signature").asText());
        assertThatThrownBy(() -> insert("station-1", fork)).isInstanceOf(SQLException.class)
                .hasMessageContaining("record 4 of station station-1 does not continue its chain")
                .hasMessageContaining("a fork or a rewritten history");
        // the same record number again with another content
        ObjectNode other = records.get(2).deepCopy().put("verdict", "warn");
        other.put("hash", ProvisioningLog.hash(other));
        assertThatThrownBy(() -> insert("station-1", other)).isInstanceOf(SQLException.class)
                .hasMessageContaining("record 3 of station station-1 is not the record 3 already stored");
        // a gap
        ObjectNode later = fork.deepCopy().put("seq", 9);
        later.put("hash", ProvisioningLog.hash(later));
        assertThatThrownBy(() -> insert("station-1", later)).isInstanceOf(SQLException.class)
                .hasMessageContaining("the shared log holds records 1-3 of that station");
        // the same record again is not an error, and is stored once
        insert("station-1", records.get(2));
        assertThat(stored("station-1")).isEqualTo(local(a));
    }

    @Test
    void forgedRecordsAreRefusedOrFoundByVerify() throws Exception {
        ProvisioningLog a = station("station-1");
        ProvisioningLog b = station("station-2");
        append(a, 2, "a");
        append(b, 2, "b");
        push(a);
        push(b);
        ObjectNode last = a.read().records().get(1);
        // content changed, hash kept: the database recomputes the hash
        ObjectNode altered = ProvisioningLogTest.rec("x", "pass").put("seq", 3).put("prevHash", last.path("hash").asText());
        altered.put("hash", ProvisioningLog.hash(altered));
        altered.put("verdict", "fail");
        assertThatThrownBy(() -> insert("station-1", altered)).isInstanceOf(SQLException.class)
                .hasMessageContaining("record 3 of station station-1 was altered");
        // signed with another station's key
        ObjectNode stolen = ProvisioningLogTest.rec("y", "pass").put("seq", 3).put("prevHash", last.path("hash").asText());
        stolen.putObject("signedBy").put("station", "station-1").put("keyId", b.key().keyId());
        stolen.put("hash", ProvisioningLog.hash(stolen));
        stolen.put("sig", b.key().sign(LogHead.recordStatement(stolen)).path("signature").asText());
        assertThatThrownBy(() -> insert("station-1", stolen)).isInstanceOf(SQLException.class)
                .hasMessageContaining("is signed with key " + b.key().keyId() + ", which belongs to station station-2");
        // nothing already stored can be changed or removed
        try (Connection c = TestPostgres.connect(db); Statement s = c.createStatement()) {
            for (String sql : new String[] {"UPDATE preflight_log_records SET verdict = 'pass'",
                    "DELETE FROM preflight_log_records WHERE seq = 2", "TRUNCATE preflight_log_records",
                    "UPDATE preflight_log_stations SET station = 'x'", "DELETE FROM preflight_log_keys"}) {
                assertThatThrownBy(() -> s.execute(sql)).as(sql).hasMessageContaining("append-only");
            }
        }
        // a record that chains correctly but whose signature is not the station's: stored, and verify names it
        ObjectNode unsigned = ProvisioningLogTest.rec("z", "pass").put("seq", 3).put("prevHash", last.path("hash").asText());
        unsigned.set("signedBy", last.get("signedBy"));
        unsigned.put("hash", ProvisioningLog.hash(unsigned));
        unsigned.put("sig", last.path("sig").asText());
        insert("station-1", unsigned);
        SharedLog.Check c = verify();
        assertThat(c.problems()).containsExactly("station station-1: record 3 does not carry a valid signature of key "
                + a.key().keyId() + ": it was not written by the station, or was changed");
        // and a station never pushes a record it did not sign
        Files.writeString(b.file(), ProvisioningLog.JSON.writeValueAsString(unsigned.deepCopy()
                .put("prevHash", b.read().records().get(1).path("hash").asText())) + "\n", StandardOpenOption.APPEND);
        assertThatThrownBy(() -> push(b)).isInstanceOf(SharedLog.Refused.class);
    }

    /** Inserts as a client that skips every check of its own would. */
    void insert(String station, ObjectNode r) throws SQLException {
        try (Connection c = TestPostgres.connect(db); PreparedStatement s = c.prepareStatement(
                "INSERT INTO preflight_log_records (station, seq, hash, sig, body) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, station);
            s.setLong(2, r.path("seq").asLong());
            s.setString(3, r.path("hash").asText());
            s.setString(4, r.path("sig").asText(null));
            s.setString(5, new String(Signatures.canonical(r, ProvisioningLog.UNHASHED), StandardCharsets.UTF_8));
            s.executeUpdate();
        }
    }

    @Test
    void tlsIsHonouredWhenTheUrlAsksForIt() {
        SharedLogUrl tls = SharedLogUrl.parse(db + "?sslmode=require");
        assertThatThrownBy(() -> SharedLog.open(tls)).isInstanceOf(PreflightException.class)
                .hasMessageContaining("cannot be reached").hasMessageContaining("SSL");
    }
}
