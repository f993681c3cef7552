package dev.preflight.cli;

import dev.preflight.core.batch.BatchService;
import dev.preflight.core.edit.BackupStore;
import dev.preflight.core.serial.SerialConsole;
import dev.preflight.gui.app.GtkCheck;
import dev.preflight.gui.app.PreflightApp;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code preflight doctor}: is this machine ready to inspect cards, and how to fix what is not. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = DoctorCommand.SUMMARY,
        footer = {"", "Exit codes: 0 ready (warnings allowed), 1 something needed is missing."})
final class DoctorCommand implements Callable<Integer> {
    /** The description's first line: the command's line in the root's help. */
    static final String SUMMARY = "Check the environment (Java, data folder, display, access to cards and serial ports) and say"
            + " how to fix each problem.";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    record Check(String level, String what, String fix) {
    }

    @Override
    public Integer call() {
        List<Check> checks = new ArrayList<>();
        checks.add(java());
        checks.add(dataDir());
        checks.add(display());
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        if (linux) {
            checks.add(gtk());
            checks.add(blockDevices());
            checks.add(serialLinux());
        } else {
            checks.add(new Check("INFO", "Reading cards needs administrator rights on this OS",
                    "Windows: run from an administrator prompt (\\\\.\\PhysicalDriveN). macOS: use sudo (/dev/diskN)."));
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Check c : checks) {
            out.printf("%-5s %s%n", c.level(), c.what());
            if (c.fix() != null) {
                out.println("      -> " + c.fix());
            }
        }
        out.flush();
        return checks.stream().anyMatch(c -> c.level().equals("FAIL")) ? 1 : 0;
    }

    private static Check java() {
        int feature = Runtime.version().feature();
        return feature >= 17 ? new Check("OK", "Java " + System.getProperty("java.version"), null)
                : new Check("FAIL", "Java " + System.getProperty("java.version") + " is too old", "Install Java 17 or newer.");
    }

    private static Check dataDir() {
        Path d = BackupStore.dataDir();
        try {
            Files.createDirectories(d);
            Path probe = Files.createTempFile(d, "doctor", ".tmp");
            Files.delete(probe);
            return new Check("OK", "Data folder " + d + " is writable (backups, provisioning log)", null);
        } catch (IOException e) {
            return new Check("FAIL", "Data folder " + d + " is not writable (" + e.getMessage() + ")",
                    "Fix its permissions, or run with -Dpreflight.dataDir=DIR in PREFLIGHT_JAVA_OPTS.");
        }
    }

    private static Check display() {
        return PreflightApp.displayAvailable() ? new Check("OK", "A display is available for the desktop app", null)
                : new Check("WARN", "No display: only the command line is available",
                "Run in a desktop session, or use xvfb-run for screenshots.");
    }

    private static Check gtk() {
        Path lib = GtkCheck.found();
        return lib != null ? new Check("OK", "GTK 3 for the desktop app: " + lib, null)
                : new Check("WARN", "GTK 3 (libgtk-3.so.0) is not installed: the desktop app cannot start, the command"
                + " line works", GtkCheck.hint());
    }

    private static Check blockDevices() {
        List<String> cards = BatchService.removableDevices(Path.of("/sys/block"));
        if (isRoot()) {
            return new Check("OK", "Running as root: cards can be read" + (cards.isEmpty() ? "" : " (" + cards + ")"), null);
        }
        List<String> unreadable = new ArrayList<>();
        for (String c : cards) {
            if (!Files.isReadable(Path.of(c))) {
                unreadable.add(c);
            }
        }
        if (!unreadable.isEmpty()) {
            return new Check("WARN", "Cards present but not readable by " + System.getProperty("user.name") + ": "
                    + unreadable, "sudo usermod -aG disk " + System.getProperty("user.name") + " (then log in again),"
                    + " or run with sudo, or inspect the mounted boot folder instead.");
        }
        return new Check(cards.isEmpty() ? "INFO" : "OK", cards.isEmpty() ? "No removable card inserted right now"
                : "Cards readable: " + cards, cards.isEmpty() ? "Insert a card; 'lsblk' lists it." : null);
    }

    private static Check serialLinux() {
        try {
            List<SerialConsole.PortInfo> ports = SerialConsole.list();
            List<String> locked = new ArrayList<>();
            for (SerialConsole.PortInfo p : ports) {
                if (p.path() != null && Files.exists(Path.of(p.path())) && !Files.isWritable(Path.of(p.path()))) {
                    locked.add(p.path());
                }
            }
            if (!locked.isEmpty() && !isRoot()) {
                return new Check("WARN", "Serial ports not accessible: " + locked,
                        "sudo usermod -aG dialout " + System.getProperty("user.name") + " (then log in again).");
            }
            return new Check("OK", ports.size() + " serial port(s) found", null);
        } catch (RuntimeException | LinkageError e) {
            return new Check("WARN", "Serial support could not load (" + e.getMessage() + ")",
                    "The serial console commands will not work on this machine.");
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
