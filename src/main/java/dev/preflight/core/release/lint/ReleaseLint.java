package dev.preflight.core.release.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code preflight lint}: the release anti-patterns of balena's guide, found by heuristics over a
 * project's compose file, Dockerfiles and scripts (facts and sources: release-facts.md §2–5). Each
 * finding names the file and line it saw. Heuristics, not proofs: the hint says what to check.
 */
public final class ReleaseLint {
    /** Compose fields balena ignores or rejects (docs docker-compose.md; SUP sanitise.ts). */
    static final Set<String> UNSUPPORTED = Set.of("logging", "memswap_limit", "mem_swappiness", "cpu_count",
            "cpu_percent", "container_name", "env_file", "expose", "links", "external_links", "runtime", "scale",
            "stdin_open", "volumes_from", "volume_driver", "blkio_config", "isolation", "deploy");
    static final Pattern MEMORY = Pattern.compile("(?i)\\d+([bkmg]b?)?");
    static final Pattern DATE_PIN = Pattern.compile(".*\\d{8}$");
    static final Pattern FIREWALL = Pattern.compile("\\b(iptables|ip6tables|iptables-restore|nft)\\b");
    static final Pattern FIREWALL_DROPS = Pattern.compile("(?i)(\\bDROP\\b|\\bREJECT\\b|\\s-F\\b|--flush|flush ruleset"
            + "|policy drop)");
    static final Pattern HOST_UNIT_CHANGE = Pattern.compile("\\b(StopUnit|DisableUnitFiles|MaskUnitFiles|RestartUnit"
            + "|ReloadOrRestartUnit|SetUnitProperties|KillUnit)\\b|systemctl\\s+(stop|disable|mask|restart|kill)\\b");
    static final Pattern REBOOT = Pattern.compile("/v1/(reboot|shutdown)\\b|systemd1\\.Manager\\.(Reboot|PowerOff)"
            + "|[\"'](Reboot|PowerOff)[\"']|(^\\s*|[;&|]\\s*|\\b(then|do|else|exec|sudo)\\s+)(reboot|poweroff|halt)(\\s|;|$)"
            + "|\\bshutdown\\s+-[rh]\\b|systemctl\\s+(reboot|poweroff)\\b");
    static final Pattern SUPERVISOR = Pattern.compile("(BALENA|RESIN)_SUPERVISOR_(ADDRESS|HOST|PORT)|:48484\\b"
            + "|/v[12]/(device|applications|state|healthy|update|restart|blink)");
    static final Pattern DELAY = Pattern.compile("\\bsleep\\b|time\\.sleep|setTimeout|backoff|back_off|Retry-After"
            + "|--retry-delay|asyncio\\.sleep|Thread\\.sleep|setInterval\\s*\\([^)]*,\\s*\\d{4,}");
    static final Pattern WRITE = Pattern.compile(">>?\\s*[\"']?(/[A-Za-z0-9_./-]+)|open\\(\\s*[\"'](/[^\"']+)[\"']\\s*,"
            + "\\s*[\"'][wa]|sqlite3(\\.connect\\(\\s*[\"']|\\s+)(/[^\"'\\s)]+)|--log-file[= ]\\s*(/\\S+)"
            + "|filename\\s*=\\s*[\"'](/[^\"']+)[\"']|FileHandler\\(\\s*[\"'](/[^\"']+)[\"']");
    static final Pattern ROTATION = Pattern.compile("(?i)logrotate|RotatingFileHandler|TimedRotatingFileHandler|maxBytes"
            + "|rotating-file-stream|winston-daily-rotate|max-size|savelog|truncate\\s+-s");
    static final Pattern CONNECTIVITY = Pattern.compile("\\b(modprobe|insmod)\\b|SUBSYSTEM==\"net\"|\\bwpa_supplicant\\b"
            + "|nmcli\\s+(d|dev|device)\\s+wifi\\s+connect|nmcli\\s+(c|con|connection)\\s+add\\b.*\\bwifi\\b"
            + "|\\biw\\s+dev\\s+\\S+\\s+connect\\b");
    static final Set<String> VOLATILE = Set.of("/tmp", "/dev", "/proc", "/sys", "/run", "/var/run", "/var/tmp");

    private final List<Finding> findings = new ArrayList<>();

    private ReleaseLint() {
    }

    public static List<Finding> lint(Project p) {
        ReleaseLint l = new ReleaseLint();
        for (Project.Service s : p.services().values()) {
            String composeAt = p.composeFile() == null ? "(single-container project)"
                    : p.root().relativize(p.composeFile()) + " services." + s.name();
            l.compose(s, composeAt);
            l.files(s);
        }
        return l.findings;
    }

    /** The compose-only rules, also applied to a preloaded release's compositions (apps.json). */
    public static List<Finding> compose(String service, JsonNode compose, String where) {
        ReleaseLint l = new ReleaseLint();
        l.compose(new Project.Service(service, compose, List.of()), where);
        return l.findings;
    }

