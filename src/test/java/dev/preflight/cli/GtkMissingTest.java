package dev.preflight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A machine without GTK 3: the desktop app says what to install (exit 2) instead of an internal error. */
class GtkMissingTest {
    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        System.clearProperty("preflight.gtkLibDirs");
    }

    static CliTest.Result run(String... args) {
        return CliTest.run(args);
    }

    @Test
    void theDesktopAppNamesWhatIsMissingAndHowToInstallIt() throws Exception {
        System.setProperty("preflight.gtkLibDirs", Files.createDirectories(dir.resolve("lib")).toString());
        CliTest.Result r = run("gui");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("GTK 3 (libgtk-3.so.0)", "sudo apt install libgtk-3-0", "sudo dnf install gtk3",
                "command line works").doesNotContain("internal error", "Exception");
        CliTest.Result doctor = run("doctor");
        assertThat(doctor.out()).contains("GTK 3 (libgtk-3.so.0) is not installed", "apt install libgtk-3-0");
    }

    @Test
    void gtkFoundOnTheSearchPathLetsItStart() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("multiarch"));
        Files.createFile(lib.resolve("libgtk-3.so.0"));
        System.setProperty("preflight.gtkLibDirs", dir.resolve("missing") + java.io.File.pathSeparator + lib);
        assertThat(dev.preflight.gui.app.GtkCheck.missing()).isNull();
        assertThat(run("doctor").out()).contains("GTK 3 for the desktop app: " + lib.resolve("libgtk-3.so.0"));
    }
}
