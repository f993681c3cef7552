package dev.preflight.core.edit;

import java.util.Objects;

/**
 * Which card (or image, or folder) a backup belongs to. Cards flashed from one image share the
 * partition table's disk id and the boot partition's volume serial, so those only narrow the search;
 * a backup is restored only onto a card whose size, CID (where the reader shows it) and config.json
 * uuid also match what the card held right after the backed-up write.
 *
 * @param kind         card, image or folder
 * @param diskId       MBR disk id or GPT disk GUID, null for folders
 * @param volumeSerial boot partition FAT volume serial, null for folders
 * @param sizeBytes    size of the card or image, null for folders
 * @param cid          the SD card's CID serial where visible, else null
 * @param path         real path of an image or folder (a card is the same card in any reader), else null
 */
public record CardIdentity(String kind, String diskId, Long volumeSerial, Long sizeBytes, String cid, String path) {

    /** The backup folder name: the same for every card flashed from one image, refined by {@link #sameCard}. */
    public String key() {
        String coarse = kind + "|" + diskId + "|" + volumeSerial + "|" + sizeBytes + "|" + (path == null ? "" : path);
        return kind + "-" + Identity.hash(coarse);
    }

    /** Whether {@code other} (recorded with a backup) names this card, apart from config.json's uuid. */
    public boolean sameCard(CardIdentity other) {
        return other != null && kind.equals(other.kind) && Objects.equals(diskId, other.diskId)
                && Objects.equals(volumeSerial, other.volumeSerial) && Objects.equals(sizeBytes, other.sizeBytes)
                && Objects.equals(path, other.path) && (cid == null || other.cid == null || cid.equals(other.cid));
    }
}
