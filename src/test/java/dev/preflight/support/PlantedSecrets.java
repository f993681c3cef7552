package dev.preflight.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.demo.ImageSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Cards holding a unique secret, starting with {@link #MARK}, in every place a secret can hide on a
 * balenaOS boot partition: config.json keys at the top level, nested and in arrays, the legacy
 * {@code files} text (connman and wpa_supplicant), every secret setting NetworkManager has in its
 * keyfiles (Wi-Fi, 802-1x, gsm, VPN secrets, WireGuard, MACsec, PPPoE), a commented-out password, a
 * junk line, a broken group header, and the redsocks proxy's login and password. Nothing else on the
 * cards contains {@link #MARK}, so any output containing it leaked a secret.
 */
public final class PlantedSecrets {
    public static final String MARK = "PLANTED";

    /** config.json that parses, with secrets at every depth. */
    public static final String CONFIG = "{\"deviceType\":\"raspberrypi4-64\",\"applicationId\":5,"
            + "\"apiEndpoint\":\"https://api.balena-cloud.com\",\"apiKey\":\"PLANTEDa1\",\"deviceApiKey\":\"PLANTEDa2\","
            + "\"deviceApiKeys\":{\"api.balena-cloud.com\":\"PLANTEDa3\"},\"wifiSsid\":\"Plant\",\"wifiKey\":\"PLANTEDa4\","
            + "\"mixpanelToken\":\"PLANTEDa5\",\"vendor\":{\"cloudApiKey\":\"PLANTEDa6\",\"accounts\":[{\"user\":\"ops\","
            + "\"password\":\"PLANTEDa7\"}],\"sessionToken\":\"PLANTEDa8\"},\"files\":{\"network/network.config\":"
            + "\"[service_home_wifi]\\nType = wifi\\nName = Plant\\nPassphrase = PLANTEDa9\\n\","
            + "\"wpa_supplicant.conf\":\"network={\\n\\tssid=\\\"Plant\\\"\\n\\tpsk=\\\"PLANTEDa10\\\"\\n}\\n\"}}";

    /** config.json a value of which lost its quotes: balenaOS cannot read it, and parsers quote the token. */
    public static final String BROKEN_CONFIG = "{\"deviceType\":\"raspberrypi4-64\",\n  \"deviceApiKey\": PLANTEDb1,\n"
            + "  \"apiKey\":\"PLANTEDb2\"}";

    private PlantedSecrets() {
    }

    /** The boot files holding secrets, each value prefixed with {@code tag} so two cards differ. */
    static List<String[]> files(String tag) {
        String p = MARK + tag;
        List<String[]> f = new ArrayList<>();
        f.add(new String[] {"system-connections/office-wifi", String.join("\n", "[connection]", "id=office", "type=wifi",
                "", "[wifi]", "mode=infrastructure", "ssid=Office", "", "[wifi-security]", "key-mgmt=wpa-psk",
                "psk=" + p + "k1", "leap-password=" + p + "k2", "wep-key0=" + p + "k3", "wep-key1=" + p + "k4",
                "wep-key2=" + p + "k5", "wep-key3=" + p + "k6", "# psk=" + p + "k7", "psk " + p + "k8", "[" + p + "k9",
                "", "[ipv4]", "method=auto", "")});
        f.add(new String[] {"system-connections/enterprise", String.join("\n", "[connection]", "id=corp", "type=wifi",
                "[wifi]", "ssid=Corp", "[wifi-security]", "key-mgmt=wpa-eap", "[802-1x]", "eap=peap;", "identity=ops",
                "password=" + p + "e1", "password-raw=" + p + "e2", "private-key=" + p + "e3",
                "private-key-password=" + p + "e4", "phase2-private-key-password=" + p + "e5", "pin=" + p + "e6",
                "ca-cert-password=" + p + "e7", "client-cert-password=" + p + "e8",
                "phase2-ca-cert-password=" + p + "e9", "phase2-client-cert-password=" + p + "e10", "[ipv4]",
                "method=auto", "")});
        f.add(new String[] {"system-connections/cellular", String.join("\n", "[connection]", "id=cell", "type=gsm",
                "[gsm]", "apn=internet", "password=" + p + "g1", "pin=" + p + "g2", "")});
        f.add(new String[] {"system-connections/vpn", String.join("\n", "[connection]", "id=vpn", "type=vpn", "[vpn]",
                "service-type=org.freedesktop.NetworkManager.openvpn", "remote=vpn.example.com", "[vpn-secrets]",
                "password=" + p + "v1", "cert-pass=" + p + "v2", "")});
        f.add(new String[] {"system-connections/wg0", String.join("\n", "[connection]", "id=wg0", "type=wireguard",
                "[wireguard]", "private-key=" + p + "w1", "[wireguard-peer.cHViS2V5]", "preshared-key=" + p + "w2",
                "endpoint=vpn.example.com:51820", "")});
        f.add(new String[] {"system-connections/macsec", String.join("\n", "[connection]", "id=macsec", "type=macsec",
                "[macsec]", "mka-cak=" + p + "m1", "mka-ckn=0123456789abcdef", "")});
        f.add(new String[] {"system-connections/dsl", String.join("\n", "[connection]", "id=dsl", "type=pppoe",
                "[pppoe]", "username=ops", "password=" + p + "p1", "")});
        f.add(new String[] {"system-proxy/redsocks.conf", String.join("\n", "base {", "\tlog_info = on;",
                "\tredirector = iptables;", "}", "", "redsocks {", "\ttype = socks5;", "\tip = proxy" + tag + ".example.com;",
                "\tport = 1080;", "\tlogin = \"" + p + "r1\";", "\tpassword = \"" + p + "r2\";", "\tlocal_ip = 127.0.0.1;",
                "\tlocal_port = 12345;", "}", "")});
        return f;
    }

    private static ImageSpec spec(String config, String tag) {
        ImageSpec s = ImageSpec.raspberryPi().fat(32).configJson(config);
        for (String[] f : files(tag)) {
            s.bootFile(f[0], f[1].getBytes(StandardCharsets.UTF_8));
        }
        return s;
    }

    /** A card whose config.json parses. */
    public static ImageSpec card() {
        return spec(CONFIG, "");
    }

    /** A card whose config.json has a secret without quotes. */
    public static ImageSpec brokenCard() {
        return spec(BROKEN_CONFIG, "");
    }

    /** The image the cards are compared with: the same files, other secrets. */
    public static ImageSpec reference() {
        return spec(CONFIG.replace(MARK, MARK + "ref").replace("\"applicationId\":5", "\"applicationId\":6"), "ref");
    }

    /** Every planted value on {@link #card()} (to check that they really are on it). */
    public static List<String> onCard() {
        StringBuilder text = new StringBuilder(CONFIG);
        files("").forEach(f -> text.append('\n').append(f[1]));
        List<String> all = new ArrayList<>();
        Matcher m = Pattern.compile(MARK + "[a-z0-9]+").matcher(text);
        while (m.find()) {
            all.add(m.group());
        }
        return all;
    }

    /** Fails when {@code text} (what {@code what} printed, wrote or showed) holds any planted secret. */
    public static void assertClean(String what, String text) {
        assertThat(text).as(what + " leaked a secret").doesNotContain(MARK);
    }

    /** Every file under {@code dir} except the backups of card files, which hold the card's own bytes by design. */
    public static void assertCleanFiles(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                boolean backupOfCardFile = p.getFileName().toString().equals("old")
                        && p.toString().contains("backups");
                if (!backupOfCardFile) {
                    assertClean(p.toString(), Files.readString(p, StandardCharsets.ISO_8859_1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
