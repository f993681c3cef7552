package dev.preflight.gui.wifi;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.preflight.core.edit.ConfigService;
import dev.preflight.core.edit.Editing;
import dev.preflight.core.edit.WifiService;
import dev.preflight.core.network.Connection;
import dev.preflight.core.network.NetworkChecks;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.gui.common.CardFileView;
import dev.preflight.gui.common.CardIo;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The card's network connections and adding/changing/removing a Wi-Fi network through
 * {@link WifiService} (balena's keyfile layout, backups, write protocol). Passwords are never shown
 * in the list; the dialog checks them with the same rules as the CLI before anything is written.
 */
public final class WifiViewModel extends CardFileView<WifiViewModel.Read> {
    public enum Security { WPA2, WPA3, OPEN }

    /**
     * What the dialog asks for. {@code country} (ISO 3166 alpha-2) is written to config.json when given.
     * {@code opened}: the listed connection being changed (null for a new one); the change is written only
     * while the card still holds it as listed.
     */
    public record Request(String ssid, Security security, String password, boolean hidden, String country,
                          String file, Connection opened) {
        public Request(String ssid, Security security, String password, boolean hidden, String country, String file) {
            this(ssid, security, password, hidden, country, file, null);
        }
    }

    /** Feedback on a password as it is typed: a format problem (blocks saving), else a strength word. */
    public record PasswordFeedback(String problem, String strength) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** What a read returns: the connections and the country config.json sets for Wi-Fi. */
    record Read(WifiService.Listing listing, String country) {
    }

    private final WifiService wifi;
    private final ConfigService config;
    private final ObservableList<Connection> connections = FXCollections.observableArrayList();
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper country = new ReadOnlyStringWrapper("");

    public WifiViewModel(Executor worker, Executor ui, Editing editing) {
        super(worker, ui, "the network connections");
        this.wifi = new WifiService(editing);
        this.config = new ConfigService(editing);
    }

    @Override
    protected Read read(String path) {
        return new Read(wifi.list(path, new CancellationToken()), countryOf(path));
    }

    @Override
    protected void show(Read r) {
        connections.setAll(r.listing().connections());
        findings.setAll(r.listing().findings());
        country.set(r.country());
    }

    @Override
    protected void clear() {
        connections.clear();
        findings.clear();
    }

    @Override
    protected String where(Read r) {
        return r.listing().where();
    }

    @Override
    protected String loadedStatus(Read r) {
        WifiService.Listing l = r.listing();
        return l.connections().isEmpty() ? "No network connections on " + l.where() + "."
                : l.connections().size() + " connection(s) on " + l.where() + ".";
    }

    private String countryOf(String p) {
        try {
            var n = config.read(p, new CancellationToken()).get("country");
            return n == null || n.isNull() ? "" : n.asText();
        } catch (PreflightException e) {
            return "";
        }
    }

    /** Checks a password for {@code security} without echoing it. */
    public static PasswordFeedback assess(String password, Security security) {
        if (security == Security.OPEN) {
            return new PasswordFeedback(null, null);
        }
        String problem = NetworkChecks.pskProblem(password, security == Security.WPA3 ? "sae" : "wpa-psk");
        if (problem != null) {
            return new PasswordFeedback(Character.toUpperCase(problem.charAt(0)) + problem.substring(1) + ".", null);
        }
        if (password.length() == 64 && password.matches("[0-9A-Fa-f]{64}")) {
            return new PasswordFeedback(null, "good (a raw 256-bit key)");
        }
        String ascii = NetworkChecks.pskNonAscii(password, security == Security.WPA3 ? "sae" : "wpa-psk")
                ? "; it holds characters beyond ASCII, which some access points do not accept" : "";
        return withNote(strength(password), ascii);
    }

    private static PasswordFeedback withNote(String strength, String note) {
        return new PasswordFeedback(null, strength + note);
    }

    private static String strength(String password) {
        int classes = 0;
        for (String re : new String[] {".*[a-z].*", ".*[A-Z].*", ".*[0-9].*", ".*[^A-Za-z0-9].*"}) {
            if (password.matches(re)) {
                classes++;
            }
        }
        boolean repeated = password.chars().distinct().count() <= 3;
        if (repeated || password.length() < 10 || (password.length() < 14 && classes < 2)) {
            return "weak";
        }
        if (password.length() >= 16 || (password.length() >= 12 && classes >= 3)) {
            return "good";
        }
        return "fair";
    }

    /** The dialog's fields that a rule can refuse. */
    public enum Field { SSID, PASSWORD, COUNTRY }

    /** Problems that block saving {@code r}; empty when it can be written. */
    public static List<String> problems(Request r) {
        return new ArrayList<>(fieldProblems(r).values());
    }

    /** The same problems by field (in the dialog's order), so the dialog can mark the field at fault. */
    public static Map<Field, String> fieldProblems(Request r) {
        Map<Field, String> out = new EnumMap<>(Field.class);
        String ssid = NetworkChecks.ssidProblem(r.ssid());
        if (ssid != null) {
            out.put(Field.SSID, Character.toUpperCase(ssid.charAt(0)) + ssid.substring(1) + ".");
        }
        PasswordFeedback pw = assess(r.password(), r.security());
        if (!pw.ok()) {
            out.put(Field.PASSWORD, pw.problem());
        }
        if (r.country() != null && !r.country().isBlank() && !r.country().trim().matches("[A-Za-z]{2}")) {
            out.put(Field.COUNTRY, "The country must be a two-letter code such as DE, GB or US.");
        }
        return out;
    }

    /** Adds or updates the network in the background; the list reloads when done. */
    public void save(Request r, Runnable done) {
        List<String> p = problems(r);
        if (!p.isEmpty()) {
            error.set(String.join(" ", p) + " Nothing was written.");
            return;
        }
        write(path(), target -> {
            WifiService.SetResult res = wifi.set(target, null, new WifiService.WifiRequest(r.ssid(),
                    r.security() == Security.OPEN ? null : r.password(), r.hidden(),
                    r.security() == Security.WPA3, r.file(), null, null), r.opened(), new CancellationToken());
            List<String> notes = new ArrayList<>(res.notes());
            String c = r.country() == null ? "" : r.country().trim().toUpperCase(Locale.ROOT);
            if (!c.isEmpty() && !c.equals(countryOf(target))) {
                notes.addAll(config.set(target, null, "country", TextNode.valueOf(c), new CancellationToken()).notes());
            }
            return new CardIo.Written((res.created() ? "Added " : "Updated ") + r.ssid() + " (" + res.file() + ") on "
                    + res.where() + ".", notes);
        }, done);
    }

    public void remove(Connection c, Runnable done) {
        write(path(), target -> {
            WifiService.RemoveResult res = wifi.remove(target, null, c.file(), new CancellationToken());
            return new CardIo.Written("Removed " + c.file() + " from " + res.where() + ".", res.notes());
        }, done);
    }

    public ObservableList<Connection> connections() {
        return connections;
    }

    public ObservableList<Finding> findings() {
        return findings;
    }

    public ReadOnlyStringProperty countryProperty() {
        return country.getReadOnlyProperty();
    }
}
