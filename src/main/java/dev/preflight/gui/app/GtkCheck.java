package dev.preflight.gui.app;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether the desktop app can start on Linux: JavaFX draws its windows through GTK 3 and dies with an
 * internal error when {@code libgtk-3.so.0} is missing (a fresh server, a minimal desktop). This finds
 * the library the way the dynamic loader would, without loading JavaFX, so the user gets a sentence
 * saying what to install instead.
 */
public final class GtkCheck {
    static final String LIBRARY = "libgtk-3.so.0";

    private GtkCheck() {
    }

    /** Null when the desktop app has what it needs here; else what is missing and how to install it. */
    public static String missing() {
        String dirs = System.getProperty("preflight.gtkLibDirs");
        if (dirs != null) {
            return missing(split(dirs));
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || "Monocle".equals(System.getProperty("glass.platform"))) {
            return null;
        }
        return missing(searchPath());
    }

    /** Where GTK was found, for {@code preflight doctor}; null when it was not. */
    public static Path found() {
        String dirs = System.getProperty("preflight.gtkLibDirs");
        return find(dirs != null ? split(dirs) : searchPath());
    }

    static String missing(List<Path> dirs) {
        return find(dirs) != null ? null : "the desktop app needs GTK 3 (" + LIBRARY + "), which is not installed"
                + " on this machine.";
    }

    /** How to install GTK 3 on the common distributions, and what works without it. */
    public static String hint() {
        return "Install it with 'sudo apt install libgtk-3-0' (Debian, Ubuntu), 'sudo dnf install gtk3' (Fedora, RHEL)"
                + " or 'sudo zypper install libgtk-3-0' (openSUSE), then start Preflight again. The command line works"
                + " without it: 'preflight inspect PATH', 'preflight --help'.";
    }

    private static Path find(List<Path> dirs) {
        for (Path d : dirs) {
            Path lib = d.resolve(LIBRARY);
            if (Files.exists(lib)) {
                return lib;
            }
        }
        return null;
    }

    private static List<Path> split(String dirs) {
        List<Path> out = new ArrayList<>();
        for (String d : dirs.split(File.pathSeparator)) {
            if (!d.isBlank()) {
                out.add(Path.of(d));
            }
        }
        return out;
    }

    /** LD_LIBRARY_PATH, then the multiarch and classic library folders ld.so searches. */
    static List<Path> searchPath() {
        List<Path> out = new ArrayList<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            out.addAll(split(ld));
        }
        String arch = System.getProperty("os.arch", "");
        String triplet = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64-linux-gnu"
                : arch.equals("aarch64") ? "aarch64-linux-gnu" : arch.startsWith("arm") ? "arm-linux-gnueabihf" : arch
                + "-linux-gnu";
        for (String d : new String[] {"/usr/lib/" + triplet, "/lib/" + triplet, "/usr/lib64", "/lib64", "/usr/lib",
            "/lib", "/usr/local/lib", "/usr/lib/" + triplet + "/gtk-3.0"}) {
            out.add(Path.of(d));
        }
        return out;
    }
}