    private void compose(Project.Service s, String at) {
        JsonNode c = s.compose();
        JsonNode mem = c.has("mem_limit") ? c.get("mem_limit") : c.path("memLimit");
        if (mem.isMissingNode() || mem.isNull()) {
            add(FindingCode.RELEASE_NO_MEMORY_LIMIT, "Service '" + s.name() + "' has no mem_limit: it can take all"
                    + " the memory and have the kernel kill the engine or the supervisor (the OOM anti-pattern).", at,
                    "Set mem_limit (e.g. \"256m\") from the service's measured peak plus headroom.");
        } else if (!MEMORY.matcher(mem.asText()).matches() || mem.asText().matches("0+[bkmgBKMG]?[bB]?")) {
            add(FindingCode.RELEASE_NO_MEMORY_LIMIT, "Service '" + s.name() + "' has mem_limit " + mem.asText()
                    + ", which the supervisor reads as no limit (it accepts an integer with b, k, m or g only).", at,
                    "Write a whole number with a unit, e.g. 1536m instead of 1.5g.");
        }
        c.fieldNames().forEachRemaining(k -> {
            if (UNSUPPORTED.contains(k)) {
                add(FindingCode.RELEASE_COMPOSE_UNSUPPORTED, "Service '" + s.name() + "' sets " + k + ", which balena"
                        + " ignores or rejects.", at + "." + k, "Remove it; see balena's docker-compose field list.");
            }
        });
        for (JsonNode v : c.path("volumes")) {
            String src = v.isTextual() ? v.asText().split(":")[0] : v.path("type").asText().equals("bind")
                    ? v.path("source").asText("/") : "";
            if (v.isTextual() && !v.asText().contains(":")) {
                continue; // anonymous volume
            }
            if (src.startsWith("/") || src.startsWith(".") || src.startsWith("~")) {
                add(FindingCode.RELEASE_COMPOSE_UNSUPPORTED, "Service '" + s.name() + "' bind-mounts " + src
                        + ": balena drops bind mounts (\"Ignoring invalid bind mount\").", at + ".volumes",
                        "Use a named volume, or a balena feature label for host paths.");
            }
        }
    }

    private static boolean hostNetwork(JsonNode c) {
        String mode = c.has("network_mode") ? c.path("network_mode").asText() : c.path("networkMode").asText();
        boolean netAdmin = false;
        for (JsonNode cap : c.has("cap_add") ? c.path("cap_add") : c.path("capAdd")) {
            netAdmin |= cap.asText().toUpperCase(Locale.ROOT).replace("CAP_", "").equals("NET_ADMIN");
        }
        return mode.equals("host") || netAdmin || c.path("privileged").asBoolean(false);
    }

