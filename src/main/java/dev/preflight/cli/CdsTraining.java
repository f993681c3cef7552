package dev.preflight.cli;

import dev.preflight.core.demo.DemoCard;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A short run of the CLI's common paths, used by the launcher to record a class-data-sharing
 * archive (-XX:ArchiveClassesAtExit): inspect the demo card as text and JSON, read and write
 * config.json and config.txt, list Wi-Fi, run a one-card batch. Everything it writes (a scratch image,
 * backups, a log) stays in the training folder.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        System.setProperty("preflight.dataDir", dir.resolve("data").toString());
        String demo = DemoCard.ensure(dir).toString();
        PrintWriter sink = new PrintWriter(new StringWriter());
        PreflightCli.run(sink, sink, "inspect", demo);
        PreflightCli.run(sink, sink, "inspect", "--json", demo);
        String img = dir.resolve("scratch.img").toString();
        PreflightCli.run(sink, sink, "demo", "--output", img, "--size", "256M");
        PreflightCli.run(sink, sink, "config", "get", img, "hostname");
        PreflightCli.run(sink, sink, "config", "set", img, "hostname", "cds-training");
        PreflightCli.run(sink, sink, "configtxt", "get", img);
        PreflightCli.run(sink, sink, "configtxt", "set", img, "enable_uart", "1");
        PreflightCli.run(sink, sink, "wifi", "list", img);
        Path profile = dir.resolve("profile.json");
        Files.writeString(profile, "{\"name\":\"training\",\"deviceType\":\"raspberrypi4-64\"}");
        PreflightCli.run(sink, sink, "batch", "--profile", profile.toString(), "--log",
                dir.resolve("log.jsonl").toString(), img);
        PreflightCli.run(sink, sink, "--help");
    }
}
