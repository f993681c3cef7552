package dev.preflight.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every editing command shares. */
final class WriteOptions {
    @Option(names = "--output", paramLabel = "NEW.img",
            description = "Write an edited raw copy to NEW.img instead of changing PATH (needed for compressed images).")
    Path output;
}
