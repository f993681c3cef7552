package dev.preflight.cli;

import dev.preflight.core.provision.EditJournal;

/** Defaults for the station and operator recorded in the provisioning log. */
final class Station {
    private Station() {
    }

    static String host() {
        return EditJournal.host();
    }

    static String user() {
        return EditJournal.user();
    }
}
