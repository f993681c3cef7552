package dev.preflight.cli;

import static dev.preflight.support.PlantedSecrets.assertClean;
import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.support.CliStation;
import dev.preflight.support.Fixtures;
import dev.preflight.support.PlantedSecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that reads a card, run on cards with a secret planted in every place one can hide
 * ({@link PlantedSecrets}): no byte of standard output, standard error, the provisioning log or any file
 * written (exports, profiles) holds one. Only the backups of card files in the data folder do, as
 * they must for 'undo'.
 */
class SecretLeakTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final CliStation station = CliStation.in(() -> dir.resolve("data"));
    Path card;
    Path broken;
    Path reference;

    @BeforeEach
    void setUp() {
        card = Fixtures.copy("secrets-card", PlantedSecrets.card(), dir);
        broken = Fixtures.copy("secrets-broken", PlantedSecrets.brokenCard(), dir);
        reference = Fixtures.built("secrets-reference", PlantedSecrets.reference());
    }

    /** Runs the CLI in-process and checks both streams. */
    CliTest.Result run(String... args) {
        CliTest.Result r = CliTest.run(args);
        assertClean(String.join(" ", args) + " (stdout)", r.out());
        assertClean(String.join(" ", args) + " (stderr)", r.err());
        return r;
    }

    @Test
    void theSecretsReallyAreOnTheCardsAndShowOnlyWhenAskedFor() throws Exception {
        String bytes = new String(Files.readAllBytes(card), StandardCharsets.ISO_8859_1);
        assertThat(PlantedSecrets.onCard()).hasSizeGreaterThan(35).allSatisfy(s -> assertThat(bytes).contains(s));
        assertThat(new String(Files.readAllBytes(broken), StandardCharsets.ISO_8859_1)).contains("PLANTEDb1");
        assertThat(CliTest.run("config", "get", card.toString(), "--show-secrets").out())
                .contains("PLANTEDa1", "PLANTEDa7", "Passphrase = PLANTEDa9");
        assertThat(CliTest.run("wifi", "list", card.toString(), "--show-secrets").out()).contains("PLANTEDk1");
    }

    @Test
    void inspectAndVerify() {
        assertThat(run("inspect", card.toString()).out()).contains("KEYFILE_SYNTAX", "Verdict:");
        assertThat(run("inspect", "--json", card.toString()).out()).contains("\"sha256WithoutSecrets\"");
        CliTest.Result b = run("inspect", broken.toString());
        assertThat(b.out()).contains("CONFIG_JSON_SYNTAX", "line 2, column 19");
        assertThat(run("inspect", "--json", broken.toString()).out()).contains("CONFIG_JSON_SYNTAX");
        assertThat(run("inspect", "--record", card.toString()).err()).contains("Recorded as entry 1");

        CliTest.Result v = run("verify", card.toString(), "--reference", reference.toString());
        assertThat(v.out()).contains("differs: config.json", "\"applicationId\": 6",
                "differs: system-connections/enterprise", "(only masked secret values differ)",
                "differs: system-proxy/redsocks.conf", "ip = proxyref.example.com;");
        assertThat(run("verify", "--json", card.toString(), "--reference", reference.toString()).out())
                .contains("\"diff\"", "(only masked secret values differ)");
        assertThat(run("verify", broken.toString(), "--reference", reference.toString()).out())
                .contains("(not valid JSON)");
        run("verify", "--json", broken.toString(), "--reference", reference.toString());
        PlantedSecrets.assertCleanFiles(station.folder());
    }

    @Test
    void configCommandsOnGoodAndBrokenCards() throws Exception {
        assertThat(run("config", "get", card.toString()).out()).contains("\"apiKey\": \"********\"",
                "\"password\": \"********\"", "Passphrase = ********");
        for (String key : new String[] {"apiKey", "vendor", "vendor.accounts", "files", "deviceApiKeys", "wifiKey"}) {
            assertThat(run("config", "get", card.toString(), key).code()).as(key).isZero();
        }
        assertThat(run("config", "get", broken.toString()).code()).isEqualTo(2);
        assertThat(run("config", "get", broken.toString(), "apiKey").err()).contains("not valid JSON", "line 2");
        assertThat(run("config", "validate", card.toString()).out()).contains("CONFIG_JSON_LEGACY_KEY");
        assertThat(run("config", "validate", broken.toString()).out()).contains("CONFIG_JSON_SYNTAX");
        Path file = Files.writeString(dir.resolve("broken.json"), PlantedSecrets.BROKEN_CONFIG);
        assertThat(run("config", "validate", file.toString()).code()).isEqualTo(2);

        assertThat(run("config", "set", card.toString(), "hostname", "line-1").out()).contains("+   \"hostname\"");
        assertThat(run("config", "set", card.toString(), "vendor.region", "eu").out()).contains("\"region\": \"eu\"");
        assertThat(run("config", "unset", card.toString(), "wifiKey").out()).contains("-   \"wifiKey\": \"********\"");
        assertThat(run("config", "set", card.toString(), "listenPort", "\"http\"").code()).isEqualTo(1);
        assertThat(run("config", "set", broken.toString(), "hostname", "x").code()).isEqualTo(2);
        assertThat(run("config", "inject", card.toString(), file.toString()).code()).isEqualTo(2);
        assertThat(run("undo", card.toString()).code()).isZero();
        PlantedSecrets.assertCleanFiles(station.folder());
    }

    @Test
    void configTxtAndWifiCommands() {
        assertThat(run("configtxt", "get", card.toString()).code()).isZero();
        run("configtxt", "get", card.toString(), "dtoverlay");
        assertThat(run("configtxt", "validate", card.toString()).code()).isZero();
        assertThat(run("configtxt", "set", card.toString(), "enable_uart", "1").code()).isZero();
        run("configtxt", "validate", broken.toString());

        assertThat(run("wifi", "list", card.toString()).out()).contains("office-wifi", "password set", "KEYFILE_SYNTAX");
        run("wifi", "list", broken.toString());
        station.stdin("PLANTEDstdin1\n");
        assertThat(run("wifi", "set", card.toString(), "--ssid", "Guest", "--psk-stdin").code()).isZero();
        station.stdin("PLANTEDstdin2\n");
        assertThat(run("wifi", "set", card.toString(), "--ssid", "Office", "--psk-stdin").code()).isZero();
        assertThat(run("wifi", "remove", card.toString(), "cellular").code()).isZero();
        PlantedSecrets.assertCleanFiles(station.folder());
    }

    @Test
    void profilesBatchesAndTheLogAndItsExports() throws Exception {
        Path profile = Files.writeString(dir.resolve("line-1.json"), "{\"name\":\"line-1\",\"requiredConfig\":{"
                + "\"apiKey\":\"PLANTEDwant1\",\"vendor\":{\"cloudApiKey\":\"PLANTEDwant2\"},\"applicationId\":6},"
                + "\"requiredWifiSsid\":\"Office\"}");
        assertThat(run("profile", "show", profile.toString()).out()).contains("\"apiKey\" : \"********\"");
        assertThat(run("profile", "check", profile.toString(), card.toString()).out()).contains("PROFILE_MISMATCH",
                "config.json apiKey is ********", "config.json vendor is {");
        Path made = dir.resolve("made.json");
        assertThat(run("profile", "new", made.toString(), "--from", card.toString()).code()).isZero();
        Path log = dir.resolve("batch.jsonl");
        CliTest.Result batch = run("batch", "--profile", profile.toString(), "--log", log.toString(), card.toString(),
                broken.toString());
        assertThat(batch.out()).contains("FAIL", "2 card(s)");
        assertThat(run("inspect", "--record", "--log", log.toString(), broken.toString()).code()).isEqualTo(1);
        assertThat(run("log", "show", "--log", log.toString()).out()).contains("batch");
        assertThat(run("log", "verify", "--log", log.toString()).code()).isZero();
        for (String format : new String[] {"csv", "json", "html"}) {
            assertThat(run("log", "export", "--log", log.toString(), "--format", format).out()).isNotEmpty();
            assertThat(run("log", "export", "--log", log.toString(), "--format", format, "--out",
                    dir.resolve("export." + format).toString()).code()).isZero();
        }
        assertThat(Files.readString(log)).contains("profileReasons", "config.json apiKey is ********");
        for (String f : new String[] {"batch.jsonl", "export.csv", "export.json", "export.html", "made.json"}) {
            assertClean(f, Files.readString(dir.resolve(f)));
        }
    }
}