    private static boolean label(JsonNode c, String feature) {
        for (String prefix : List.of("io.balena.features.", "io.resin.features.")) {
            JsonNode labels = c.path("labels");
            JsonNode v = labels.isArray() ? null : labels.path(prefix + feature);
            if (labels.isArray()) {
                for (JsonNode l : labels) {
                    if (l.asText().matches(Pattern.quote(prefix + feature) + "=(1|true)")) {
                        return true;
                    }
                }
            } else if (v.asText().equals("1") || v.asText().equals("true") || v.asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    private void files(Project.Service s) {
        boolean host = hostNetwork(s.compose());
        boolean dbus = label(s.compose(), "dbus");
        Set<String> volumes = new HashSet<>();
        for (JsonNode v : s.compose().path("volumes")) {
            String[] parts = v.isTextual() ? v.asText().split(":") : new String[] {v.path("source").asText(),
                    v.path("target").asText()};
            if (parts.length >= 2 && !parts[0].startsWith("/") && !parts[0].startsWith(".")) {
                volumes.add(parts[1]);
            }
        }
        boolean rotation = s.files().stream().anyMatch(f -> f.lines().stream().anyMatch(l -> ROTATION.matcher(l).find()));
        for (Project.Source f : s.files()) {
            Loops loops = new Loops(f.lines());
            for (int i = 0; i < f.lines().size(); i++) {
                String line = f.lines().get(i);
                String code = line.strip();
                if (code.startsWith("#") || code.startsWith("//")) {
                    continue;
                }
                String at = f.path() + ":" + (i + 1);
                if (f.dockerfile() && code.regionMatches(true, 0, "FROM ", 0, 5)) {
                    from(f, i, code, at);
                }
                boolean buildTime = f.dockerfile() && code.regionMatches(true, 0, "RUN ", 0, 4);
                if (host && FIREWALL.matcher(line).find() && FIREWALL_DROPS.matcher(line).find()) {
                    add(FindingCode.RELEASE_IPTABLES_HOST_NETWORK, "Service '" + s.name() + "' uses host networking"
                            + " and a firewall rule that drops or flushes traffic: " + code, at, "Make sure TCP 443, UDP"
                            + " 53 and 123, supervisor0 (10.114.104.0/25) and resin-vpn stay open, or the device"
                            + " goes offline for good.");
                }
                if (dbus && HOST_UNIT_CHANGE.matcher(line).find()) {
                    add(FindingCode.RELEASE_DBUS_HOST_SERVICES, "Service '" + s.name() + "' has the D-Bus label and"
                            + " stops, disables, masks or restarts a host unit: " + code, at, "Host services belong"
                            + " to balenaOS; change behaviour through config variables or the supervisor API.");
                }
                if (!buildTime && REBOOT.matcher(line).find()) {
                    add(FindingCode.RELEASE_REBOOT_TRIGGER, "Service '" + s.name() + "' can reboot or shut down the"
                            + " device: " + code, at, "A reboot triggered on every start is a reboot loop: guard it"
                            + " (once per condition, with a counter or a persisted marker) or remove it.");
                }
                if (!buildTime && SUPERVISOR.matcher(line).find() && loops.inUndelayedLoop(i)) {
                    add(FindingCode.RELEASE_SUPERVISOR_API_UNTHROTTLED, "Service '" + s.name() + "' calls the"
                            + " supervisor API inside a loop with no delay: " + code, at,
                            "Wait between calls (sleep, back-off); the supervisor has no rate limit of its own.");
                }
                if (!buildTime && !f.dockerfile()) {
                    writes(s, volumes, rotation, line, code, at);
                }
                if (!buildTime && CONNECTIVITY.matcher(line).find()) {
                    add(FindingCode.RELEASE_CONNECTIVITY_IN_CONTAINER, "Service '" + s.name() + "' sets up networking"
                            + " (modules, udev rules or Wi-Fi) itself: " + code, at, "If this container does not start,"
                            + " the device has no network to fix it: keep connectivity in balenaOS (system-connections,"
                            + " OS kernel modules).");
                }
            }
        }
    }

    private void from(Project.Source f, int i, String code, String at) {
        String[] words = code.split("\\s+");
        String image = null;
        for (int w = 1; w < words.length; w++) {
            if (!words[w].startsWith("--")) {
                image = words[w];
                break;
            }
        }
        if (image == null || image.equals("scratch") || image.startsWith("$") || image.contains("@sha256:")) {
            return;
        }
        for (String earlier : f.lines().subList(0, i)) {
            if (earlier.matches("(?i)\\s*FROM\\s.*\\sAS\\s+" + Pattern.quote(image) + "\\s*")) {
                return; // an earlier build stage
            }
        }
        int slash = image.lastIndexOf('/');
        int colon = image.indexOf(':', slash + 1);
        String tag = colon < 0 ? "" : image.substring(colon + 1);
        if (!DATE_PIN.matcher(tag).matches()) {
            add(FindingCode.RELEASE_BASE_IMAGE_UNPINNED, "Base image " + image + " is not pinned to a date tag or"
                    + " digest" + (tag.isEmpty() || tag.equals("latest") ? "" : " (" + tag + " moves)") + ".", at,
                    "Pin it, e.g. balenalib/…:…-run-20240115 or debian:bookworm-20250428, or by @sha256 digest, so"
                            + " every build of this release gets the same base.");
        }
    }

    private void writes(Project.Service s, Set<String> volumes, boolean rotation, String line, String code, String at) {
        Matcher m = WRITE.matcher(line);
        while (m.find()) {
            String path = null;
            for (int g = 1; g <= m.groupCount() && path == null; g++) {
                if (m.group(g) != null && m.group(g).startsWith("/")) {
                    path = m.group(g);
                }
            }
            if (path == null || path.equals("/dev/null") || under(path, VOLATILE)) {
                continue;
            }
            boolean log = path.endsWith(".log") || path.startsWith("/var/log/") || line.contains("--log-file")
                    || line.contains("FileHandler");
            if (!under(path, volumes)) {
                add(FindingCode.RELEASE_CONTAINER_FS_WRITES, "Service '" + s.name() + "' writes " + path + ", which is"
                        + " not on a named volume: it is lost at the next release update (" + code + ").", at,
                        "Mount a named volume there (volumes: [\"data:/data\"]) and write under it.");
            }
            if (log && !rotation) {
                add(FindingCode.RELEASE_LOGS_UNROTATED, "Service '" + s.name() + "' writes the log file " + path
                        + " and nothing rotates it: it grows until resin-data is full.", at,
                        "Log to stdout (journald caps it), or rotate the file (logrotate, RotatingFileHandler).");
            }
        }
    }

    private static boolean under(String path, Set<String> roots) {
        for (String r : roots) {
            String root = r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
            if (path.equals(root) || path.startsWith(root + "/")) {
                return true;
            }
        }
        return false;
    }

    private void add(FindingCode code, String message, String at, String hint) {
        findings.add(Finding.of(code, message, at, hint));
    }
}
