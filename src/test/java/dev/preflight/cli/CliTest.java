package dev.preflight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.core.demo.DemoCard;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.support.CliStation;
import dev.preflight.support.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The command line as users' scripts see it: output, JSON contract and exit codes. */
class CliTest {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PreflightCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @RegisterExtension
    final CliStation station = CliStation.chosenByTheTest();

    static final ImageSpec CLEAN = ImageSpec.raspberryPi().fat(32).configJson("{\"deviceType\":\"raspberrypi4-64\","
            + "\"applicationId\":99,\"apiKey\":\"SECRETprovisioningKEY\",\"apiEndpoint\":\"https://api.balena-cloud.com\"}");

    @Test
    void versionAndHelp() {
        Result v = run("--version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).startsWith("Preflight ");
        Result h = run("--help");
        assertThat(h.code()).isZero();
        assertThat(h.out()).contains("inspect", "Exit codes");
        assertThat(run("inspect", "--help").out()).contains("--json", "--fail-on", "--deep");
    }

    @Test
    void textReportOfACleanImagePasses() {
        Result r = run("inspect", Fixtures.built("cli-clean", CLEAN).toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("resin-boot", "raspberrypi4-64", "Verdict: PASS");
        assertThat(r.out()).doesNotContain("SECRETprovisioningKEY");
    }

    @Test
    void jsonFindingsCarryTheirPlaceAsData() throws Exception {
        Path img = Fixtures.built("cli-broken-places", ImageSpec.raspberryPi().fat(32).configJson(
                "{\"deviceType\":\"raspberrypi4-64\",\"applicationId\":99,\"apiEndpoint\":\"ftp://x\"}")
                .bootFileAfterFingerprint("config.txt", "gpu_mem=16\ndtoverlay=gone\n".getBytes(StandardCharsets.US_ASCII)));
        Result r = run("inspect", "--json", img.toString());
        JsonNode j = new ObjectMapper().readTree(r.out());
        JsonNode overlay = null;
        JsonNode endpoint = null;
        for (JsonNode f : j.get("findings")) {
            if (f.get("code").asText().equals("CONFIG_TXT_MISSING_OVERLAY")) {
                overlay = f;
            } else if (f.get("code").asText().equals("CONFIG_JSON_ENDPOINT_INVALID")) {
                endpoint = f;
            }
        }
        assertThat(overlay).isNotNull();
        assertThat(overlay.get("location").asText()).endsWith("/config.txt:2"); // the sentence stays as it was
        assertThat(overlay.at("/locus/partition").asInt()).isEqualTo(1);
        assertThat(overlay.at("/locus/file").asText()).isEqualTo("config.txt");
        assertThat(overlay.at("/locus/line").asInt()).isEqualTo(2);
        assertThat(overlay.get("subject").asText()).isEqualTo("[all] dtoverlay=gone");
        assertThat(endpoint).isNotNull();
        assertThat(endpoint.at("/locus/file").asText()).isEqualTo("config.json");
        assertThat(endpoint.at("/locus/jsonPointer").asText()).isEqualTo("/apiEndpoint");
        assertThat(endpoint.at("/locus").has("line")).isFalse();
    }

    @Test
    void jsonReportHasTheDocumentedFields() throws Exception {
        Path img = Fixtures.built("cli-clean", CLEAN);
        Result r = run("inspect", "--json", img.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).doesNotContain("SECRETprovisioningKEY");
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(j.at("/source/path").asText()).isEqualTo(img.toString());
        assertThat(j.at("/source/kind").asText()).isEqualTo("image");
        assertThat(j.at("/source/size").asLong()).isEqualTo(Files.size(img));
        assertThat(j.at("/partitionTable/scheme").asText()).isEqualTo("mbr");
        JsonNode p1 = j.at("/partitionTable/partitions/0");
        for (String field : new String[] {"number", "label", "typeId", "start", "size", "filesystem"}) {
            assertThat(p1.has(field)).as(field).isTrue();
        }
        assertThat(p1.get("typeId").asText()).isEqualTo("0x0c");
        assertThat(j.at("/partitionTable/partitions/5/ext4/lifetimeWritesKiB").asLong()).isPositive();
        assertThat(j.at("/boot/partition").asInt()).isEqualTo(1);
        assertThat(j.at("/boot/label").asText()).isEqualTo("resin-boot");
        assertThat(j.at("/boot/fileCount").asInt()).isPositive();
        assertThat(j.at("/os/deviceType").asText()).isEqualTo("raspberrypi4-64");
        assertThat(j.at("/os/version").asText()).isEqualTo("6.5.44+rev2");
        assertThat(j.at("/os/flasher").asBoolean()).isFalse();
        assertThat(j.at("/os").has("variant")).isTrue();
        assertThat(j.at("/findings").isArray()).isTrue();
        assertThat(j.at("/verdict").asText()).isEqualTo("pass");
    }

    @Test
    void findingsCarryTheDocumentedShapeAndDriveTheExitCode(@TempDir Path dir) throws Exception {
        Path demo = DemoCard.ensure(dir);
        Result r = run("inspect", "--json", demo.toString());
        assertThat(r.code()).isEqualTo(1); // the demo's tampered overlay is an error
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.at("/verdict").asText()).isEqualTo("fail");
        assertThat(j.at("/integrity/counts/modified").asInt()).isEqualTo(1);
        assertThat(j.at("/integrity/files").size()).isGreaterThan(15);
        for (Iterator<JsonNode> it = j.get("findings").elements(); it.hasNext(); ) {
            JsonNode f = it.next();
            assertThat(f.get("code").asText()).matches("[A-Z][A-Z0-9_]+");
            assertThat(f.get("severity").asText()).isIn("error", "warning", "info");
            assertThat(f.get("message").asText()).isNotBlank();
            assertThat(f.has("location")).isTrue();
            assertThat(f.has("hint")).isTrue();
        }
        assertThat(r.out()).doesNotContain("demoProvisioningKey", "not-a-real-password");
        assertThat(run("inspect", "--fail-on", "warning", demo.toString()).code()).isEqualTo(1);
        assertThat(run("inspect", "--fail-on", "error", demo.toString()).code()).isEqualTo(1);
        assertThat(run("inspect", "--fail-on", "info", demo.toString()).code()).isEqualTo(1);
        assertThat(run("inspect", "--fail-on", "never", demo.toString()).code()).isZero();
    }

    @Test
    void failingImageExitsWithOne(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.img");
        Files.write(junk, new byte[4096]);
        Result r = run("inspect", junk.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("PARTITION_TABLE_INVALID", "Verdict: FAIL");
    }

    @Test
    void unreadableInputIsOneClearLineAndExitTwo(@TempDir Path dir) {
        Result r = run("inspect", dir.resolve("missing.img").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("preflight: ").contains("missing.img").doesNotContain("Exception", "\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badUsageExitsWithTwo() {
        assertThat(run("inspect").code()).isEqualTo(2);
        assertThat(run("inspect", "--bogus", "x").code()).isEqualTo(2);
        assertThat(run("inspect", "--fail-on", "sometimes", "x").code()).isEqualTo(2);
        assertThat(run("frobnicate").code()).isEqualTo(2);
    }

    @Test
    void corruptCompressedImageExitsWithTwo(@TempDir Path dir) throws Exception {
        byte[] gz = Files.readAllBytes(Fixtures.real("etcher-sdk/etcher-test.img.gz"));
        gz[10] = 0x07;
        Path p = dir.resolve("corrupt.img.gz");
        Files.write(p, gz);
        Result r = run("inspect", p.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("corrupt.img.gz").doesNotContain("\tat ");
    }

    @Test
    void doctorChecksTheEnvironment(@TempDir Path dir) {
        station.use(dir);
        Result r = run("doctor");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Java " + System.getProperty("java.version"), "is writable");
    }

    @Test
    void demoCommandPrintsAReusablePath(@TempDir Path dir) {
        Result a = run("demo", "--dir", dir.toString());
        Result b = run("demo", "--dir", dir.toString());
        assertThat(a.code()).isZero();
        assertThat(a.out().trim()).isEqualTo(b.out().trim()).endsWith(DemoCard.FILE_NAME);
    }

    @Test
    void aMissingFileOrFolderIsAClearMessageNotAnInternalError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Result log = run("serial", "analyse", dir.resolve("boot.log").toString());
        assertThat(log.code()).isEqualTo(2);
        assertThat(log.err()).contains(dir.resolve("boot.log") + " does not exist.").doesNotContain("internal error");
        Result out = run("log", "export", "--format", "csv", "--out", dir.resolve("no-such-folder/x.csv").toString());
        assertThat(out.code()).isEqualTo(2);
        assertThat(out.err()).contains("does not exist.").contains("needs an existing folder")
                .doesNotContain("internal error");
    }

    @Test
    void aCaptureThatCannotBeAttachedStillShowsTheAnalysisAndExitsTwo(@org.junit.jupiter.api.io.TempDir
                                                                          java.nio.file.Path dir) throws Exception {
        java.nio.file.Path boot = java.nio.file.Files.writeString(dir.resolve("boot.log"),
                "U-Boot 2021.01\nStarting kernel ...\nbalenaOS 6.5.44 raspberrypi4-64 ttyS0\nraspberrypi4-64 login:\n");
        Result r = run("serial", "analyse", boot.toString(), "--attach", dir.resolve("gone.img").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("Milestones");
        assertThat(r.err()).contains("Not attached: ").contains("gone.img");
    }
}
