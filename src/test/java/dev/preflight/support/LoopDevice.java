package dev.preflight.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A Linux loop device over an image file: a real block device with its own page cache, for tests run as root. */
public final class LoopDevice implements AutoCloseable {
    private final Path device;

    private LoopDevice(Path device) {
        this.device = device;
    }

    /** Whether this machine lets the tests attach loop devices (Linux, root, losetup, /dev/loop-control). */
    public static boolean available() {
        return System.getProperty("os.name", "").toLowerCase().contains("linux")
                && "root".equals(System.getProperty("user.name")) && Fixtures.onPath("losetup")
                && Files.exists(Path.of("/dev/loop-control"));
    }

    public static LoopDevice attach(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("losetup", "-f", "--show", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.startsWith("/dev/loop")) {
            throw new IOException("losetup failed: " + out);
        }
        return new LoopDevice(Path.of(out));
    }

    public Path path() {
        return device;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("losetup", "-d", device.toString()).redirectErrorStream(true).start().waitFor(30,
                TimeUnit.SECONDS);
    }
}
