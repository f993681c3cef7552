package dev.preflight.core.configjson;

import dev.preflight.core.secret.JsonMasking;
import dev.preflight.core.secret.SecretText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A boot-partition file as it is shown in a diff (verify, and the edit commands): config.json
 * pretty-printed, every file with its secrets masked by the one policy of {@code core.secret}
 * unless the user asked to see them.
 */
public final class MaskedText {
    static final String NOT_JSON = "(not valid JSON)";

    private MaskedText() {
    }

    /**
     * @param path    the file's path on the boot partition (decides how it is read and masked)
     * @param content its bytes, or null for a file that does not exist (shown as nothing)
     * @param reveal  true only when the user asked for secrets (--show-secrets)
     */
    public static String of(String path, byte[] content, boolean reveal) {
        if (content == null) {
            return "";
        }
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith("config.json")) {
            try {
                ConfigJsonDocument d = ConfigJsonDocument.parse(content);
                return ConfigJsonDocument.pretty(reveal ? d.root() : JsonMasking.masked(d.root()));
            } catch (IOException | IllegalArgumentException e) {
                return NOT_JSON; // its text may hold a secret that lost its quotes: never shown
            }
        }
        // the firmware reads config.txt as bytes; ISO-8859-1 keeps each one
        String text = new String(content, p.endsWith("config.txt") ? StandardCharsets.ISO_8859_1
                : StandardCharsets.UTF_8);
        return reveal ? text : SecretText.of(path, text);
    }
}
