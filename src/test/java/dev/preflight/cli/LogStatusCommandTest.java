package dev.preflight.cli;

import static dev.preflight.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.core.provision.PushState;
import dev.preflight.core.provision.SharedLogUrl;
import dev.preflight.core.provision.SharedPusher;
import dev.preflight.support.CliStation;
import dev.preflight.support.FreshDatabaseTest;
import dev.preflight.support.TcpForwarder;
import dev.preflight.support.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 'preflight log status' answers within its few seconds whatever the shared log does: it only reads
 * (no schema is created or migrated, so it neither waits for another station's migration nor needs a
 * role that may create tables), and a server that stops answering after the login is reported, not
 * waited for. The JUnit time limits here only guard against a hang.
 */
class LogStatusCommandTest extends FreshDatabaseTest {
    /** What SharedSchema takes while it creates or migrates the tables (pg_advisory_xact_lock, "PFLT"). */
    static final long MIGRATION_LOCK = 0x50464c54L;
    static final Duration HANG_GUARD = Duration.ofSeconds(60);

    @RegisterExtension
    final CliStation station = CliStation.chosenByTheTest();

    Path log;
    SharedLogUrl role;

    @BeforeEach
    void aLogOfFourRecordsAtStation1() throws Exception {
        station.named("station-1", dir.resolve("station-1"));
        log = CliStation.logOf(dir.resolve("station-1.jsonl"), "pass", "fail", "pass", "warn").file();
    }

    @AfterEach
    void dropTheRole() {
        TestPostgres.dropRole(db, role);
    }

