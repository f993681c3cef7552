package dev.preflight.core.configjson;

import dev.preflight.core.fat.BootFileSystem;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * fatrw (balenaOS >= 2.101) writes .config.json.RANDOM.MD5.md5sum before replacing config.json and, on
 * every read, restores config.json from such a file when one is left (balenaos-image-facts §3.6). A
 * leftover one silently undoes any edit at the next boot.
 */
public final class FatrwBackups {
    static final Pattern BACKUP = Pattern.compile("(?i)\\.config\\.json\\.[^/]+\\.md5sum");

    private FatrwBackups() {
    }

    /** FATRW_BACKUP_LEFTOVER for each leftover backup next to config.json. */
    public static List<Finding> leftovers(BootFileSystem fs, String where) {
        List<Finding> out = new ArrayList<>();
        for (BootFileSystem.BootFile f : fs.files()) {
            if (BACKUP.matcher(f.path()).matches()) {
                out.add(Finding.of(FindingCode.FATRW_BACKUP_LEFTOVER, "On " + where + ", " + f.path()
                        + " is a leftover fatrw backup of config.json; balenaOS restores it at the next boot, undoing"
                        + " any edit.", where + ":/" + f.path(), "Check that config.json is the version you want,"
                        + " then delete the backup from the mounted boot partition (e.g. rm /media/$USER/resin-boot/"
                        + f.path() + ")."));
            }
        }
        return out;
    }
}
