package dev.preflight.cli;

import dev.preflight.core.demo.BalenaImageBuilder;
import dev.preflight.core.demo.DemoCard;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code preflight demo}: builds (once) and prints the path of the bundled demo card. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {DemoCommand.SUMMARY, "Try: preflight inspect \"$(preflight demo)\"",
                "With --output, write a clean balenaOS-like test image of --size instead (for trying and benchmarks)."})
final class DemoCommand implements Callable<Integer> {
    /** The description's first line: the command's line in the root's help. */
    static final String SUMMARY = "Build the demo card (a small balenaOS-like image with a few deliberate problems) if it"
            + " does not exist yet, and print its path.";

    @Option(names = "--dir", paramLabel = "DIR", description = "Folder to keep it in (default: the user cache folder).")
    Path dir;

    @Option(names = "--output", paramLabel = "FILE", description = "Instead, write a clean balenaOS-like test image"
            + " (raw, sparse) to FILE; with --size.")
    Path output;

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "1G",
            description = "Size of the --output image, e.g. 512M, 4G (default: ${DEFAULT-VALUE}).")
    String size;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (output != null) {
            return buildTestImage();
        }
        Path folder = dir != null ? dir : DemoCard.defaultCacheDir();
        try {
            spec.commandLine().getOut().println(DemoCard.ensure(folder));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IOException e) {
            throw new PreflightException(ErrorCode.INCOMPLETE, "The demo card could not be written to " + folder
                    + ": " + e.getMessage(), "Check that the folder is writable and has about 1 MiB free, or pass --dir.", e);
        }
    }

    private Integer buildTestImage() {
        int mib = parseMiB(size);
        ImageSpec spec;
        try {
            spec = ImageSpec.raspberryPi().fat(32).totalMiB(mib);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec().commandLine(), "--size: " + e.getMessage());
        }
        try {
            BalenaImageBuilder.build(spec, output);
        } catch (IOException e) {
            throw new PreflightException(ErrorCode.INCOMPLETE, "The test image could not be written to " + output + ": "
                    + e.getMessage(), "Check that the folder exists and is writable.", e);
        }
        spec().commandLine().getOut().println(output);
        spec().commandLine().getOut().flush();
        return 0;
    }

    private CommandLine.Model.CommandSpec spec() {
        return spec;
    }

    private int parseMiB(String s) {
        Matcher m = Pattern.compile("(?i)(\\d+)\\s*([MG])i?B?").matcher(s.trim());
        if (!m.matches()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--size: '" + s + "' is not a size like 512M or 4G");
        }
        long v = Long.parseLong(m.group(1)) * (m.group(2).equalsIgnoreCase("G") ? 1024 : 1);
        if (v > 64 * 1024) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--size: at most 64G");
        }
        return (int) v;
    }
}
