package dev.preflight.gui.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Scene;

/**
 * The AtlantaFX Primer theme, light or dark. "System" follows the desktop's setting: GNOME's
 * color-scheme (or a dark GTK theme), Windows' AppsUseLightTheme, macOS' AppleInterfaceStyle.
 * JavaFX 21 has no API for this, so each platform's own setting is asked once at start-up.
 */
public final class Theme {
    public enum Mode { SYSTEM, LIGHT, DARK }

    private Theme() {
    }

    /** Applies the theme to the application and marks {@code scene}'s root with "dark" when dark. */
    public static boolean apply(Mode mode, Scene scene) {
        boolean dark = mode == Mode.DARK || (mode == Mode.SYSTEM && systemPrefersDark());
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        if (scene != null) {
            scene.getRoot().getStyleClass().remove("dark");
            if (dark) {
                scene.getRoot().getStyleClass().add("dark");
            }
        }
        return dark;
    }

    public static Mode parse(String s) {
        try {
            return s == null ? Mode.SYSTEM : Mode.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Mode.SYSTEM;
        }
    }

    /** Whether the desktop asks for dark applications; false when it cannot tell. */
    public static boolean systemPrefersDark() {
        String override = System.getenv("PREFLIGHT_THEME");
        if (override != null && !override.isBlank()) {
            return override.trim().equalsIgnoreCase("dark");
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            return windowsDark(run(List.of("reg", "query",
                    "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize", "/v",
                    "AppsUseLightTheme")));
        }
        if (os.contains("mac")) {
            return macDark(run(List.of("defaults", "read", "-g", "AppleInterfaceStyle")));
        }
        String gtk = System.getenv("GTK_THEME");
        if (gtk != null && gtk.toLowerCase(Locale.ROOT).contains("dark")) {
            return true;
        }
        if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null) {
            return false;
        }
        return gnomeDark(run(List.of("gsettings", "get", "org.gnome.desktop.interface", "color-scheme")),
                run(List.of("gsettings", "get", "org.gnome.desktop.interface", "gtk-theme")));
    }

    public static boolean gnomeDark(String colorScheme, String gtkTheme) {
        if (colorScheme != null && colorScheme.contains("prefer-dark")) {
            return true;
        }
        if (colorScheme != null && colorScheme.contains("prefer-light")) {
            return false;
        }
        return gtkTheme != null && gtkTheme.toLowerCase(Locale.ROOT).contains("dark");
    }

    public static boolean windowsDark(String regOutput) {
        return regOutput != null && regOutput.matches("(?s).*AppsUseLightTheme\\s+REG_DWORD\\s+0x0+\\b.*");
    }

    public static boolean macDark(String defaultsOutput) {
        return defaultsOutput != null && defaultsOutput.trim().equalsIgnoreCase("dark");
    }

    /** Output of a short command, or null when it is missing, fails or takes longer than a second. */
    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (InputStream in = p.getInputStream()) {
                if (!p.waitFor(1, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return null;
                }
                String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return p.exitValue() == 0 ? out : null;
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
