package dev.preflight.core.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.cli.CliTestAccess;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.report.Finding;
import dev.preflight.support.CliStation;
import dev.preflight.support.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The append-only, hash-chained provisioning log and its exports. */
class ProvisioningLogTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final CliStation station = CliStation.chosenByTheTest();

    static ObjectNode rec(String card, String verdict) {
        ObjectNode n = ProvisioningLog.JSON.createObjectNode();
        n.put("action", "inspect");
        n.putObject("card").put("identity", card);
        n.put("verdict", verdict);
        return n;
    }

    @Test
    void chainDetectsAlteredAndRemovedRecords() throws Exception {
        Path f = dir.resolve("log.jsonl");
        ProvisioningLog log = new ProvisioningLog(f);
        for (int i = 0; i < 5; i++) {
            log.append(rec("card-" + i, i % 2 == 0 ? "pass" : "fail"));
        }
        assertThat(log.verify()).isEmpty();
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        lines.set(1, lines.get(1).replace("\"fail\"", "\"pass\""));
        Files.write(f, lines);
        assertThat(log.verify()).anySatisfy(p -> assertThat(p).contains("record 2 was altered"));
        lines = new ArrayList<>(Files.readAllLines(f));
        lines.remove(1);
        lines.remove(1);
        Files.write(f, lines);
        assertThat(log.verify()).anySatisfy(p -> assertThat(p).contains("record(s) 2-3 are missing"));
    }

    @Test
    void aCrashMidAppendLeavesOneUnreadableLastLineAndTheRestReadable() throws Exception {
        Path f = dir.resolve("log.jsonl");
        ProvisioningLog log = new ProvisioningLog(f);
        log.append(rec("a", "pass"));
        log.append(rec("b", "pass"));
        Files.writeString(f, "{\"action\":\"insp", java.nio.file.StandardOpenOption.APPEND);
        ProvisioningLog.Contents c = log.read();
        assertThat(c.records()).hasSize(2);
        assertThat(c.problems()).singleElement().asString().contains("line 3").contains("interrupted");
        log.append(rec("c", "pass"));
        assertThat(log.read().records()).extracting(r -> r.path("seq").asLong()).containsExactly(1L, 2L, 3L);
        // the next append sealed the torn line off and listed it: a crash, not tampering
        assertThat(log.read().problems()).isEmpty();
        assertThat(log.verify()).isEmpty();
        assertThat(log.check().notes()).containsExactly("interrupted write at line 3 (recovered)");
    }

    @Test
    void concurrentAppendsNeverInterleave() throws Exception {
        Path f = dir.resolve("log.jsonl");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> jobs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            jobs.add(pool.submit(() -> new ProvisioningLog(f).append(rec("card-" + n, "pass"))));
        }
        for (Future<?> j : jobs) {
            j.get();
        }
        pool.shutdown();
        ProvisioningLog log = new ProvisioningLog(f);
        assertThat(log.read().records()).hasSize(200);
        assertThat(log.read().problems()).isEmpty();
        assertThat(log.verify()).isEmpty();
    }

    @Test
    void exportsAreWellFormedAndFiltered() throws Exception {
        Path f = dir.resolve("log.jsonl");
        ProvisioningLog log = new ProvisioningLog(f);
        ObjectNode tricky = rec("card,with \"quotes\"\nand newline", "fail");
        tricky.put("hostname", "=HYPERLINK(\"http://evil\")");
        tricky.put("batch", "lot-7");
        log.append(tricky);
        log.append(rec("<script>", "pass").put("batch", "lot-8"));
        List<ObjectNode> all = log.read().records();
        String csv = LogExport.csv(all);
        assertThat(csv).contains("\"card,with \"\"quotes\"\"\nand newline\"").contains("\"'=HYPERLINK(\"\"http://evil\"\")\"");
        assertThat(csv.split("\r\n", -1)).hasSize(4); // header, 2 records (one with an embedded LF), trailing
        assertThat(LogExport.html(all, "t")).contains("&lt;script&gt;").doesNotContain("<script>");
        assertThat(LogExport.filter(all, null, null, "fail")).hasSize(1);
        assertThat(LogExport.filter(all, null, null, null, "lot-8")).singleElement()
                .satisfies(r -> assertThat(r.path("verdict").asText()).isEqualTo("pass"));
        assertThat(LogExport.filter(all, null, null, "fail", "lot-8")).isEmpty();
        assertThat(csv.lines().findFirst().orElseThrow()).endsWith(",batch,profileResult,card.readerSerial,"
                + "serial.port,bootResult");
        assertThat(LogExport.json(all)).startsWith("[");
    }

    @Test
    void recordsAndExportsNeverHoldSecrets() throws Exception {
        String apiKey = "PLANTED-API-KEY-7788";
        String deviceKey = "plantedDeviceApiKey0000000000001";
        String psk = "PlantedWifiPassword!42";
        Path img = Fixtures.built("log-secrets", ImageSpec.raspberryPi().configJson("{\"deviceType\":\"raspberrypi4-64\","
                + "\"apiKey\":\"" + apiKey + "\",\"deviceApiKey\":\"" + deviceKey + "\",\"wifiKey\":\"" + psk + "\","
                + "\"apiEndpoint\":\"https://api.balena-cloud.com\",\"applicationId\":3}")
                .bootFileAfterFingerprint("system-connections/site", ("[connection]\nid=site\ntype=wifi\n[wifi]\n"
                        + "ssid=Site\n[wifi-security]\nkey-mgmt=wpa-psk\npsk=" + psk + "\n").getBytes()));
        Path f = dir.resolve("log.jsonl");
        CliTestAccess.run("inspect", "--record", "--log", f.toString(), img.toString());
        CliTestAccess.run("inspect", "--json", "--record", "--log", f.toString(), img.toString());
        List<String> outputs = new ArrayList<>();
        outputs.add(Files.readString(f));
        for (String format : new String[] {"csv", "json", "html"}) {
            Path out = dir.resolve("export." + format);
            CliTestAccess.run("log", "export", "--log", f.toString(), "--format", format, "--out", out.toString());
            outputs.add(Files.readString(out, StandardCharsets.UTF_8));
        }
        assertThat(new ProvisioningLog(f).read().records()).hasSize(2);
        for (String o : outputs) {
            assertThat(o).doesNotContain(apiKey, deviceKey, psk);
        }
    }

    @Test
    void aCardsRecordsAreFoundWithoutReadingTheOthersAsJson() throws Exception {
        Path f = dir.resolve("history.jsonl");
        ProvisioningLog log = new ProvisioningLog(f);
        log.append(rec("disk:aa11", "pass"));
        log.append(rec("disk:bb22", "fail").put("note", "copied from disk:aa11")); // mentions it, is not it
        log.append(rec("disk:aa11", "fail"));
        log.append(rec("disk:\"odd\"", "warn")); // JSON escapes it: read the slow way
        Files.writeString(f, "{not json at all\n", StandardOpenOption.APPEND);
        List<String> seen = new ArrayList<>();
        log.recordsMentioning("disk:aa11", r -> seen.add(r.path("card").path("identity").asText()
                + "/" + r.path("verdict").asText()));
        assertThat(seen).containsExactly("disk:aa11/pass", "disk:bb22/fail", "disk:aa11/fail");
        List<String> odd = new ArrayList<>();
        log.recordsMentioning("disk:\"odd\"", r -> odd.add(r.path("card").path("identity").asText()));
        assertThat(odd).contains("disk:\"odd\"");

        List<Finding> findings = new ArrayList<>();
        station.use(dir.resolve("data")); // no shared log configured
        CardHistory.add(f, findings, "disk:aa11");
        assertThat(findings).singleElement().satisfies(x -> assertThat(x.message())
                .contains("recorded 2 time(s) before", "(verdict fail)"));
    }
}
