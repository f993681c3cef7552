package dev.preflight.cli;

import static dev.preflight.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.provision.EditJournal;
import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.core.provision.SharedLogUrl;
import dev.preflight.core.provision.SharedPusher;
import dev.preflight.core.provision.StationSettings;
import dev.preflight.support.CliStation;
import dev.preflight.support.Fixtures;
import dev.preflight.support.FreshDatabaseTest;
import dev.preflight.support.PlantedSecrets;
import dev.preflight.support.TcpForwarder;
import dev.preflight.support.TestPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 'preflight log push|status|connect', 'log export|verify --from', batch and CARD_HISTORY with a shared log. */
class SharedLogCliTest extends FreshDatabaseTest {
    @RegisterExtension
    final CliStation station = CliStation.chosenByTheTest();

    Path log;

    @BeforeEach
    void aLogOfFourCardsAtStation1() throws Exception {
        at("station-1");
        log = dir.resolve("station-1.jsonl");
        ProvisioningLog pl = new ProvisioningLog(log);
        for (String verdict : new String[] {"pass", "fail", "pass", "warn"}) {
            pl.append(CliStation.batchRecord("disk:" + verdict, verdict).put("batch", "lot-1"));
        }
    }

    /** Runs as the station {@code name}: its own data folder (key, settings) named in its settings. */
    void at(String name) throws Exception {
        station.use(dir.resolve(name));
        StationSettings.save(null, name);
    }

    @Test
    void pushStatusAndConnect() throws Exception {
        CliTest.Result s = run("log", "status", "--log", log.toString());
        assertThat(s.code()).isZero();
        assertThat(s.out()).contains("4 record(s), station station-1", "Shared log: none configured");

        CliTest.Result p = run("log", "push", "--to", db.toString(), "--log", log.toString());
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(p.out()).isEqualTo("Pushed 4 record(s) to " + db.server() + ": it holds 4 of the 4 record(s) of"
                + " station station-1, all of them.\n");
        assertThat(run("log", "push", "--to", db.toString(), "--log", log.toString()).out())
                .startsWith("Nothing to push to " + db.server());

        CliTest.Result c = run("log", "connect", db.toString());
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(Files.readString(StationSettings.file())).contains("\"sharedLogUrl\" : \"" + db + "\"");
        new ProvisioningLog(log).append(new ObjectMapper().createObjectNode().put("verdict", "pass"));
        JsonNode j = new ObjectMapper().readTree(run("log", "status", "--json", "--log", log.toString()).out());
        assertThat(j.path("localRecords").asLong()).isEqualTo(5);
        assertThat(j.path("pushed").asLong()).isEqualTo(4);
        assertThat(j.path("onlyLocal").asLong()).isEqualTo(1);
        assertThat(j.path("serverAnswered").asBoolean()).isTrue();
        assertThat(j.path("urlSource").asText()).isEqualTo(StationSettings.file().toString());
        assertThat(run("log", "status", "--log", log.toString()).out())
                .contains("Pushed:     4 of 5 record(s), 1 only local so far (the server answered now)");
        assertThat(run("log", "push", "--log", log.toString()).out()).startsWith("Pushed 1 record(s)");
        assertThat(run("log", "connect", "--forget").code()).isZero();
        assertThat(run("log", "push", "--log", log.toString()).code()).isEqualTo(2);
    }

