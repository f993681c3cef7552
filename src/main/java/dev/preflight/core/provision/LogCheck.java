package dev.preflight.core.provision;

import java.util.List;

/**
 * The result of checking a provisioning log: its records, the problems found (tampering: exit 1),
 * notes that are not tampering (a crash sealed off by the next append, records from before signing),
 * who signed its head, and whether a signature could not be checked for want of a public key.
 *
 * @param records    records read
 * @param problems   altered, removed, reordered or unsigned records; empty when intact
 * @param notes      what is worth saying but is not tampering
 * @param signedBy   "station S, key K" when the signed head verified; null otherwise
 * @param keyMissing the log has a signed head but there was no public key to check it with
 */
public record LogCheck(long records, List<String> problems, List<String> notes, String signedBy, boolean keyMissing) {
    public boolean intact() {
        return problems.isEmpty();
    }
}
