package dev.preflight.core.configtxt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The config.txt key catalogue (resource keys.txt): types, ranges, status and risk flags. */
public final class KeyCatalogue {
    /** One key. {@code min}/{@code max} are null when unbounded. */
    public record Key(String name, String type, Long min, Long max, String status, Set<String> flags,
                      String description) {
        public boolean has(String flag) {
            return flags.contains(flag);
        }
    }

    private static final Map<String, Key> KEYS = load();

    private KeyCatalogue() {
    }

    /** The entry for {@code name}, ignoring an HDMI port suffix ({@code hdmi_mode:1}); null if unknown. */
    public static Key get(String name) {
        Key k = KEYS.get(name);
        if (k == null && name.matches(".+:\\d")) {
            k = KEYS.get(name.substring(0, name.lastIndexOf(':')));
        }
        return k;
    }

    public static int size() {
        return KEYS.size();
    }

    private static Map<String, Key> load() {
        Map<String, Key> out = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                KeyCatalogue.class.getResourceAsStream("/dev/preflight/configtxt/keys.txt"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\|", -1);
                Set<String> flags = f[5].isEmpty() ? Set.of() : new HashSet<>(Arrays.asList(f[5].split(",")));
                out.put(f[0], new Key(f[0], f[1], f[2].isEmpty() ? null : Long.valueOf(f[2]),
                        f[3].isEmpty() ? null : Long.valueOf(f[3]), f[4], flags, f[6]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
