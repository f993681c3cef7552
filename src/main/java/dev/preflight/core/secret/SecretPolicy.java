package dev.preflight.core.secret;

import java.util.Locale;
import java.util.Set;

/**
 * What counts as a secret, in one place (docs/decisions/0012-one-secret-policy.md). Every output of
 * Preflight (text, JSON, diffs, errors, the desktop app, the provisioning log and its exports) masks
 * what this class names, through {@link JsonMasking} and {@link SecretText}; masked values read
 * {@link #MASK}.
 *
 * <p>Names are compared by their letters and digits only, without case, so {@code deviceApiKey},
 * {@code private-key-password}, {@code PrivateKey} and {@code PASSPHRASE} are all recognised.
 */
public final class SecretPolicy {
    /** What a masked value reads, everywhere (a contract: scripts look for it). */
    public static final String MASK = "********";

    /** Whole names that are secret (normalised). */
    private static final Set<String> EXACT = Set.of(
            "apikey", "deviceapikey", "deviceapikeys", "wifikey", "mixpaneltoken", // balena config.json
            "pubnubpublishkey", "pubnubsubscribekey", // legacy 1.x config.json
            "psk", "pin", "puk", "mkacak", // NetworkManager: Wi-Fi PSK, 802-1x/gsm PIN, MACsec CAK
            "login"); // redsocks' proxy user name goes with its password

    /** Parts of a name that make it secret (normalised). */
    private static final String[] PARTS = {"apikey", "password", "passwd", "passphrase", "secret", "token",
            "pwd", "privatekey", "presharedkey", "psk", "wepkey", "credential"};

    /** Endings of names that describe a secret without being one (NetworkManager's *-flags, wep-key-type). */
    private static final String[] NOT_SECRET_ENDINGS = {"flags", "type", "mgmt", "idx"};

    private SecretPolicy() {
    }

    /** Whether a key called {@code name} (a config.json key at any depth, a line's key in a text file) holds a secret. */
    public static boolean isSecretName(String name) {
        if (name == null) {
            return false;
        }
        String n = normalise(name);
        if (n.isEmpty()) {
            return false;
        }
        if (EXACT.contains(n)) {
            return true;
        }
        for (String end : NOT_SECRET_ENDINGS) {
            if (n.endsWith(end)) {
                return false;
            }
        }
        for (String part : PARTS) {
            if (n.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a dotted config.json key ({@code deviceApiKeys.api.balena-cloud.com}) is or lies inside a secret. */
    public static boolean isSecretJsonPath(String dottedKey) {
        if (dottedKey == null) {
            return false;
        }
        for (String part : dottedKey.split("\\.")) {
            if (isSecretName(part)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a NetworkManager keyfile setting is secret. NetworkManager marks each secret property with a
     * companion {@code <name>-flags} property (nm-settings-keyfile(5), nm-settings-nmcli(5)): in
     * wifi-security {@code psk}, {@code leap-password}, {@code wep-key0..3}; in 802-1x {@code password},
     * {@code password-raw}, {@code pin}, {@code private-key-password}, {@code phase2-private-key-password},
     * {@code ca-cert-password}, {@code client-cert-password} and their phase2 forms; {@code password} and
     * {@code pin} of gsm, cdma, pppoe and adsl; wireguard {@code private-key} and a peer's
     * {@code preshared-key}; macsec {@code mka-cak}; and every key of the VPN's {@code [vpn-secrets]} group.
     * All of these match {@link #isSecretName}; the group rule covers VPN plugins' own names.
     */
    public static boolean isSecretKeyfileSetting(String group, String key) {
        if (group != null && normalise(group).equals("vpnsecrets")) {
            return true;
        }
        return isSecretName(key);
    }

    /** Letters and digits only, lower case: separators, quotes, a stray byte-order mark do not hide a name. */
    static String normalise(String name) {
        StringBuilder s = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                s.append(c);
            }
        }
        return s.toString().toLowerCase(Locale.ROOT);
    }
}
