package dev.preflight.cli;

import com.fazecast.jSerialComm.SerialPort;
import dev.preflight.core.edit.InputFile;
import dev.preflight.core.provision.SerialAttachment;
import dev.preflight.core.report.Severity;
import dev.preflight.core.serial.BootLogAnalyzer;
import dev.preflight.core.serial.SerialConsole;
import dev.preflight.core.task.CancellationToken;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code preflight serial list|capture|analyse}: the board's serial console. */
@Command(name = "serial", mixinStandardHelpOptions = true,
        description = SerialCommand.SUMMARY,
        subcommands = {SerialCommand.ListCmd.class, SerialCommand.Capture.class, SerialCommand.Analyse.class})
final class SerialCommand extends CommandGroup {
    /** The description's first line: the command's line in the root's help. */
    static final String SUMMARY = "List serial ports, capture a booting board's console, and explain why it did not come up.";

    static int report(PrintWriter out, BootLogAnalyzer.Result r) {
        out.println("Milestones: " + (r.milestones().isEmpty() ? "none" : String.join(" -> ",
                r.milestones().stream().map(m -> m.name() + " (line " + m.line() + ")").toList())));
        out.print(TextReport.findings(r.findings()));
        out.flush();
        return r.findings().stream().anyMatch(f -> f.severity() == Severity.ERROR) ? 1 : 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List serial ports.")
    static final class ListCmd extends CliCommand {
        @Override
        public Integer call() {
            PrintWriter out = out();
            var ports = SerialConsole.list();
            if (ports.isEmpty()) {
                out.println("No serial ports found. Plug in the USB-serial adapter; on Linux you may need the 'dialout'"
                        + " group.");
            }
            ports.forEach(p -> out.printf("%-20s %s%n", p.path(), p.description()));
            out.flush();
            return 0;
        }
    }

    @Command(name = "capture", mixinStandardHelpOptions = true,
            description = {"Show and record a console for --seconds, then list the boot milestones reached and any"
                    + " failures (kernel panic, root mount, SD/MMC and ext4 errors, I/O errors, under-voltage)."},
            footer = "Exit codes: 0 no failure seen, 1 a failure seen, 2 the port cannot be opened.")
    static final class Capture extends CliCommand {
        @Parameters(paramLabel = "PORT", description = "e.g. /dev/ttyUSB0, COM3.")
        String port;

        @Option(names = "--baud", defaultValue = "115200", description = "Speed (default ${DEFAULT-VALUE}).")
        int baud;

        @Option(names = "--framing", defaultValue = "8N1", description = "Data bits, parity (N/E/O), stop bits"
                + " (default ${DEFAULT-VALUE}).")
        String framing;

        @Option(names = "--seconds", defaultValue = "60", description = "How long to capture (default ${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--out", paramLabel = "FILE", description = "Also save the raw capture to FILE.")
        Path out;

        @Option(names = "--quiet", description = "Do not echo the console while capturing.")
        boolean quiet;

        @Option(names = "--attach", paramLabel = "CARD", description = "Attach the capture to CARD's record in the"
                + " provisioning log (card, image or folder the board booted from).")
        String attach;

        @Override
        public Integer call() throws IOException {
            if (!framing.matches("[5-8][NEOnoe][12]")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--framing must look like 8N1");
            }
            int parity = switch (Character.toUpperCase(framing.charAt(1))) {
                case 'E' -> SerialPort.EVEN_PARITY;
                case 'O' -> SerialPort.ODD_PARITY;
                default -> SerialPort.NO_PARITY;
            };
            int stop = framing.charAt(2) == '2' ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT;
            OutputStream echo = quiet ? null : System.out;
            CancellationToken cancel = new CancellationToken();
            byte[] data;
            try (CtrlC interrupt = CtrlC.cancels(cancel)) {
                data = SerialConsole.capture(port, baud, framing.charAt(0) - '0', stop, parity, seconds, echo, cancel);
            }
            if (out != null) {
                Files.write(out, data);
            }
            PrintWriter w = out();
            w.println();
            w.println("Captured " + data.length + " bytes from " + port + (out == null ? "" : " into " + out) + ".");
            return analysed(this, w, data, port, attach, port, out);
        }
    }

    @Command(name = "analyse", aliases = "analyze", mixinStandardHelpOptions = true,
            description = "Explain a saved console log: milestones reached and failures.")
    static final class Analyse extends CliCommand {
        /** A console at 115200 baud writes about 40 MiB an hour. */
        static final int MAX_LOG = 64 << 20;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--attach", paramLabel = "CARD", description = "Attach this saved capture to CARD's record"
                + " in the provisioning log.")
        String attach;

        @Override
        public Integer call() throws IOException {
            byte[] data = InputFile.read(file, MAX_LOG, "more than an hour of a console at 115200 baud",
                    "Analyse the part with the boot of interest, e.g. 'tail -c 16M " + file + " > boot.log'.");
            PrintWriter w = out();
            return analysed(this, w, data, file.toString(), attach, file.getFileName().toString(), file);
        }
    }

    /**
     * Prints the analysis of a console log read from {@code source} and, with --attach CARD, attaches it (as
     * {@code name}, saved at {@code saved} if anywhere) to the card's record. Returns the exit code.
     */
    static int analysed(CliCommand c, PrintWriter w, byte[] data, String source, String attach, String name,
                        Path saved) {
        int code = report(w, BootLogAnalyzer.analyse(new String(data, StandardCharsets.UTF_8), source));
        if (attach != null) {
            code = attach(c, w, code, SerialAttachment.attachOrExplain(LogCommand.defaultLog(), attach, name, data,
                    saved));
        }
        w.flush();
        return code;
    }

    /** Reports an --attach: on stdout when recorded; else on stderr with exit 2 (the analysis is still shown). */
    private static int attach(CliCommand c, PrintWriter out, int code, SerialAttachment.Outcome o) {
        if (o.attached()) {
            out.println(o.message());
            return code;
        }
        out.flush();
        c.err().println("preflight: " + o.message());
        c.err().flush();
        return Math.max(code, 2);
    }
}
