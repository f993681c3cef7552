package dev.preflight.core.edit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Stable names for cards and images, for the backup store. */
final class Identity {
    private Identity() {
    }

    static String ofPath(String path) {
        return hash(Path.of(path).toAbsolutePath().normalize().toString());
    }

    /** A card is known by its disk id (which survives moving it to another reader); an image by its path too. */
    static String of(String diskId, String path, boolean card) {
        String id = diskId == null ? "nodiskid" : diskId.replaceAll("[^A-Za-z0-9]", "");
        return card ? id : id + "-" + ofPath(path);
    }

    static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
