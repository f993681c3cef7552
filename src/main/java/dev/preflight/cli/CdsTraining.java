package dev.preflight.cli;

import dev.preflight.core.demo.DemoCard;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/**
 * A short run of the CLI's common paths, used by the launcher to record a class-data-sharing
 * archive (-XX:ArchiveClassesAtExit): inspect the demo card as text and JSON.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        String demo = DemoCard.ensure(dir).toString();
        PrintWriter sink = new PrintWriter(new StringWriter());
        PreflightCli.run(sink, sink, "inspect", demo);
        PreflightCli.run(sink, sink, "inspect", "--json", demo);
        PreflightCli.run(sink, sink, "--help");
    }
}
