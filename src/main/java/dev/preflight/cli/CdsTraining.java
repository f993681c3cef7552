package dev.preflight.cli;

import dev.preflight.core.demo.DemoCard;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A short run of each command's common path, used by the launcher to list the classes a normal run
 * loads (-XX:DumpLoadedClassList) for its class-data-sharing archive (decision 0006): the root's help and
 * version, inspect as text and JSON (with and without a provisioning log to look the card up in), verify,
 * config and configtxt get/set/validate, wifi list, undo, a one-card batch, profile, log show/verify/export
 * and lint. Not run: commands that touch hardware or the desktop (probe, serial, doctor, gui). Everything
 * it writes (scratch images, backups, a log, a key) stays in the training folder.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        List<String> failed = train(Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir")));
        failed.forEach(System.err::println);
    }

    /**
     * Runs the training in {@code dir}; returns the commands that ended in bad usage, unreadable input or an
     * internal error (exit 2 or more), whose paths a normal run takes but the training then did not.
     */
    static List<String> train(Path dir) throws Exception {
        System.setProperty("preflight.dataDir", dir.resolve("data").toString());
        Class.forName("dev.preflight.Launcher"); // the jar's main class, loaded by every run
        List<String> failed = new ArrayList<>();
        PrintWriter sink = new PrintWriter(new StringWriter());
        run(failed, sink, "--version");
        run(failed, sink, "--help");
        run(failed, sink, "inspect", "--help");
        String demo = DemoCard.ensure(dir).toString();
        run(failed, sink, "inspect", demo);
        run(failed, sink, "inspect", "--json", demo);
        String img = dir.resolve("scratch.img").toString();
        run(failed, sink, "demo", "--output", img, "--size", "256M");
        String ref = dir.resolve("reference.img").toString();
        run(failed, sink, "demo", "--output", ref, "--size", "256M");
        run(failed, sink, "config", "get", img, "hostname");
        run(failed, sink, "config", "get", img);
        run(failed, sink, "config", "validate", img);
        run(failed, sink, "config", "set", img, "hostname", "cds-training");
        // with a provisioning log now in the data folder, inspect also looks the card up in it
        run(failed, sink, "inspect", "--json", img);
        run(failed, sink, "inspect", img);
        run(failed, sink, "verify", img, "--reference", ref);
        run(failed, sink, "configtxt", "get", img);
        run(failed, sink, "configtxt", "validate", img);
        run(failed, sink, "configtxt", "set", img, "enable_uart", "1");
        run(failed, sink, "wifi", "list", img);
        run(failed, sink, "undo", img);
        Path profile = dir.resolve("profile.json");
        Files.writeString(profile, "{\"name\":\"training\",\"deviceType\":\"raspberrypi4-64\"}");
        run(failed, sink, "profile", "show", profile.toString());
        run(failed, sink, "profile", "check", profile.toString(), img);
        Path log = dir.resolve("log.jsonl");
        run(failed, sink, "batch", "--profile", profile.toString(), "--log", log.toString(), img);
        run(failed, sink, "log", "show", "--log", log.toString());
        run(failed, sink, "log", "verify", "--log", log.toString());
        run(failed, sink, "log", "export", "--format", "csv", "--log", log.toString(), "--out",
                dir.resolve("export.csv").toString());
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("docker-compose.yml"), "services:\n  app:\n    build: .\n");
        Files.writeString(project.resolve("Dockerfile"), "FROM alpine\nCMD [\"sleep\", \"infinity\"]\n");
        run(failed, sink, "lint", project.toString());
        return failed;
    }

    /** Runs one command; exit 1 (findings) is a normal run too. */
    private static void run(List<String> failed, PrintWriter sink, String... args) {
        int code = PreflightCli.run(sink, sink, args);
        if (code > 1) {
            failed.add("exit " + code + ": " + String.join(" ", args));
        }
    }
}
