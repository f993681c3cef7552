package dev.preflight.core.release;

import dev.preflight.core.ext4.Ext4FileSystem;
import dev.preflight.core.ext4.Ext4FormatException;
import dev.preflight.core.release.lint.ReleaseLint;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the preloaded release from resin-data (apps.json or apps.json.preloaded, the engine's
 * repositories.json, the remove_me_to_reset flag) and checks it against the card's config.json.
 * Reads a few small files only; see {@link Ext4FileSystem} for the bounds.
 */
public final class PreloadCheck {
    private PreloadCheck() {
    }

    /**
     * The release on {@code data}, or null when nothing is preloaded. Adds PRELOAD_* findings.
     *
     * @param configAppId config.json's applicationId, or null when not known
     * @param where       "partition 6 (resin-data)"
     * @throws Ext4FormatException when resin-data cannot be read (the caller reports PRELOAD_UNREADABLE)
     */
    public static Release check(Ext4FileSystem data, Long configAppId, String where, List<Finding> findings)
            throws IOException, Ext4FormatException {
        byte[] apps = data.read("/apps.json", AppsJson.MAX_BYTES);
        Release release = null;
        String file = "apps.json";
        try {
            release = apps == null ? null : AppsJson.parse(apps, "preloaded");
            if (release == null) {
                byte[] kept = data.read("/apps.json.preloaded", AppsJson.MAX_BYTES);
                file = "apps.json.preloaded";
                release = kept == null ? null : AppsJson.parse(kept, "booted");
            }
        } catch (AppsJson.FormatException e) {
            findings.add(Finding.of(FindingCode.PRELOAD_UNREADABLE, "The preload's " + file + " on " + where + " "
                    + e.getMessage() + ".", where + ":/" + file,
                    "Preload the image again with balena preload; the supervisor cannot start the release from it."));
            return null;
        }
        if (release == null) {
            return null;
        }
        ImageStore store = ImageStore.read(data);
        List<Release.Service> checked = new ArrayList<>();
        for (Release.Service s : release.services()) {
            boolean held = store != null && store.holds(s.image());
            checked.add(new Release.Service(s.name(), s.image(), s.composition(), s.labels(), held));
            if (!held) {
                findings.add(Finding.of(FindingCode.PRELOAD_IMAGE_MISSING, "Service '" + s.name() + "' of the preloaded"
                        + " release needs image " + s.image() + ", which is not in the engine's image store on "
                        + where + (store == null ? " (no docker/image/overlay2/repositories.json at all)" : "") + ".",
                        where + ":/docker/image/" + (store == null ? "overlay2" : store.driver()) + "/repositories.json",
                        "The device would download it at first boot, which needs a network: preload the image again"
                                + " with balena preload and check it finishes.").about(s.name()));
            }
        }
        release = release.withStore(checked, store == null ? List.of() : store.sortedReferences());
        for (Release.Service s : release.services()) {
            if (s.composition() != null) {
                findings.addAll(ReleaseLint.compose(s.name(), s.composition(), where + ":/" + file + " service "
                        + s.name()));
            }
        }
        if (release.state().equals("preloaded") && data.resolve("/remove_me_to_reset") == null) {
            findings.add(Finding.of(FindingCode.PRELOAD_RESET_PENDING, "resin-data has a preloaded release but no"
                    + " remove_me_to_reset file: at first boot balena-data-reset wipes apps.json and the image store,"
                    + " and the preload is lost.", where + ":/remove_me_to_reset",
                    "Recreate the empty file remove_me_to_reset at the root of resin-data, or preload the image again."));
        }
        if (configAppId != null && release.appId() != null && !configAppId.equals(release.appId())) {
            findings.add(Finding.of(FindingCode.PRELOAD_FLEET_MISMATCH, "The preloaded release belongs to fleet "
                    + release.appId() + (release.appName() == null ? "" : " (" + release.appName() + ")")
                    + ", but config.json joins the device to fleet " + configAppId + ".", where + ":/" + file,
                    "The supervisor will not run another fleet's release: download config.json for fleet "
                            + release.appId() + ", or preload the release of fleet " + configAppId + "."));
        }
        return release;
    }
}
