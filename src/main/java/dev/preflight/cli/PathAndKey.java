package dev.preflight.cli;

import picocli.CommandLine.Parameters;

/** The PATH (card, image or boot folder) and KEY of the commands that change one key of a file. */
final class PathAndKey {
    @Parameters(index = "0", paramLabel = "PATH")
    String path;

    @Parameters(index = "1", paramLabel = "KEY")
    String key;
}
