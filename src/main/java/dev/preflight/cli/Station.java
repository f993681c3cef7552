package dev.preflight.cli;

import java.io.IOException;

/** Defaults for the station and operator recorded in the provisioning log. */
final class Station {
    private Station() {
    }

    static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String user() {
        return System.getProperty("user.name");
    }
}