    @Test
    void badUrlsUnreachableServersAndRefusalsHaveTheirExitCodes() throws Exception {
        CliTest.Result pw = run("log", "push", "--to", "postgresql://ops:hunter2secret@db.example:5432/log");
        assertThat(pw.code()).isEqualTo(2);
        assertThat(pw.err()).contains("carries a password", "PGPASSWORD", "~/.pgpass");
        assertThat(pw.out() + pw.err()).doesNotContain("hunter2secret");
        assertThat(run("log", "push", "--to", "postgresql://ops@db.example/log?password=hunter2secret").err())
                .doesNotContain("hunter2secret").contains("carries a password");
        assertThat(run("log", "push", "--to", "mysql://db/x").code()).isEqualTo(2);
        assertThat(run("log", "export", "--format", "csv", "--station", "x").code()).isEqualTo(2);

        CliTest.Result down = run("log", "push", "--to", "postgresql://postgres@127.0.0.1:1/log", "--log",
                log.toString());
        assertThat(down.code()).isEqualTo(3);
        assertThat(down.err()).contains("The shared log at 127.0.0.1:1/log cannot be reached")
                .contains("records stay in the local log");
        assertThat(run("log", "status", "--to", "postgresql://postgres@127.0.0.1:1/log", "--log", log.toString())
                .out()).contains("Last error: The shared log at 127.0.0.1:1/log cannot be reached");

        assertThat(run("log", "push", "--to", db.toString(), "--log", log.toString()).code()).isZero();
        Files.delete(log);
        Files.delete(log.resolveSibling("station-1.head"));
        Files.delete(log.resolveSibling("station-1.push.json"));
        ProvisioningLog other = new ProvisioningLog(log);
        for (int i = 0; i < 5; i++) {
            other.append(new ObjectMapper().createObjectNode().put("verdict", "pass"));
        }
        CliTest.Result refused = run("log", "push", "--to", db.toString(), "--log", log.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("is not the record 4 the shared log", "this log was rewritten");
    }

    @Test
    void aPushToAServerThatStopsAnsweringEndsWithAMessageAndIsRecordedOnce() throws Exception {
        String stall = System.getProperty("preflight.sharedStallSeconds");
        System.setProperty("preflight.sharedStallSeconds", "2");
        try (TcpForwarder network = new TcpForwarder(db.host(), db.port())) {
            SharedLogUrl url = new SharedLogUrl("127.0.0.1", network.port(), db.database(), db.user(), db.params());
            network.silentOnceClientSends("INSERT INTO preflight_log_records"); // the schema is made, no record stored
            CliTest.Result p = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> run("log", "push", "--to",
                    url.toString(), "--log", log.toString()));
            assertThat(p.code()).as(p.out() + p.err()).isEqualTo(3);
            assertThat(p.err()).startsWith("preflight: The shared log at " + url.server() + " did not answer within"
                    + " 2 s.\n");
            assertThat(new ObjectMapper().readTree(log.resolveSibling("station-1.push.json").toFile())
                    .path("failures").asLong()).isEqualTo(1);
            try (SharedPusher pusher = new SharedPusher(new ProvisioningLog(log), url)) { // batch and station mode
                pusher.pushSoon();
                assertThat(pusher.awaitIdle(Duration.ofSeconds(90))).isTrue();
                assertThat(pusher.status().error()).endsWith("did not answer within 2 s.");
            }
        } finally {
            if (stall == null) {
                System.clearProperty("preflight.sharedStallSeconds");
            } else {
                System.setProperty("preflight.sharedStallSeconds", stall);
            }
        }
        assertThat(run("log", "push", "--to", db.toString(), "--log", log.toString()).out())
                .startsWith("Pushed 4 record(s)");
    }

    @Test
    void exportAndVerifyFromTheSharedLog() throws Exception {
        assertThat(run("log", "push", "--to", db.toString(), "--log", log.toString()).code()).isZero();
        assertThat(run("log", "key", "--out", dir.resolve("station-1.pub").toString()).code()).isZero();
        at("station-2");
        Path log2 = dir.resolve("station-2.jsonl");
        new ProvisioningLog(log2).append(new ObjectMapper().createObjectNode().put("verdict", "fail")
                .put("batch", "lot-2"));
        assertThat(run("log", "push", "--to", db.toString(), "--log", log2.toString()).code()).isZero();

        CliTest.Result v = run("log", "verify", "--from", db.toString());
        assertThat(v.code()).as(v.out() + v.err()).isZero();
        assertThat(v.out()).startsWith(db.server() + ": 2 station(s), 5 record(s), every chain intact.")
                .contains("station station-1: 4 record(s), signed 4 with key", "station station-2: 1 record(s)");

        Path all = dir.resolve("all.json");
        CliTest.Result e = run("log", "export", "--from", db.toString(), "--format", "json", "--out", all.toString());
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("Wrote 5 record(s) from " + db.server());
        JsonNode arr = new ObjectMapper().readTree(all.toFile());
        assertThat(arr).hasSize(6);
        JsonNode head = arr.get(5).path("preflightExportHead");
        assertThat(head.path("station").asText()).isEqualTo("station-2"); // signed by the station that exported
        assertThat(head.path("sharedLog").path("stations").path("station-1").path("exported").asLong()).isEqualTo(4);
        assertThat(head.has("records")).isFalse();
        assertThat(run("log", "key", "--out", dir.resolve("station-2.pub").toString()).code()).isZero();
        CliTest.Result checked = run("log", "verify", "--export", all.toString(), "--key",
                dir.resolve("station-2.pub").toString());
        assertThat(checked.code()).as(checked.out()).isZero();
        assertThat(checked.out()).contains("5 record(s) from the shared log " + db.server(), ": intact.");

        Path one = dir.resolve("one.csv");
        assertThat(run("log", "export", "--from", db.toString(), "--format", "csv", "--station", "station-1",
                "--verdict", "pass", "--out", one.toString()).out()).contains("Wrote 2 record(s)");
        assertThat(run("log", "verify", "--export", one.toString(), "--key", dir.resolve("station-2.pub").toString())
                .code()).isZero();
        Path html = dir.resolve("lot.html");
        assertThat(run("log", "export", "--from", db.toString(), "--format", "html", "--batch", "lot-2", "--out",
                html.toString()).out()).contains("Wrote 1 record(s)");
        assertThat(Files.readString(html)).contains("1 record(s): 0 pass, 0 warn, 1 fail.");

        // a record changed in the database behind the trigger's back: verify names it
        try (Connection c = TestPostgres.connect(db); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE preflight_log_records DISABLE TRIGGER USER");
            s.execute("UPDATE preflight_log_records SET body = replace(body, '\"fail\"', '\"pass\"')"
                    + " WHERE station = 'station-1' AND seq = 2");
        }
        CliTest.Result bad = run("log", "verify", "--from", db.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.out()).contains("station station-1: record 2 was altered");
    }

