package dev.preflight.cli;

import dev.preflight.core.edit.ConfigService;
import dev.preflight.core.edit.WifiService;
import dev.preflight.core.network.Connection;
import dev.preflight.core.provision.EditJournal;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.report.Severity;
import dev.preflight.core.task.CancellationToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code preflight wifi list|set|remove}: NetworkManager connections in system-connections/. */
@Command(name = "wifi", mixinStandardHelpOptions = true,
        description = {WifiCommand.SUMMARY,
                "(NetworkManager keyfiles in system-connections/ on the boot partition).",
                "Passwords are never taken from the command line and never printed."},
        subcommands = {WifiCommand.ListCmd.class, WifiCommand.SetCmd.class, WifiCommand.RemoveCmd.class,
                WifiCommand.MigrateCmd.class})
final class WifiCommand extends CommandGroup {
    /** The description's first line: the command's line in the root's help. */
    static final String SUMMARY = "List, add or change, and remove the network connections balenaOS uses at boot";

    static WifiService service() {
        return new WifiService(EditJournal.forUser());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the connections and their problems.")
    static final class ListCmd extends CliCommand {
        @Parameters(paramLabel = "PATH")
        String path;

        @Option(names = "--show-secrets", description = "Also print each connection's password.")
        boolean showSecrets;

        @Override
        public Integer call() {
            WifiService.Listing l = service().list(path, new CancellationToken());
            PrintWriter out = out();
            out.println("Connections on " + l.where() + ":");
            if (l.connections().isEmpty()) {
                out.println("  (none)");
            }
            for (Connection c : l.connections()) {
                out.printf("  %-28s %-8s %s%s%n", c.file(), c.type() == null ? "?" : c.type(),
                        c.isWifi() ? "ssid \"" + c.ssid() + "\", " + c.security() + (c.hasPsk() ? ", password set" : "")
                                + (c.hidden() ? ", hidden" : "") : (c.ipv4Method() == null ? "" : "ipv4 " + c.ipv4Method()),
                        c.active() ? "" : "  (inactive: .ignore)");
                if (showSecrets && c.hasPsk()) {
                    out.println("      password: " + c.psk());
                }
            }
            if (!l.findings().isEmpty()) {
                out.print(TextReport.findings(l.findings()));
            }
            out.flush();
            return l.findings().stream().anyMatch(f -> f.severity() == Severity.ERROR) ? 1 : 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Add a Wi-Fi connection, or update the one for this SSID (or --name).",
                    "WPA/WPA2-Personal by default; --wpa3 for WPA3 (SAE); no password for an open network."})
    static final class SetCmd extends CliCommand {
        @Parameters(paramLabel = "PATH")
        String path;

        @Option(names = "--ssid", required = true, paramLabel = "SSID", description = "Network name (1-32 bytes).")
        String ssid;

        @Option(names = "--psk-stdin", description = "Read the password from the first line of standard input.")
        boolean pskStdin;

        @Option(names = "--psk-file", paramLabel = "FILE", description = "Read the password from FILE (one trailing"
                + " newline is dropped).")
        Path pskFile;

        @Option(names = "--hidden", description = "The network does not broadcast its name.")
        boolean hidden;

        @Option(names = "--wpa3", description = "Use WPA3-Personal (SAE).")
        boolean wpa3;

        @Option(names = "--name", paramLabel = "FILE", description = "Connection file name (default: the one with this"
                + " SSID, else balena-wifi-NN).")
        String name;

        @Option(names = "--ipv4", paramLabel = "ADDR/PREFIX[,GATEWAY]", description = "Static IPv4 address instead of DHCP.")
        String ipv4;

        @Option(names = "--dns", paramLabel = "IP[,IP]", description = "DNS servers for a static address.")
        String dns;

        @CommandLine.Mixin
        WriteOptions o;

        @Override
        public Integer call() throws IOException {
            if (pskStdin && pskFile != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Use --psk-stdin or --psk-file, not both.");
            }
            String psk = null;
            if (pskStdin) {
                psk = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } else if (pskFile != null) {
                try {
                    psk = Files.readString(pskFile, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new PreflightException(ErrorCode.UNREADABLE_INPUT, pskFile + " cannot be read.",
                            "Check the path of the password file.", e);
                }
                psk = psk.endsWith("\r\n") ? psk.substring(0, psk.length() - 2)
                        : psk.endsWith("\n") ? psk.substring(0, psk.length() - 1) : psk;
            }
            if ((pskStdin || pskFile != null) && (psk == null || psk.isEmpty())) {
                throw new PreflightException(ErrorCode.USAGE, "No password was given.",
                        "Leave out --psk-stdin/--psk-file for an open network.");
            }
            WifiService.SetResult r = service().set(path, o.output, new WifiService.WifiRequest(ssid, psk, hidden, wpa3,
                    name, ipv4, dns), new CancellationToken());
            EditOutput.notes(err(), r.notes());
            PrintWriter out = out();
            out.println((r.created() ? "Added" : "Updated") + " system-connections/" + r.file() + " on " + r.where()
                    + " (ssid \"" + ssid + "\", " + (psk == null ? "open" : wpa3 ? "WPA3" : "WPA/WPA2") + ").");
            if (!r.warnings().isEmpty()) {
                out.print(TextReport.findings(r.warnings()));
            }
            if (r.countryMissing()) {
                out.println("Hint: config.json has no \"country\"; set the Wi-Fi regulatory domain with"
                        + " 'preflight config set " + path + " country XX' (e.g. GB, US, DE).");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove the connection file NAME.")
    static final class RemoveCmd extends CliCommand {
        @Parameters(index = "0", paramLabel = "PATH")
        String path;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @CommandLine.Mixin
        WriteOptions o;

        @Override
        public Integer call() {
            WifiService.RemoveResult r = service().remove(path, o.output, name, new CancellationToken());
            EditOutput.notes(err(), r.notes());
            out().println("Removed system-connections/" + name + " from " + r.where() + ".");
            out().flush();
            return 0;
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = {"Move legacy wifiSsid/wifiKey from config.json (ignored by balenaOS 2.x+) into a",
                    "NetworkManager connection, then remove them from config.json."})
    static final class MigrateCmd extends CliCommand {
        @Parameters(paramLabel = "PATH")
        String path;

        @CommandLine.Mixin
        WriteOptions o;

        @Override
        public Integer call() {
            WifiService.MigrateResult r = service().migrate(path, o.output, new ConfigService(EditJournal.forUser()),
                    new CancellationToken());
            EditOutput.notes(err(), r.notes());
            out().println("Migrated Wi-Fi \"" + r.ssid() + "\" to system-connections/"
                    + r.file() + " on " + r.where() + " and removed wifiSsid/wifiKey from config.json.");
            out().flush();
            return 0;
        }
    }
}
