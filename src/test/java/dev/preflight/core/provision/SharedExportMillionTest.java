package dev.preflight.core.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.support.FreshDatabaseTest;
import dev.preflight.support.TestPostgres;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 1,000,000 records exported from the shared log by 'preflight log export --from' in a JVM whose heap is
 * capped far below the records' size: it can only pass by streaming (a server-side cursor and a writer
 * that keeps one record at a time).
 */
class SharedExportMillionTest extends FreshDatabaseTest {
    static final int RECORDS = 1_000_000;
    /** The heap of the exporting process; the records take about 900 MB as text. */
    static final String HEAP = "-Xmx48m";

    /** Loads records the size of real ones straight into the table (the trigger off: a bulk load, not a push). */
    static void load(SharedLogUrl db, int records) throws Exception {
        SharedLog.open(db).close();
        try (Connection c = TestPostgres.connect(db); Statement s = c.createStatement()) {
            s.execute("INSERT INTO preflight_log_stations (station) VALUES ('bulk-1'), ('bulk-2')");
            s.execute("ALTER TABLE preflight_log_records DISABLE TRIGGER preflight_log_append");
            s.execute("""
                    INSERT INTO preflight_log_records (station, seq, hash, sig, body, prev_hash, time, card_identity,
                      batch, verdict, action)
                    SELECT station, seq, encode(sha256(convert_to(body, 'UTF8')), 'hex'), repeat('A', 86) || '==',
                      body, repeat('0', 64), t, identity, 'lot-42', verdict, 'batch'
                    FROM (SELECT 'bulk-' || (1 + i % 2) AS station, i / 2 + 1 AS seq, t, verdict,
                            'cid:1b-' || lpad(to_hex(i), 8, '0') AS identity,
                            format('{"action":"batch","batch":"lot-42","card":{"capacityBytes":31914983424,'
                              || '"identity":"cid:1b-%s","source":"/dev/sdb"},"changes":[],'
                              || '"configSha256WithoutSecrets":"%s","deviceType":"raspberrypi4-64",'
                              || '"durationMillis":412,"findingCodes":["CARD_HISTORY","WEAR_UNKNOWN"],'
                              || '"fleetId":2167000,"hostname":"pi-%s","operator":"tech","osVersion":"6.0.24+rev1",'
                              || '"preflightVersion":"0.9.0","prevHash":"%s","seq":%s,"signedBy":{"keyId":'
                              || '"0123456789abcdef","station":"bulk"},"station":"bulk","time":"%s","uuid":"%s",'
                              || '"verdict":"%s","wear":{}}', lpad(to_hex(i), 8, '0'), repeat('9f', 32), i,
                              repeat('0', 64), i / 2 + 1, to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                              md5(i::text), verdict) AS body
                          FROM (SELECT i, timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second' AS t,
                                  CASE WHEN i % 10 = 0 THEN 'warn' ELSE 'pass' END AS verdict
                                FROM generate_series(0, RECORDS_LESS_ONE) i) g) x
                    """.replace("RECORDS_LESS_ONE", Integer.toString(records - 1)));
            s.execute("ALTER TABLE preflight_log_records ENABLE TRIGGER preflight_log_append");
            s.execute("ANALYZE preflight_log_records");
        }
    }

    @Test
    void aMillionRecordsExportInASmallHeap() throws Exception {
        load(db, RECORDS);
        Path out = dir.resolve("all.csv");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, HEAP, "-Dpreflight.dataDir=" + dir.resolve("data"), "-cp", cp,
                "dev.preflight.Launcher", "log", "export", "--from", db.toString(), "--format", "csv", "--out",
                out.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("export.txt").toFile()).start();
        assertThat(p.waitFor(20, TimeUnit.MINUTES)).isTrue();
        String said = Files.readString(dir.resolve("export.txt"));
        assertThat(p.exitValue()).as(said).isZero();
        assertThat(said).contains("Wrote " + RECORDS + " record(s) from " + db.server());
        long rows = 0;
        String last = null;
        try (BufferedReader r = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                rows++;
                last = l;
            }
        }
        assertThat(rows).isEqualTo(1 + RECORDS + 1); // header, the records, the signed head
        assertThat(last).startsWith("\"#preflight-export-head ").contains("\"\"count\"\":" + RECORDS)
                .contains("\"\"bulk-1\"\":{\"\"exported\"\":500000");
    }
}
