package dev.preflight.cli;

import static dev.preflight.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.core.provision.SharedLogUrl;
import dev.preflight.support.CliStation;
import dev.preflight.support.FreshDatabaseTest;
import dev.preflight.support.TcpForwarder;
import dev.preflight.support.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 'log export --from' and 'log verify --from' only read the shared log: an auditor's role that may only
 * read will do, nothing is created in a database no station has pushed to, a schema this Preflight cannot
 * read is named, and a server that stops answering ends them with a message while a slow one that keeps
 * sending is not cut. The JUnit time limits here only guard against a hang.
 */
class SharedLogReadingTest extends FreshDatabaseTest {
    static final Duration HANG_GUARD = Duration.ofSeconds(90);
    static final String STALL = "preflight.sharedStallSeconds";

    @RegisterExtension
    final CliStation station = CliStation.chosenByTheTest();

    Path log;
    SharedLogUrl role;
    String stallBefore;

    @BeforeEach
    void aStationWithRecords() throws Exception {
        stallBefore = System.getProperty(STALL);
        station.named("station-1", dir.resolve("station-1"));
        log = CliStation.logOf(dir.resolve("station-1.jsonl"), "pass", "fail", "pass", "warn").file();
    }

    @AfterEach
    void putBack() {
        if (stallBefore == null) {
            System.clearProperty(STALL);
        } else {
            System.setProperty(STALL, stallBefore);
        }
        TestPostgres.dropRole(db, role);
    }

    void pushTo(SharedLogUrl url) {
        CliTest.Result p = run("log", "push", "--to", url.toString(), "--log", log.toString());
        assertThat(p.code()).as(p.err()).isZero();
    }

