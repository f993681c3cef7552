package dev.preflight.core.configjson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.secret.JsonMasking;
import dev.preflight.core.secret.JsonSyntaxException;
import dev.preflight.support.HangGuard;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * 10,000 config.json files with secrets, broken by a few random edits (quotes, brackets, commas,
 * colons, backslashes, digits, exponents, control and non-ASCII characters inserted, replaced or
 * removed; huge exponents, bad escapes, bare words and comments inserted). Documented outcome: {@link ConfigJsonDocument#parse} returns a document, or throws a
 * {@link JsonSyntaxException} whose message is "line L, column C: " and a fixed phrase (never a token
 * of the file, so never a secret that lost its quotes), or IllegalArgumentException for JSON that is
 * not an object; never another exception, never a hang. A document that parses masks and validates.
 */
class ConfigJsonParseFuzzTest {
    static final String BASE = "{\n  \"deviceType\": \"raspberrypi4-64\",\n  \"applicationId\": 1234,\n"
            + "  \"apiKey\": \"PLANTEDcj1\",\n  \"deviceApiKeys\": {\"api.balena-cloud.com\": \"PLANTEDcj2\"},\n"
            + "  \"vendor\": {\"cloudApiKey\": \"PLANTEDcj3\", \"n\": [1.5e3, -2, true, null]},\n"
            + "  \"files\": {\"network/network.config\": \"[service_wifi]\\nPassphrase = PLANTEDcj4\\n\"},\n"
            + "  \"persistentLogging\": false\n}\n";
    static final String PHRASE = "(line \\d+, column \\d+: )?[a-z][^\"]*";

    static final List<String> SNIPPETS = List.of("e999999999999", "E-99999999999", "0000", "\\u12", "\\x", "tru",
            "NaN", "\": ", "}]", "[[[", "\r\n", "/*", "//", "'", "PLANTEDcj5");

    record Edit(int kind, int position, char c, int snippet) {
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<Character> chars = Arbitraries.oneOf(Arbitraries.of('"', '{', '}', '[', ']', ',', ':', '\\', ' ', '\n',
                'e', 'E', '-', '+', '.', '0', '9', 't', 'n', '\u0000', '\u0007', '\u00e9', '\u2028', '\uFEFF'),
                Arbitraries.chars().ascii());
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, BASE.length()),
                chars, Arbitraries.integers().between(0, SNIPPETS.size() - 1)).as(Edit::new).list().ofMinSize(1)
                .ofMaxSize(6);
    }

    @Property(tries = 10_000, seed = "20261202")
    void brokenConfigJsonNeverEchoesItsText(@ForAll("edits") List<Edit> edits) {
        StringBuilder s = new StringBuilder(BASE);
        for (Edit e : edits) {
            int at = Math.min(e.position(), s.length());
            if (e.kind() == 3) {
                s.insert(at, SNIPPETS.get(e.snippet()));
            } else if (e.kind() == 0 || at == s.length()) {
                s.insert(at, e.c());
            } else if (e.kind() == 1) {
                s.setCharAt(at, e.c());
            } else {
                s.deleteCharAt(at);
            }
        }
        byte[] bytes = s.toString().getBytes(StandardCharsets.UTF_8);
        HangGuard.within(Duration.ofSeconds(10), () -> check(bytes));
    }

    private static void check(byte[] bytes) {
        ConfigJsonDocument doc;
        try {
            doc = ConfigJsonDocument.parse(bytes);
        } catch (JsonSyntaxException e) {
            assertThat(e.getMessage()).matches(PHRASE).doesNotContain("PLANTED");
            assertThat(e).hasNoCause();
            return;
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isEqualTo("config.json must be a JSON object ({...})");
            return;
        }
        // an edit may rename a secret key, so what the masked text holds is not checked here (SecretLeakTest is)
        assertThat(ConfigJsonDocument.pretty(JsonMasking.masked(doc.root()))).isNotEmpty();
        new ConfigJsonValidator().validate(doc.root(), new ConfigJsonValidator.Context("c", "raspberrypi4-64"));
    }
}
