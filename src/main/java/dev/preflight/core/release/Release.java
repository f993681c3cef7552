package dev.preflight.core.release;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The release preloaded on a card, from resin-data's apps.json (release-facts.md §1). Serialised as
 * the {@code release} object of the inspect report (docs/cli.md); never holds config values.
 *
 * @param format   v1, v2 or v3 (which supervisor generation wrote it)
 * @param state    preloaded (apps.json still holds the release) or booted (renamed to apps.json.preloaded)
 * @param appUuid  null in v1/v2, which key apps by number
 */
public record Release(String appUuid, Long appId, String appName, String commit, Long releaseId, List<Service> services,
                      Boolean pinDevice, String format, String state, List<String> storedImages) {

    public Release {
        services = List.copyOf(services);
        storedImages = storedImages == null ? List.of() : List.copyOf(storedImages);
    }

    /**
     * @param composition the service's compose keys as apps.json stores them (snake_case or camelCase), or null
     * @param inStore     whether the engine's image store on resin-data holds the image
     */
    public record Service(String name, String image, JsonNode composition, JsonNode labels, boolean inStore) {
    }

    Release withStore(List<Service> checked, List<String> stored) {
        return new Release(appUuid, appId, appName, commit, releaseId, checked, pinDevice, format, state, stored);
    }
}
