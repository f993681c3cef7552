package dev.preflight.core.network;

import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Locus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks of NetworkManager keyfiles (balenaos-image-facts §4.4): SSID 1–32 bytes; WPA-PSK an 8–63
 * character ASCII passphrase or 64 hex digits (WPA3 SAE: any non-empty passphrase); files NM can parse.
 * Messages never include a password.
 */
public final class NetworkChecks {
    private NetworkChecks() {
    }

    /** A problem with an SSID, or null when it is valid. */
    public static String ssidProblem(String ssid) {
        if (ssid == null || ssid.isEmpty()) {
            return "the SSID is empty";
        }
        int bytes = ssid.getBytes(StandardCharsets.UTF_8).length;
        return bytes > 32 ? "the SSID is " + bytes + " bytes long; Wi-Fi allows at most 32" : null;
    }

    /** A problem with a passphrase for {@code keyMgmt}, or null when valid. Never echoes the passphrase. */
    public static String pskProblem(String psk, String keyMgmt) {
        if (psk == null || psk.isEmpty()) {
            return "the password is empty";
        }
        if ("sae".equals(keyMgmt)) {
            return null;
        }
        if (psk.length() == 64 && psk.matches("[0-9A-Fa-f]{64}")) {
            return null;
        }
        for (char c : psk.toCharArray()) {
            if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0) {
                return "a WPA passphrase cannot hold control characters (wpa_supplicant refuses them)";
            }
        }
        int bytes = psk.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < 8 || bytes > 63) {
            return "a WPA passphrase must be 8 to 63 bytes as UTF-8, as NetworkManager requires (this one has "
                    + bytes + (bytes == psk.length() ? ")" : ", in " + psk.codePointCount(0, psk.length())
                    + " characters)");
        }
        return null;
    }

    /**
     * Whether a valid WPA passphrase holds characters beyond ASCII. NetworkManager and wpa_supplicant take
     * its UTF-8 bytes (and hash them as the standard says), but some access points only accept ASCII.
     */
    public static boolean pskNonAscii(String psk, String keyMgmt) {
        return psk != null && !"sae".equals(keyMgmt) && psk.chars().anyMatch(c -> c > 0x7e);
    }

    /** The sentence for {@link FindingCode#WIFI_PSK_NON_ASCII}. */
    public static String nonAsciiWarning(String file) {
        return "The Wi-Fi password of " + file + " holds characters beyond ASCII (written exactly, as UTF-8):"
                + " NetworkManager accepts it, but some access points accept only ASCII passphrases";
    }

    public static List<Finding> check(List<Connection> connections, String where, String deviceType) {
        List<Finding> out = new ArrayList<>();
        boolean activeNetwork = false;
        for (Connection c : connections) {
            String at = where + ":/system-connections/" + c.file();
            Locus conn = Locus.file("system-connections/" + c.file()).connection(c.file());
            for (Keyfile.Problem p : c.keyfile().problems()) {
                out.add(Finding.of(FindingCode.KEYFILE_SYNTAX, "system-connections/" + c.file() + " line " + p.line()
                        + ": " + p.message() + ".", at + ":" + p.line(),
                        "NetworkManager may ignore this connection; rewrite it with 'preflight wifi set'.").at(conn.line(p.line())).about(c.file()));
            }
            if (!c.active()) {
                continue;
            }
            if (c.type() == null || !c.keyfile().hasGroup("connection")) {
                out.add(Finding.of(FindingCode.KEYFILE_SYNTAX, "system-connections/" + c.file()
                        + " has no [connection] type, so NetworkManager ignores it.", at,
                        "Every keyfile needs [connection] with id= and type=.").at(conn).about(c.file()));
                continue;
            }
            activeNetwork = true;
            if (!c.isWifi()) {
                continue;
            }
            String ssid = ssidProblem(c.ssid());
            if (ssid != null) {
                out.add(Finding.of(FindingCode.WIFI_SSID_INVALID, "Wi-Fi connection " + c.file() + ": " + ssid + ".", at,
                        "Set the exact network name with 'preflight wifi set PATH --ssid NAME'.").at(conn).about(c.file()));
            }
            String mgmt = c.security();
            if ("wpa-psk".equals(mgmt) || "sae".equals(mgmt)) {
                String psk = c.psk();
                if (psk != null && psk.length() >= 2 && psk.startsWith("\"") && psk.endsWith("\"")) {
                    out.add(Finding.of(FindingCode.WIFI_PSK_QUOTED, "Wi-Fi connection " + c.file() + ": the password"
                            + " is wrapped in double quotes, which NetworkManager takes as part of it (balena-cli"
                            + " #2792).", at, "Write it again without quotes: preflight wifi set PATH --ssid "
                            + c.ssid() + " --psk-stdin").at(conn).about(c.file()));
                } else {
                    String problem = pskProblem(psk, mgmt);
                    if (problem != null) {
                        out.add(Finding.of(FindingCode.WIFI_PSK_INVALID, "Wi-Fi connection " + c.file() + ": "
                                + problem + ".", at, "Set a valid password with 'preflight wifi set PATH --ssid "
                                + c.ssid() + " --psk-stdin'.").at(conn).about(c.file()));
                    } else if (pskNonAscii(psk, mgmt)) {
                        out.add(Finding.of(FindingCode.WIFI_PSK_NON_ASCII, nonAsciiWarning(c.file()) + ".", at,
                                "If the device does not join, check the router accepts the password as typed, or"
                                        + " use an ASCII password or the 64-hex-digit key.").at(conn).about(c.file()));
                    }
                }
            }
        }
        if (!activeNetwork && wifiOnly(deviceType)) {
            out.add(Finding.of(FindingCode.WIFI_NOT_CONFIGURED, "No network connection is configured and "
                    + deviceType + " has no Ethernet port: the device will not come online.", where
                    + ":/system-connections", "Add one with 'preflight wifi set PATH --ssid NAME --psk-stdin'.").at(Locus.file("system-connections")).about("no connection"));
        }
        return out;
    }

    /** Device types with Wi-Fi but no Ethernet (the Pi Zero family). */
    static boolean wifiOnly(String slug) {
        if (slug == null) {
            return false;
        }
        String s = slug.toLowerCase(Locale.ROOT);
        return s.contains("raspberrypi0") || s.contains("zero");
    }
}
