package dev.preflight.cli;

import static dev.preflight.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.support.CliStation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** 'preflight log verify|export|key' as a customer and a station use them: signed exports, exit codes. */
class LogCliTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final CliStation station = CliStation.in(() -> dir.resolve("station"));

    Path log;

    @BeforeEach
    void aLogOfFourCards() throws Exception {
        log = dir.resolve("log.jsonl");
        ProvisioningLog pl = new ProvisioningLog(log);
        String[][] rows = {{"lot-1", "pass"}, {"lot-1", "fail"}, {"lot-2", "pass"}, {"lot-2", "warn"}};
        for (String[] r : rows) {
            pl.append(CliStation.batchRecord("disk:" + r[0] + r[1], r[1]).put("batch", r[0]));
        }
    }

    /** Runs with a data folder that holds no station key: only what a customer has. */
    CliTest.Result asCustomer(String... args) {
        return station.during(dir.resolve("customer"), () -> run(args));
    }

    Path publicKey() {
        Path pub = dir.resolve("station.pub");
        CliTest.Result k = run("log", "key", "--out", pub.toString());
        assertThat(k.code()).as(k.err()).isZero();
        return pub;
    }

    Path export(String format, String... filter) {
        Path out = dir.resolve("export-" + filter.length + "." + format);
        List<String> args = new java.util.ArrayList<>(List.of("log", "export", "--log", log.toString(), "--format",
                format, "--out", out.toString()));
        args.addAll(List.of(filter));
        CliTest.Result r = run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return out;
    }

    @Test
    void verifyKeepsItsOutputAndExitCodes() throws Exception {
        CliTest.Result ok = run("log", "verify", "--log", log.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).startsWith(log + ": 4 record(s), chain intact.");
        List<String> lines = Files.readAllLines(log);
        Files.write(log, lines.subList(0, 3));
        CliTest.Result cut = run("log", "verify", "--log", log.toString());
        assertThat(cut.code()).isEqualTo(1);
        assertThat(cut.out()).contains("3 record(s), 1 problem(s):", "record 4", "missing from the end");
        assertThat(run("log", "verify", "--export", dir.resolve("missing.json").toString()).code()).isEqualTo(2);
    }

    @Test
    void aTornLineFollowedByAnAppendIsReportedAsRecovered() throws Exception {
        byte[] before = Files.readAllBytes(log);
        Files.write(log, "{\"action\":\"batch\",\"card\":{\"iden".getBytes(StandardCharsets.UTF_8),
                java.nio.file.StandardOpenOption.APPEND);
        ObjectNode n = new ObjectMapper().createObjectNode().put("action", "inspect").put("verdict", "pass");
        new ProvisioningLog(log).append(n);
        assertThat(Files.readAllBytes(log)).startsWith(before);
        CliTest.Result r = run("log", "verify", "--log", log.toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("5 record(s), chain intact.", "interrupted write at line 5 (recovered)")
                .doesNotContain("unreadable");
    }

    @Test
    void aCleanExportVerifiesWithOnlyThePublicKey() throws Exception {
        Path pub = publicKey();
        for (String format : new String[] {"json", "csv", "html"}) {
            Path out = export(format);
            CliTest.Result r = asCustomer("log", "verify", "--export", out.toString(), "--key", pub.toString());
            assertThat(r.code()).as(format + ": " + r.out() + r.err()).isZero();
            assertThat(r.out()).contains("4 record(s)", "intact");
            Path filtered = export(format, "--batch", "lot-2");
            CliTest.Result f = asCustomer("log", "verify", "--export", filtered.toString(), "--key", pub.toString());
            assertThat(f.code()).as(format + ": " + f.out() + f.err()).isZero();
            assertThat(f.out()).contains("2 record(s)", "3-4");
        }
        assertThat(Files.exists(dir.resolve("customer").resolve("keys"))).isFalse();
    }

    @Test
    void anEditedExportIsDetected() throws Exception {
        Path pub = publicKey();
        Path json = export("json");
        Files.writeString(json, Files.readString(json).replace("\"fail\"", "\"pass\""));
        CliTest.Result j = asCustomer("log", "verify", "--export", json.toString(), "--key", pub.toString());
        assertThat(j.code()).as(j.out() + j.err()).isEqualTo(1);
        assertThat(j.out()).contains("record 2 was altered");
        Path csv = export("csv");
        Files.writeString(csv, Files.readString(csv).replace(",fail,", ",pass,"));
        CliTest.Result c = asCustomer("log", "verify", "--export", csv.toString(), "--key", pub.toString());
        assertThat(c.code()).as(c.out() + c.err()).isEqualTo(1);
        assertThat(c.out()).contains("do not match the signed head");
        Path html = export("html");
        Files.writeString(html, Files.readString(html).replace("<tr class=\"fail\">", "<tr class=\"pass\">"));
        assertThat(asCustomer("log", "verify", "--export", html.toString(), "--key", pub.toString()).code())
                .isEqualTo(1);
    }

    @Test
    void anExportWithARecordAddedAfterItsHeadOrAKeyWrittenTwiceIsDetected() throws Exception {
        Path pub = publicKey();
        Path csv = export("csv");
        // a forged row after the head row, closed with a quote so that the head field still seems to end in one
        Files.writeString(csv, Files.readString(csv) + "5,2026-12-02T10:00:00Z,batch,st,op,disk:forged,1,,,,,,pass,,\"x\"\n");
        CliTest.Result c = asCustomer("log", "verify", "--export", csv.toString(), "--key", pub.toString());
        assertThat(c.code()).as(c.out() + c.err()).isEqualTo(1);
        assertThat(c.out()).contains("after its signed head");
        Path json = export("json");
        String text = Files.readString(json);
        Files.writeString(json, text + "[ {\"seq\": 5, \"verdict\": \"pass\"} ]\n");
        CliTest.Result j = asCustomer("log", "verify", "--export", json.toString(), "--key", pub.toString());
        assertThat(j.code()).as(j.out() + j.err()).isEqualTo(1);
        assertThat(j.out()).contains("edited after it was signed");
        // record 2 failed; a reader that keeps the first of two keys would see it pass
        Files.writeString(json, text.replaceFirst("\"verdict\" : \"fail\"", "\"verdict\" : \"pass\", \"verdict\" : \"fail\""));
        assertThat(Files.readString(json)).isNotEqualTo(text);
        CliTest.Result d = asCustomer("log", "verify", "--export", json.toString(), "--key", pub.toString());
        assertThat(d.code()).as(d.out() + d.err()).isEqualTo(1);
        assertThat(d.out()).contains("edited after it was signed");
    }

    @Test
    void anExportToStandardOutputIsTheSignedBytesEvenWithControlsInARecord() throws Exception {
        new ProvisioningLog(log).append(CliStation.batchRecord("disk:odd", "pass").put("hostname", "a\u202eb\u0085c\u007f"));
        Path pub = publicKey();
        for (String format : List.of("csv", "html", "json")) {
            CliTest.Result r = run("log", "export", "--log", log.toString(), "--format", format);
            assertThat(r.code()).as(r.err()).isZero();
            Path saved = Files.writeString(dir.resolve("stdout." + format), r.out());
            CliTest.Result v = asCustomer("log", "verify", "--export", saved.toString(), "--key", pub.toString());
            assertThat(v.code()).as(format + ": " + v.out() + v.err()).isZero();
        }
    }

    @Test
    void theKeyCommandHandsOutThePublicKeyOnly() throws Exception {
        CliTest.Result k = run("log", "key");
        assertThat(k.code()).isZero();
        assertThat(k.out()).startsWith("# Preflight station ").contains("key id ", "-----BEGIN PUBLIC KEY-----",
                "-----END PUBLIC KEY-----").doesNotContain("PRIVATE");
        Path pub = publicKey();
        assertThat(Files.readString(pub)).isEqualTo(k.out());
        // a log copied off the station checks out with the public key alone; without one there is nothing to check
        assertThat(asCustomer("log", "verify", "--log", log.toString()).code()).isEqualTo(2);
        CliTest.Result withKey = asCustomer("log", "verify", "--log", log.toString(), "--key", pub.toString());
        assertThat(withKey.code()).isZero();
        assertThat(withKey.out()).contains("chain intact.", "signed head: station ", "signature verified");
    }

    @Test
    void badKeysAndForeignOrHeadlessExportsAreNotAccepted() throws Exception {
        Path pub = publicKey();
        Path csv = export("csv");
        Path garbage = Files.writeString(dir.resolve("garbage.pub"), "not a key\n");
        CliTest.Result bad = run("log", "verify", "--export", csv.toString(), "--key", garbage.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("garbage.pub is not a station's public key").doesNotContain("Exception");
        assertThat(asCustomer("log", "verify", "--export", csv.toString()).code()).isEqualTo(2);
        assertThat(run("log", "verify", "--export", csv.toString(), "--log", log.toString()).code()).isEqualTo(2);

        station.use(dir.resolve("other-station"));
        Path otherPub = dir.resolve("other.pub");
        assertThat(run("log", "key", "--out", otherPub.toString()).code()).isZero();
        CliTest.Result foreign = run("log", "verify", "--export", csv.toString(), "--key", otherPub.toString());
        assertThat(foreign.code()).isEqualTo(1);
        assertThat(foreign.out()).contains("it was signed with key ");

        String text = Files.readString(csv);
        Files.writeString(csv, text.substring(0, text.indexOf("\"#preflight-export-head")));
        CliTest.Result headless = run("log", "verify", "--export", csv.toString(), "--key", pub.toString());
        assertThat(headless.code()).isEqualTo(1);
        assertThat(headless.out()).contains("carries no signed head");
        Path json = export("json");
        Files.writeString(json, "[ {\"seq\": 1,");
        assertThat(run("log", "verify", "--export", json.toString(), "--key", pub.toString()).code()).isEqualTo(2);
    }

    @Test
    void anExportOfATamperedLogSaysSoInItsSignedHead() throws Exception {
        Path pub = publicKey();
        List<String> lines = Files.readAllLines(log);
        Files.write(log, lines.subList(0, 3));
        CliTest.Result r = run("log", "export", "--log", log.toString(), "--format", "json", "--out",
                dir.resolve("t.json").toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("has 1 problem(s)");
        CliTest.Result v = asCustomer("log", "verify", "--export", dir.resolve("t.json").toString(), "--key",
                pub.toString());
        assertThat(v.code()).isEqualTo(1);
        assertThat(v.out()).contains("the station's log had 1 problem(s) when this was exported");
    }
}
