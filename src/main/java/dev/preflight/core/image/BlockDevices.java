package dev.preflight.core.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Recognising block devices and finding their size without native code. */
final class BlockDevices {
    private BlockDevices() {
    }

    static boolean looksLikeDevice(String input, Path path) {
        if (input.startsWith("\\\\.\\")) {
            return true;
        }
        return input.startsWith("/dev/") && Files.exists(path) && !Files.isRegularFile(path)
                && !Files.isDirectory(path);
    }

    /**
     * Whether {@code path} is a character device on Linux (/dev/zero, /dev/null, a terminal): Linux has no
     * character devices for disks, so it is no card. (macOS reads cards through /dev/rdiskN, a character
     * device, so elsewhere this says false.)
     */
    static boolean linuxCharacterDevice(Path path) {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return false;
        }
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return (mode & 0170000) == 0020000; // S_IFCHR
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Size from Linux sysfs, else from the channel, else -1 (read until the device ends). */
    static long sizeOf(String input, FileChannel ch) {
        try {
            Path real = Path.of(input).toRealPath();
            Path sys = Path.of("/sys/class/block", real.getFileName().toString(), "size");
            if (Files.isReadable(sys)) {
                return Long.parseLong(Files.readString(sys).trim()) * 512L;
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the channel
        }
        try {
            long s = ch.size();
            return s > 0 ? s : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
