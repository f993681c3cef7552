package dev.preflight.core.edit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.boot.BootReader;
import dev.preflight.core.boot.DeviceTypeJson;
import dev.preflight.core.configjson.ConfigJsonDocument;
import dev.preflight.core.fat.BootFileSystem;
import dev.preflight.core.network.Connection;
import dev.preflight.core.network.Keyfile;
import dev.preflight.core.network.NetworkChecks;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Wi-Fi connections in system-connections/, in the NetworkManager keyfile format balenaOS copies to
 * /etc/NetworkManager at boot: list, add or update, remove — with the write protocol, backups and
 * read-back like every other edit.
 */
public final class WifiService {
    static final String DIR = "system-connections/";
    private final Editing editing;

    public WifiService(Editing editing) {
        this.editing = editing;
    }

    /** Backups in {@code backups}, writes not recorded in a log (tests, tools). */
    public WifiService(BackupStore backups) {
        this(new Editing(backups, EditLog.NONE));
    }

    /** What to write. {@code psk} null for an open network; {@code ipv4} "address/prefix[,gateway]" or null. */
    public record WifiRequest(String ssid, String psk, boolean hidden, boolean wpa3, String name, String ipv4,
                              String dns) {
    }

    public record Listing(String where, List<Connection> connections, List<Finding> findings) {
    }

    /**
     * What {@code set} did; {@code notes} are for the user (e.g. the log could not be written), {@code warnings}
     * about what was written (e.g. {@code WIFI_PSK_NON_ASCII}).
     */
    public record SetResult(String where, String file, boolean created, boolean countryMissing, List<String> notes,
                            List<Finding> warnings) {
    }

    /** What {@code remove} did. */
    public record RemoveResult(String where, List<String> notes) {
    }

    public Listing list(String input, CancellationToken cancel) {
        try (BootReader ro = BootReader.open(input, cancel)) {
            List<Connection> conns = connections(ro.files());
            String slug = slug(ro.read("device-type.json"));
            return new Listing(ro.where(), conns, NetworkChecks.check(conns, ro.where(), slug));
        } catch (IOException e) {
            throw ReadFailed.of("system-connections", input, e);
        }
    }

    public static List<Connection> connections(BootFileSystem fs) throws IOException {
        List<Connection> out = new ArrayList<>();
        for (BootFileSystem.BootFile f : fs.files()) {
            String p = f.path();
            if (p.toLowerCase(Locale.ROOT).startsWith(DIR) && p.indexOf('/', DIR.length()) < 0
                    && !p.equalsIgnoreCase(DIR + "README.ignore")) {
                out.add(Connection.of(p.substring(DIR.length()), fs.read(p, 1 << 20)));
            }
        }
        return out;
    }

    private static String slug(byte[] deviceTypeJson) {
        return DeviceTypeJson.slug(deviceTypeJson);
    }

    public SetResult set(String input, Path output, WifiRequest req, CancellationToken cancel) {
        return set(input, output, req, null, cancel);
    }

    /**
     * The desktop dialog's change of a listed connection: as {@link #set(String, Path, WifiRequest,
     * CancellationToken)}, but only while the connection's file on the card is still {@code opened}, as it was
     * listed (its fields and password filled the dialog); otherwise nothing is written (a change another
     * program made since, e.g. a new password, would be lost). {@code opened} null: no such condition.
     */
    public SetResult set(String input, Path output, WifiRequest req, Connection opened, CancellationToken cancel) {
        String problem = NetworkChecks.ssidProblem(req.ssid());
        if (problem == null && req.psk() != null) {
            problem = NetworkChecks.pskProblem(req.psk(), req.wpa3() ? "sae" : "wpa-psk");
        }
        if (problem != null) {
            throw new PreflightException(ErrorCode.USAGE, "Not written: " + problem + ".", "Nothing was changed.");
        }
        if (req.name() != null && (!req.name().matches("[A-Za-z0-9._-]{1,64}") || req.name().matches("\\.+"))) {
            throw new PreflightException(ErrorCode.USAGE, "'" + req.name() + "' is not a usable connection file name.",
                    "Use letters, digits, '.', '_' and '-'.");
        }
        try (EditSession target = EditSession.open(input, output, editing, cancel)) {
            List<Connection> existing;
            byte[] config;
            try (BootFileSystem fs = target.files()) {
                existing = connections(fs);
                config = fs.read("config.json", 1 << 20);
            }
            Connection match = null;
            for (Connection c : existing) {
                if (c.active() && c.isWifi() && (req.name() != null ? c.file().equals(req.name())
                        : req.ssid().equals(c.ssid()))) {
                    match = c;
                }
            }
            if (opened != null) {
                OpenedVersion.require(match != null && match.file().equals(opened.file())
                        && Arrays.equals(match.keyfile().render(), opened.keyfile().render()), DIR + opened.file(),
                        target.where());
            }
            String file = match != null ? match.file() : req.name() != null ? req.name() : nextName(existing);
            Keyfile k = match != null ? match.keyfile() : new Keyfile();
            fill(k, file, req, match == null);
            byte[] content = k.render();
            byte[] before = target.read(DIR + file);
            boolean created = match == null && before == null;
            target.write(DIR + file, content, List.of("wifi: " + (created ? "added " : "updated ") + file + " (ssid "
                    + req.ssid() + ")"));
            boolean countryMissing = config != null
                    && !new String(config, StandardCharsets.UTF_8).contains("\"country\"");
            List<Finding> warnings = new ArrayList<>();
            if (NetworkChecks.pskNonAscii(req.psk(), req.wpa3() ? "sae" : "wpa-psk")) {
                warnings.add(Finding.of(FindingCode.WIFI_PSK_NON_ASCII,
                        NetworkChecks.nonAsciiWarning(file) + ".", target.where() + ":/" + DIR + file,
                        "If the device does not join, check the router accepts the password as typed."));
            }
            return new SetResult(target.where(), file, created, countryMissing, target.notes(), warnings);
        } catch (EditException | IOException e) {
            throw WriteFailed.of("the Wi-Fi connection", input, e, "preflight wifi list " + input);
        }
    }