    @Test
    void batchPushesEachCardAndNoSecretReachesTheDatabase() throws Exception {
        StationSettings.save(db, null);
        Path card = Fixtures.copy("shared-planted", PlantedSecrets.card(), dir);
        Path profile = dir.resolve("p.json");
        Files.writeString(profile, "{\"name\":\"lot-9\",\"deviceType\":\"raspberrypi4-64\"}");
        CliTest.Result b = run("batch", "--profile", profile.toString(), "--log", log.toString(), card.toString(),
                card.toString());
        assertThat(b.out()).contains("Shared log " + db.server() + ": every record is there.");
        PlantedSecrets.assertClean("batch", b.out() + b.err());
        assertThat(run("log", "status", "--json", "--log", log.toString()).out()).contains("\"onlyLocal\" : 0");
        List<String> rows = new ArrayList<>();
        try (Connection c = TestPostgres.connect(db); Statement s = c.createStatement()) {
            for (String t : new String[] {"preflight_log_records", "preflight_log_stations", "preflight_log_keys",
                    "preflight_schema_version"}) {
                try (ResultSet r = s.executeQuery("SELECT t::text FROM " + t + " t")) {
                    while (r.next()) {
                        rows.add(r.getString(1));
                    }
                }
            }
        }
        assertThat(rows).anyMatch(r -> r.contains("lot-9"));
        rows.forEach(r -> PlantedSecrets.assertClean("the shared log", r));
        PlantedSecrets.assertCleanFiles(dir.resolve("station-1"));
        PlantedSecrets.assertClean("the push state", Files.readString(log.resolveSibling("station-1.push.json")));
    }

    @Test
    void cardHistoryAsksTheSharedLogAndFallsBackToTheLocalOne() throws Exception {
        Path card = Fixtures.copy("shared-history", ImageSpec.raspberryPi(), dir);
        at("station-3");
        Path log3 = dir.resolve("station-3.jsonl");
        ObjectNode seen = CliStation.batchRecord("file:" + card.toAbsolutePath().normalize(), "fail");
        seen.putArray("findingCodes").add("CARD_HISTORY").add("BOOT_FILE_MODIFIED");
        new ProvisioningLog(log3).append(seen);
        assertThat(run("log", "push", "--to", db.toString(), "--log", log3.toString()).code()).isZero();

        at("station-5");
        StationSettings.save(db, null);
        Path log5 = dir.resolve("station-5.jsonl");
        String text = run("inspect", card.toString(), "--log", log5.toString()).out();
        assertThat(text).contains("was seen 1 time(s) before in the shared log, last at station-3 on ")
                .contains(", FAIL: BOOT_FILE_MODIFIED.");
        // recorded here but not pushed yet: counted too, as this station's
        assertThat(run("inspect", card.toString(), "--record", "--log", log5.toString()).code()).isZero();
        assertThat(EditJournal.host()).isEqualTo("station-5");
        assertThat(run("inspect", card.toString(), "--log", log5.toString()).out())
                .contains("was seen 2 time(s) before in the shared log, last at station-5 on ");

        // a server that accepts the connection and never answers: the local log answers within the timeout
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (java.io.IOException e) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
            StationSettings.save(SharedLogUrl.parse("postgresql://postgres@127.0.0.1:" + silent.getLocalPort()
                    + "/log"), null);
            long t0 = System.nanoTime();
            String fallback = run("inspect", card.toString(), "--log", log5.toString()).out();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(fallback).contains("was recorded 1 time(s) before")
                    .contains("did not answer within 2.0 s: only this station's log was searched");
            assertThat(ms).isLessThan(15_000);
        }
    }

    @Test
    void cardHistoryOnADatabaseNoStationHasPushedToSaysSoAndCreatesNothing() throws Exception {
        Path card = Fixtures.copy("shared-history-empty", ImageSpec.raspberryPi(), dir);
        at("station-7");
        StationSettings.save(db, null);
        String text = run("inspect", card.toString(), "--log", dir.resolve("station-7.jsonl").toString()).out();
        assertThat(text).contains("is not in the shared log at " + db.server() + " yet.");
        try (Connection c = TestPostgres.connect(db);
             ResultSet r = c.getMetaData().getTables(null, null, "preflight%", null)) {
            assertThat(r.next()).as("a look-up only reads: no table was created").isFalse();
        }
    }
}
