package dev.preflight.core.network;

import java.nio.charset.StandardCharsets;

/**
 * One NetworkManager connection file from system-connections/. Never holds the password itself
 * outside {@link #keyfile()}; {@link #hasPsk()} says whether there is one.
 *
 * @param file    file name in system-connections/
 * @param active  false for *.ignore files, which balenaOS copies but NetworkManager skips
 */
public record Connection(String file, boolean active, String id, String type, String ssid, String security,
                         boolean hidden, boolean hasPsk, String ipv4Method, String ipv4Address, Keyfile keyfile) {

    public static Connection of(String file, byte[] bytes) {
        Keyfile k = Keyfile.parse(bytes);
        String type = k.get("connection", "type");
        String ssid = k.get("wifi", "ssid");
        if (ssid == null) {
            ssid = k.get("802-11-wireless", "ssid");
        }
        String keyMgmt = k.get("wifi-security", "key-mgmt");
        if (keyMgmt == null) {
            keyMgmt = k.get("802-11-wireless-security", "key-mgmt");
        }
        String psk = k.get("wifi-security", "psk");
        boolean wifi = "wifi".equals(type) || "802-11-wireless".equals(type);
        return new Connection(file, !file.endsWith(".ignore"), k.get("connection", "id"), type,
                ssid == null ? null : decodeSsid(ssid), wifi ? (keyMgmt == null ? "open" : keyMgmt) : null,
                "true".equals(k.get("wifi", "hidden")), psk != null && !psk.isEmpty(), k.get("ipv4", "method"),
                k.get("ipv4", "address1"), k);
    }

    public boolean isWifi() {
        return "wifi".equals(type) || "802-11-wireless".equals(type);
    }

    /** NetworkManager also accepts an SSID as a ';'-separated list of byte values. */
    static String decodeSsid(String v) {
        if (v.matches("(\\d{1,3};)+\\d{0,3};?")) {
            String[] parts = v.split(";");
            byte[] b = new byte[parts.length];
            for (int i = 0; i < parts.length; i++) {
                b[i] = (byte) Integer.parseInt(parts[i]);
            }
            return new String(b, StandardCharsets.UTF_8);
        }
        return v;
    }

    public String psk() {
        return keyfile.get("wifi-security", "psk");
    }
}