    static String nextName(List<Connection> existing) {
        for (int i = 1; i < 100; i++) {
            String n = String.format("balena-wifi-%02d", i);
            if (existing.stream().noneMatch(c -> c.file().equalsIgnoreCase(n))) {
                return n;
            }
        }
        throw new PreflightException(ErrorCode.USAGE, "There are already 99 balena-wifi connections.",
                "Remove some with 'preflight wifi remove'.");
    }

    /** The etcher-sdk / balena layout: [connection] [wifi] [ipv4] [ipv6] [wifi-security]. */
    static void fill(Keyfile k, String file, WifiRequest req, boolean fresh) {
        if (fresh) {
            k.set("connection", "id", file);
            k.set("connection", "type", "wifi");
        }
        k.set("wifi", "hidden", String.valueOf(req.hidden()));
        k.set("wifi", "mode", "infrastructure");
        k.set("wifi", "ssid", ssidValue(req.ssid()));
        if (req.ipv4() != null) {
            k.set("ipv4", "address1", req.ipv4());
            k.set("ipv4", "method", "manual");
            if (req.dns() != null) {
                k.set("ipv4", "dns", req.dns().replace(',', ';').replace(' ', ';') + ";");
            }
        } else if (fresh || k.get("ipv4", "method") == null) {
            k.set("ipv4", "method", "auto");
        }
        if (fresh) {
            k.set("ipv6", "addr-gen-mode", "stable-privacy");
            k.set("ipv6", "method", "auto");
        }
        if (req.psk() == null) {
            k.removeGroup("wifi-security");
        } else {
            k.set("wifi-security", "auth-alg", "open");
            k.set("wifi-security", "key-mgmt", req.wpa3() ? "sae" : "wpa-psk");
            k.set("wifi-security", "psk", req.psk());
        }
    }

    /** An SSID that looks like NetworkManager's byte-list form is written as bytes, so it is not misread. */
    static String ssidValue(String ssid) {
        if (!ssid.matches("(\\d{1,3};)+\\d{0,3};?")) {
            return ssid;
        }
        StringBuilder s = new StringBuilder();
        for (byte b : ssid.getBytes(StandardCharsets.UTF_8)) {
            s.append(b & 0xff).append(';');
        }
        return s.toString();
    }

    public RemoveResult remove(String input, Path output, String name, CancellationToken cancel) {
        try (EditSession target = EditSession.open(input, output, editing, cancel)) {
            byte[] before = target.read(DIR + name);
            if (before == null) {
                throw new PreflightException(ErrorCode.USAGE, "There is no connection " + name + " on " + target.where()
                        + ".", "List them with 'preflight wifi list " + input + "'.");
            }
            target.delete(DIR + name, List.of("wifi: removed " + name));
            return new RemoveResult(target.where(), target.notes());
        } catch (EditException e) {
            throw new PreflightException(ErrorCode.INCOMPLETE, "Removing " + name + " from " + input + " failed: "
                    + e.getMessage(), "Check the card with 'preflight wifi list " + input + "'.", e);
        } catch (IOException e) {
            throw new PreflightException(ErrorCode.INCOMPLETE, "Removing " + name + " from " + input + " failed: "
                    + e.getMessage(), "Check that the card is still inserted.", e);
        }
    }

    /** What {@code migrate} did. */
    public record MigrateResult(String ssid, String file, String where, List<String> notes) {
    }

    /**
     * Moves the legacy {@code wifiSsid}/{@code wifiKey} of config.json (ignored by balenaOS 2.x+) into a
     * NetworkManager connection, then removes them from config.json; each step an edit of its own.
     */
    public MigrateResult migrate(String input, Path output, ConfigService config, CancellationToken cancel) {
        ConfigJsonDocument doc = config.read(input, cancel);
        JsonNode ssid = doc.get("wifiSsid");
        if (ssid == null || !ssid.isTextual() || ssid.asText().isEmpty()) {
            throw new PreflightException(ErrorCode.USAGE, "config.json on " + input + " has no legacy wifiSsid.",
                    "Nothing to migrate.");
        }
        JsonNode key = doc.get("wifiKey");
        String psk = key == null || key.asText().isEmpty() ? null : key.asText();
        String target = output == null ? input : output.toString();
        SetResult r = set(input, output, new WifiRequest(ssid.asText(), psk, true, false, null, null, null), cancel);
        List<String> notes = new ArrayList<>(r.notes());
        notes.addAll(config.unset(target, null, "wifiSsid", cancel).notes());
        if (key != null) {
            notes.addAll(config.unset(target, null, "wifiKey", cancel).notes());
        }
        return new MigrateResult(ssid.asText(), r.file(), r.where(), notes);
    }
}
