package dev.preflight.core.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.core.ext4.Ext4FileSystem;
import dev.preflight.core.ext4.Ext4FormatException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The engine's image references on resin-data, from {@code docker/image/<driver>/repositories.json}
 * (moby reference/store.go; release-facts.md §1.7): overlay2 first, then aufs. Only that one file is
 * read, never layers, so a 4 GiB store costs a few kilobytes.
 */
public record ImageStore(String driver, Set<String> references, Set<String> repositories) {
    public static final int MAX_BYTES = 8 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The store, or null when resin-data has no engine data root with a repositories.json. */
    public static ImageStore read(Ext4FileSystem fs) throws IOException, Ext4FormatException {
        for (String driver : List.of("overlay2", "aufs")) {
            byte[] b = fs.read("/docker/image/" + driver + "/repositories.json", MAX_BYTES);
            if (b != null) {
                return parse(driver, b);
            }
        }
        return null;
    }

    static ImageStore parse(String driver, byte[] content) throws IOException {
        JsonNode repos;
        try {
            repos = JSON.readTree(content).path("Repositories");
        } catch (IOException e) {
            throw new AppsJson.FormatException("docker/image/" + driver + "/repositories.json is not valid JSON");
        }
        Set<String> refs = new TreeSet<>();
        Set<String> names = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = repos.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> repo = it.next();
            names.add(repo.getKey().toLowerCase(Locale.ROOT));
            repo.getValue().fieldNames().forEachRemaining(r -> refs.add(r.toLowerCase(Locale.ROOT)));
        }
        return new ImageStore(driver, refs, names);
    }

    /**
     * Whether {@code image} (apps.json's lower-cased "repo@sha256:digest") is stored: by its exact
     * reference, or, as balena-preload itself counts it, by its repository being listed.
     */
    public boolean holds(String image) {
        if (image == null) {
            return false;
        }
        String i = image.toLowerCase(Locale.ROOT);
        return references.contains(i) || repositories.contains(repository(i));
    }

    static String repository(String image) {
        int at = image.indexOf('@');
        String r = at >= 0 ? image.substring(0, at) : image;
        int colon = r.lastIndexOf(':');
        return colon > r.lastIndexOf('/') ? r.substring(0, colon) : r;
    }

    List<String> sortedReferences() {
        return new ArrayList<>(references);
    }
}