    JsonNode status(SharedLogUrl url) throws Exception {
        CliTest.Result r = assertTimeoutPreemptively(HANG_GUARD, () -> run("log", "status", "--json", "--to",
                url.toString(), "--log", log.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out());
    }

    void pushAll() {
        CliTest.Result p = run("log", "push", "--to", db.toString(), "--log", log.toString());
        assertThat(p.code()).as(p.err()).isZero();
    }

    @Test
    void itAnswersWhileAnotherStationHoldsTheMigrationLock() throws Exception {
        pushAll();
        try (Connection other = TestPostgres.connect(db); Statement s = other.createStatement()) {
            // another station in the middle of creating or migrating the schema: its transaction holds the lock
            other.setAutoCommit(false);
            s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            s.execute("CREATE TABLE IF NOT EXISTS preflight_schema_version (version int PRIMARY KEY,"
                    + " applied timestamptz NOT NULL DEFAULT now(), applied_by text)");
            JsonNode j = status(db);
            assertThat(j.path("serverAnswered").asBoolean()).as(j.toString()).isTrue();
            assertThat(j.path("pushed").asLong()).isEqualTo(4);
            assertThat(j.path("onlyLocal").asLong()).isZero();
            other.rollback();
        }
    }

    @Test
    void aRoleThatMayOnlyReadGetsItsAnswer() throws Exception {
        pushAll();
        role = TestPostgres.role(db, "GRANT CONNECT ON DATABASE " + db.database() + " TO ROLE",
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO ROLE");
        JsonNode j = status(role);
        assertThat(j.path("serverAnswered").asBoolean()).as(j.toString()).isTrue();
        assertThat(j.path("pushed").asLong()).isEqualTo(4);
        assertThat(j.path("lastError").isNull()).as(j.toString()).isTrue();
    }

    @Test
    void aServerThatGoesSilentAfterTheLoginIsReportedWithinTheTimeout() throws Exception {
        try (TcpForwarder silent = new TcpForwarder(db.host(), db.port())) {
            SharedLogUrl url = new SharedLogUrl("127.0.0.1", silent.port(), db.database(), db.user(), db.params());
            CliTest.Result p = run("log", "push", "--to", url.toString(), "--log", log.toString());
            assertThat(p.code()).as(p.err()).isZero();
            // from now on silent from the first query naming a table (" preflight_": the database's name is not one)
            silent.silentOnceClientSends(" preflight_");
            CliTest.Result r = assertTimeoutPreemptively(HANG_GUARD, () -> run("log", "status", "--to",
                    url.toString(), "--log", log.toString()));
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("Pushed:     4 of 4 record(s) (as of the last push")
                    .contains("the server did not answer now)")
                    .containsPattern("\nLast error: The shared log at 127\\.0\\.0\\.1:" + silent.port() + "/"
                            + db.database() + " did not answer within 5 s\\. \\([^\n]*\\)\n$");
            JsonNode j = status(url);
            assertThat(j.path("serverAnswered").asBoolean()).isFalse();
            assertThat(j.path("pushed").asLong()).isEqualTo(4);
            assertThat(j.path("lastError").asText()).doesNotContain("\n").endsWith("did not answer within 5 s.");
        }
    }

    @Test
    void aDatabaseNoStationHasPushedToSaysSoAndIsLeftAsItWas() throws Exception {
        CliTest.Result r = assertTimeoutPreemptively(HANG_GUARD, () -> run("log", "status", "--to", db.toString(),
                "--log", log.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Pushed:     0 of 4 record(s), 4 only local so far (the server answered now:"
                + " no station has pushed to it yet)").contains("Last error: none");
        JsonNode j = status(db);
        assertThat(j.path("serverAnswered").asBoolean()).isTrue();
        assertThat(j.path("pushed").asLong()).isZero();
        try (Connection c = TestPostgres.connect(db); Statement s = c.createStatement();
             ResultSet t = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'preflight%'")) {
            t.next();
            assertThat(t.getInt(1)).as("tables created by a status").isZero();
        }
    }

    @Test
    void eachFailedPushIsCountedOnceInThePushStateAndInStatus() throws Exception {
        pushAll();
        new ProvisioningLog(log).append(CliStation.batchRecord("disk:later", "pass"));
        // may read, and create tables (so the schema step passes), but not insert: the push itself fails
        role = TestPostgres.role(db, "GRANT CONNECT ON DATABASE " + db.database() + " TO ROLE",
                "GRANT CREATE ON SCHEMA public TO ROLE", "GRANT SELECT ON ALL TABLES IN SCHEMA public TO ROLE");
        CliTest.Result p = run("log", "push", "--to", role.toString(), "--log", log.toString());
        assertThat(p.code()).isEqualTo(3);
        assertThat(p.err()).contains("refused access: permission denied for table preflight_log_stations");
        assertThat(failures()).isEqualTo(1);
        JsonNode j = status(role);
        assertThat(j.path("failedPushes").asLong()).isEqualTo(1);
        assertThat(j.path("lastError").asText()).contains("permission denied for table preflight_log_stations");
        assertThat(run("log", "status", "--to", role.toString(), "--log", log.toString()).out())
                .containsPattern("Last error: The shared log at [^\n]* refused access: [^\n]*\\(\\S+; 1 failed push in"
                        + " a row\\)\n");

        try (SharedPusher pusher = new SharedPusher(new ProvisioningLog(log), role)) { // batch and station mode
            pusher.pushSoon();
            assertThat(pusher.awaitIdle(HANG_GUARD)).isTrue();
            assertThat(pusher.status().error()).contains("permission denied");
        }
        assertThat(failures()).isEqualTo(2);
        CliTest.Result down = run("log", "push", "--to", "postgresql://postgres@127.0.0.1:1/log", "--log",
                log.toString());
        assertThat(down.code()).isEqualTo(3);
        assertThat(failures()).isEqualTo(3);
        assertThat(run("log", "status", "--to", db.toString(), "--log", log.toString()).out())
                .contains("cannot be reached").contains("; 3 failed pushes in a row)");

        pushAll();
        assertThat(failures()).isZero();
        JsonNode ok = status(db);
        assertThat(ok.path("failedPushes").asLong()).isZero();
        assertThat(ok.path("lastError").isNull()).isTrue();
        assertThat(ok.path("pushed").asLong()).isEqualTo(5);
    }

    /** The failed pushes the push state beside the log counts. */
    long failures() throws Exception {
        return new ObjectMapper().readTree(PushState.fileFor(log).toFile()).path("failures").asLong();
    }

    @Test
    void aPasswordInTheUrlIsRefusedAndNeverShown() {
        CliTest.Result r = run("log", "status", "--to", "postgresql://ops:hunter2secret@db.example:5432/log",
                "--log", log.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("carries a password");
        assertThat(r.out() + r.err()).doesNotContain("hunter2secret");
    }
}
