package dev.preflight.cli;

import dev.preflight.core.demo.DemoCard;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

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
        Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        System.setProperty("preflight.dataDir", dir.resolve("data").toString());
        Class.forName("dev.preflight.Launcher"); // the jar's main class, loaded by every run
        PrintWriter sink = new PrintWriter(new StringWriter());
        run(sink, "--version");
        run(sink, "--help");
        run(sink, "inspect", "--help");
        String demo = DemoCard.ensure(dir).toString();
        run(sink, "inspect", demo);
        run(sink, "inspect", "--json", demo);
        String img = dir.resolve("scratch.img").toString();
        run(sink, "demo", "--output", img, "--size", "256M");
        String ref = dir.resolve("reference.img").toString();
        run(sink, "demo", "--output", ref, "--size", "256M");
        run(sink, "config", "get", img, "hostname");
        run(sink, "config", "get", img);
        run(sink, "config", "validate", img);
        run(sink, "config", "set", img, "hostname", "cds-training");
        // with a provisioning log now in the data folder, inspect also looks the card up in it
        run(sink, "inspect", "--json", img);
        run(sink, "inspect", img);
        run(sink, "verify", img, "--reference", ref);
        run(sink, "configtxt", "get", img);
        run(sink, "configtxt", "validate", img);
        run(sink, "configtxt", "set", img, "enable_uart", "1");
        run(sink, "wifi", "list", img);
        run(sink, "undo", img);
        Path profile = dir.resolve("profile.json");
        Files.writeString(profile, "{\"name\":\"training\",\"deviceType\":\"raspberrypi4-64\"}");
        run(sink, "profile", "show", profile.toString());
        run(sink, "profile", "check", profile.toString(), img);
        Path log = dir.resolve("log.jsonl");
        run(sink, "batch", "--profile", profile.toString(), "--log", log.toString(), img);
        run(sink, "log", "show", "--log", log.toString());
        run(sink, "log", "verify", "--log", log.toString());
        run(sink, "log", "export", "--format", "csv", "--log", log.toString(), "--out",
                dir.resolve("export.csv").toString());
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("docker-compose.yml"), "services:\n  app:\n    build: .\n");
        Files.writeString(project.resolve("Dockerfile"), "FROM alpine\nCMD [\"sleep\", \"infinity\"]\n");
        run(sink, "lint", project.toString());
    }

    private static void run(PrintWriter sink, String... args) {
        PreflightCli.run(sink, sink, args);
    }
}
