package dev.preflight.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real pseudo-terminal pair made by socat, standing in for a serial port and the board at its other
 * end: what is written to {@link #board()} arrives at {@link #port()}. The test is skipped (an
 * assumption) where socat is not installed or does not make the pair.
 */
public record PtyPair(Process socat, Path port, Path board) implements AutoCloseable {
    /** Starts socat with the pair's links in {@code dir} and waits (up to 5 s) until both are there. */
    public static PtyPair open(Path dir) throws IOException, InterruptedException {
        assumeTrue(Fixtures.onPath("socat"), "socat not installed");
        Path a = dir.resolve("ttyA");
        Path b = dir.resolve("ttyB");
        PtyPair pair = new PtyPair(new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + a,
                "pty,raw,echo=0,link=" + b).redirectErrorStream(true).start(), a, b);
        for (int i = 0; i < 50 && !pair.made(); i++) {
            Thread.sleep(100);
        }
        if (!pair.made()) {
            pair.close();
        }
        assumeTrue(pair.made(), "socat did not create the pty pair");
        return pair;
    }

    private boolean made() {
        return Files.exists(port) && Files.exists(board);
    }

    /** The port's device (what the link points at), as a serial console is given it. */
    public String device() throws IOException {
        return port.toRealPath().toString();
    }

    @Override
    public void close() throws InterruptedException {
        socat.destroy();
        socat.waitFor(5, TimeUnit.SECONDS);
    }
}
