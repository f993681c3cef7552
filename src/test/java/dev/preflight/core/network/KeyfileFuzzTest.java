package dev.preflight.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.report.Finding;
import dev.preflight.core.secret.SecretText;
import dev.preflight.support.HangGuard;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * 10,000 generated NetworkManager keyfiles mixing well-formed groups and settings, every secret
 * setting NetworkManager has, malformed headers, junk lines, comments, GLib escapes, CRLF/LF, a BOM
 * and random Unicode. Documented outcomes: {@link Keyfile#parse} never throws and ends in bounded time;
 * its problems name a line of the file and one of the fixed phrases (never the text); what it reads
 * writes back and reads again unchanged; the checks never throw; and a planted secret, in any setting
 * NetworkManager treats as secret, a commented-out password, a junk line or a broken header, shows
 * neither in a finding nor in the masked text that diffs print.
 */
class KeyfileFuzzTest {
    static final String SECRET = "PLANTEDkf";
    static final Set<String> PHRASES = Set.of("a group header without its closing ']', or with text after it",
            "a group that already appeared earlier in the file", "a line that is neither key=value, [group] nor # comment",
            "a key=value line before any [group]");
    static final List<String> SECRET_KEYS = List.of("psk", "leap-password", "wep-key0", "wep-key1", "wep-key2",
            "wep-key3", "password", "password-raw", "private-key-password", "phase2-private-key-password", "pin",
            "ca-cert-password", "client-cert-password", "phase2-ca-cert-password", "phase2-client-cert-password",
            "private-key", "preshared-key", "mka-cak");
    static final List<String> PLAIN_KEYS = List.of("id", "type", "ssid", "key-mgmt", "psk-flags", "method",
            "address1", "hidden", "identity", "eap", "wep-key-type");
    static final List<String> GROUPS = List.of("connection", "wifi", "wifi-security", "802-11-wireless-security",
            "802-1x", "gsm", "vpn", "wireguard", "wireguard-peer.AbC=", "ipv4", "", "a]b");

    @Provide
    Arbitrary<String> keyfiles() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12)
                .map(s -> s.replace(SECRET, ""));
        Arbitrary<String> value = Combinators.combine(text, Arbitraries.of("", "\\s", "\\n", "\\t", "\\\\", "\\",
                "\"", ";", "#", "=", " "), text).as((a, esc, b) -> a + esc + b);
        Arbitrary<String> blanks = Arbitraries.of("", " ", "\t", "  ");
        Arbitrary<String> header = Combinators.combine(blanks, Arbitraries.of(GROUPS), blanks)
                .as((a, g, b) -> a + "[" + g + "]" + b);
        Arbitrary<String> secret = Combinators.combine(blanks, Arbitraries.of(SECRET_KEYS), blanks, value, value)
                .as((a, k, b, v1, v2) -> a + k + b + "=" + b + v1.replace("=", "") + SECRET + v2);
        Arbitrary<String> vpnSecret = Combinators.combine(Arbitraries.of("cert-pass", "x", "http-proxy-password",
                "Username"), value).as((k, v) -> "[vpn-secrets]\n" + k + "=" + SECRET + v);
        Arbitrary<String> plain = Combinators.combine(Arbitraries.of(PLAIN_KEYS), value).as((k, v) -> k + "=" + v);
        Arbitrary<String> comment = Combinators.combine(blanks, Arbitraries.of("# psk=", "#password ", "# wep-key0 = ",
                "#leap-password="), text).as((a, c, t) -> a + c + SECRET + t);
        Arbitrary<String> junk = text.map(t -> "junk " + t.replace("=", "") + SECRET);
        Arbitrary<String> brokenHeader = Combinators.combine(Arbitraries.of("[" + SECRET, "[wifi] " + SECRET,
                "[" + SECRET + "] x"), text.map(t -> t.replace("]", ""))).as((h, t) -> h + t);
        Arbitrary<String> random = Arbitraries.strings().all().ofMaxLength(24).map(s -> s.replace(SECRET, ""));
        Arbitrary<String> line = Arbitraries.frequencyOf(
                Tuple.of(4, header), Tuple.of(5, secret), Tuple.of(1, vpnSecret),
                Tuple.of(5, plain), Tuple.of(2, comment), Tuple.of(2, junk),
                Tuple.of(1, brokenHeader), Tuple.of(2, random),
                Tuple.of(1, Arbitraries.just("")));
        // a lone CR is not a line break to NetworkManager (SecretTextTest covers what diffs do with one)
        Arbitrary<String> newline = Arbitraries.of("\n", "\n", "\r\n");
        Arbitrary<String> lineWithEnd = Combinators.combine(line, newline).as((l, n) -> l + n);
        return Combinators.combine(Arbitraries.of("", "", "\uFEFF"), lineWithEnd.list().ofMaxSize(30))
                .as((bom, lines) -> bom + String.join("", lines));
    }

    @Property(tries = 10_000, seed = "20261202")
    void parsesCleanlyAndNeverShowsASecret(@ForAll("keyfiles") String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        HangGuard.within(Duration.ofSeconds(10), () -> check(text, bytes));
    }

    private static void check(String text, byte[] bytes) {
        Keyfile k = Keyfile.parse(bytes);
        long lines = text.split("\r?\n", -1).length;
        for (Keyfile.Problem p : k.problems()) {
            assertThat(p.line()).isBetween(1, (int) lines);
            assertThat(PHRASES).contains(p.message());
        }
        byte[] written = k.render();
        Keyfile again = Keyfile.parse(written);
        assertThat(again.problems()).isEmpty();
        assertThat(again.render()).isEqualTo(written);

        Connection c = Connection.of("fuzz", bytes);
        List<Finding> findings = NetworkChecks.check(List.of(c), "card", "raspberrypi0-2w-64");
        for (Finding f : findings) {
            assertThat(f.message() + f.location() + f.hint()).doesNotContain(SECRET);
        }
        String masked = SecretText.of("system-connections/fuzz", text);
        assertThat(masked).doesNotContain(SECRET);
    }
}