    CliTest.Result export(SharedLogUrl url, Path out) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> run("log", "export", "--from", url.toString(), "--format",
                "json", "--out", out.toString()));
    }

    CliTest.Result verify(SharedLogUrl url) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> run("log", "verify", "--from", url.toString()));
    }

    int preflightTables() throws Exception {
        try (Connection c = TestPostgres.connect(db); Statement s = c.createStatement();
             ResultSet t = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'preflight%'")) {
            t.next();
            return t.getInt(1);
        }
    }

    @Test
    void anAuditorWhoseRoleMayOnlyReadExportsAndVerifies() throws Exception {
        pushTo(db);
        role = TestPostgres.role(db, "GRANT CONNECT ON DATABASE " + db.database() + " TO ROLE",
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO ROLE");
        Path out = dir.resolve("audit.json");
        CliTest.Result e = export(role, out);
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("Wrote 4 record(s) from " + role.server());
        assertThat(run("log", "verify", "--export", out.toString()).code()).isZero();
        CliTest.Result v = verify(role);
        assertThat(v.code()).as(v.out() + v.err()).isZero();
        assertThat(v.out()).startsWith(role.server() + ": 1 station(s), 4 record(s), every chain intact.");
    }

    @Test
    void aServerThatStopsAnsweringMidwayEndsThemWithAMessage() throws Exception {
        System.setProperty(STALL, "2");
        try (TcpForwarder network = new TcpForwarder(db.host(), db.port())) {
            SharedLogUrl url = new SharedLogUrl("127.0.0.1", network.port(), db.database(), db.user(), db.params());
            pushTo(url);
            String said = "preflight: The shared log at " + url.server() + " did not answer within 2 s.\n";
            // silent once the records are asked for: the export has counted them in its transaction
            network.silentOnceClientSends("SELECT station, hash, sig, body");
            Path stalled = dir.resolve("stalled.json");
            Files.writeString(stalled, "the last export that worked");
            CliTest.Result e = export(url, stalled);
            assertThat(e.code()).as(e.out() + e.err()).isEqualTo(3);
            assertThat(e.err()).startsWith(said);
            // no half-written export: the file holds what it held, and nothing else was left beside it
            assertThat(stalled).hasContent("the last export that worked");
            try (var left = Files.list(dir)) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
            }
            network.silentOnceClientSends("SELECT station, seq, hash, sig, body");
            CliTest.Result v = verify(url);
            assertThat(v.code()).as(v.out() + v.err()).isEqualTo(3);
            assertThat(v.err()).startsWith(said);
        }
    }

    /**
     * An export stopped half-way in its own process, as Ctrl+C stops it (SIGTERM: the JVM shuts down) and as
     * a kill does (SIGKILL): the target keeps what it held, and only a kill can leave the part file behind.
     */
    @Test
    void anExportStoppedHalfWayLeavesTheTargetAsItWas() throws Exception {
        ProvisioningLog pl = new ProvisioningLog(log);
        for (int i = 0; i < 56; i++) {
            pl.append(CliStation.batchRecord("disk:stopped-" + i, "pass"));
        }
        try (TcpForwarder network = new TcpForwarder(db.host(), db.port())) {
            SharedLogUrl url = new SharedLogUrl("127.0.0.1", network.port(), db.database(), db.user(), db.params());
            pushTo(url);
            network.paced(1024, 100); // about 10 KB/s: the export is still streaming when it is stopped
            for (boolean kill : new boolean[] {false, true}) {
                Path out = Files.createDirectories(dir.resolve(kill ? "killed" : "stopped")).resolve("report.json");
                Files.writeString(out, "the last export that worked");
                Process p = new ProcessBuilder(CliStation.inItsOwnJvm(List.of("-Dpreflight.dataDir="
                        + System.getProperty("preflight.dataDir")), "log", "export", "--from", url.toString(),
                        "--format", "json", "--out", out.toString())).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("export-" + kill + ".txt").toFile()).start();
                long until = System.nanoTime() + 60_000_000_000L;
                while (!hasPart(out.getParent()) && p.isAlive() && System.nanoTime() < until) {
                    Thread.sleep(50);
                }
                assertThat(hasPart(out.getParent())).as("the export had begun writing").isTrue();
                Thread.sleep(500);
                assertThat(p.isAlive()).as("still streaming when stopped").isTrue();
                if (kill) {
                    p.destroyForcibly();
                } else {
                    p.destroy();
                }
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(out).hasContent("the last export that worked");
                if (!kill) {
                    assertThat(hasPart(out.getParent())).as("the part file is removed on a shutdown").isFalse();
                }
            }
        }
    }

    private static boolean hasPart(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".part"));
        }
    }

    @Test
    void aSlowServerThatKeepsSendingIsNotCut() throws Exception {
        ProvisioningLog pl = new ProvisioningLog(log);
        for (int i = 0; i < 56; i++) {
            pl.append(CliStation.batchRecord("disk:slow-" + i, "pass"));
        }
        System.setProperty(STALL, "2");
        try (TcpForwarder network = new TcpForwarder(db.host(), db.port())) {
            SharedLogUrl url = new SharedLogUrl("127.0.0.1", network.port(), db.database(), db.user(), db.params());
            pushTo(url);
            network.paced(1024, 100); // about 10 KB/s: the export takes several times the 2 s a silence may last
            long t0 = System.nanoTime();
            CliTest.Result e = export(url, dir.resolve("slow.json"));
            long seconds = (System.nanoTime() - t0) / 1_000_000_000;
            assertThat(e.code()).as(e.err()).isZero();
            assertThat(e.out()).contains("Wrote 60 record(s)");
            assertThat(seconds).as("the export must outlast the stall limit to show anything").isGreaterThan(2);
        }
    }

    @Test
    void aDatabaseNoStationHasPushedToIsReadAsEmptyAndLeftAsItWas() throws Exception {
        Path out = dir.resolve("empty.csv");
        CliTest.Result e = assertTimeoutPreemptively(HANG_GUARD, () -> run("log", "export", "--from", db.toString(),
                "--format", "csv", "--out", out.toString()));
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("Wrote 0 record(s) from " + db.server());
        assertThat(e.err()).isEqualTo("preflight: note: no station has pushed to the shared log at " + db.server()
                + " yet (it has no Preflight tables): the export holds no records.\n");
        assertThat(run("log", "verify", "--export", out.toString()).code()).isZero();
        CliTest.Result v = verify(db);
        assertThat(v.code()).as(v.out() + v.err()).isZero();
        assertThat(v.out()).isEqualTo(db.server() + ": 0 station(s), 0 record(s), every chain intact.\n"
                + "  note: no station has pushed to it yet (it has no Preflight tables)\n");
        assertThat(preflightTables()).as("tables created by reading").isZero();
    }

    @Test
    void aSchemaThisPreflightCannotReadIsNamed() throws Exception {
        try (Connection c = TestPostgres.connect(db); Statement s = c.createStatement()) {
            // the table a migration starts with, and no version in it
            s.execute("CREATE TABLE preflight_schema_version (version int PRIMARY KEY, applied timestamptz NOT NULL"
                    + " DEFAULT now(), applied_by text)");
            CliTest.Result old = verify(db);
            assertThat(old.code()).isEqualTo(3);
            assertThat(old.err()).startsWith("preflight: The shared log at " + db.server() + " has schema version 0,"
                    + " older than this Preflight reads (1).\n");
            assertThat(preflightTables()).as("a read migrates nothing").isEqualTo(1);
            s.execute("INSERT INTO preflight_schema_version VALUES (1), (99)");
        }
        CliTest.Result e = export(db, dir.resolve("new.json"));
        assertThat(e.code()).isEqualTo(3);
        assertThat(e.err()).startsWith("preflight: The shared log at " + db.server() + " has schema version 99,"
                + " newer than this Preflight reads (1).\n").contains("Update Preflight");
        assertThat(Files.exists(dir.resolve("new.json"))).as("nothing written").isFalse();
    }

    @Test
    void aPasswordInTheUrlIsRefusedAndNeverShown() {
        for (String[] args : new String[][] {{"log", "export", "--format", "csv", "--from",
                "postgresql://auditor:hunter2secret@db.example:5432/log"}, {"log", "verify", "--from",
                "postgresql://auditor@db.example:5432/log?password=hunter2secret"}}) {
            CliTest.Result r = run(args);
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("carries a password");
            assertThat(r.out() + r.err()).doesNotContain("hunter2secret");
        }
    }
}
