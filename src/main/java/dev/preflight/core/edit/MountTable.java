package dev.preflight.core.edit;

import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Whether the OS has a block device (or one of its partitions) mounted: Linux /proc/mounts, macOS the
 * output of {@code mount}. Windows has no mount table to read; it refuses raw writes to sectors of a
 * mounted volume itself, so a write there fails with "access denied" instead (docs/cli.md).
 */
public final class MountTable {
    private MountTable() {
    }

    /**
     * Refuses a device that is mounted (writing under the OS's own cache corrupts it), and a device whose
     * mount state cannot be read on an OS that does not protect it either.
     */
    public static void refuseIfMounted(String device) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            return; // Windows itself refuses writes to a mounted volume's sectors (access denied)
        }
        String mountPoint = mountPointOf(device);
        if (mountPoint != null) {
            throw new PreflightException(ErrorCode.USAGE,
                    device + " is mounted at " + mountPoint + "; writing to the raw card would fight the OS cache and"
                            + " corrupt it.", "Edit the mounted folder instead (preflight config set " + mountPoint
                            + " ...), or unmount it.");
        }
        if (!os.contains("mac") && !Files.isReadable(Path.of("/proc/mounts"))) {
            throw new PreflightException(ErrorCode.USAGE,
                    "Preflight cannot tell whether " + device + " is mounted on this system (no /proc/mounts).",
                    "Edit the mounted boot folder instead, or write to an image file and flash it.");
        }
    }

    /** Whether {@code device} (or one of its partitions) holds the running system's root file system. */
    public static boolean isSystemDisk(String device) {
        String mp = mountPointOf(device);
        return "/".equals(mp) || "/boot".equals(mp) || "/boot/efi".equals(mp) || "/usr".equals(mp);
    }

    /** The file behind a Linux loop device (/sys/block/loopN/loop/backing_file), or null. */
    public static Path loopBackingFile(String device) {
        try {
            String name = Path.of(device).toRealPath().getFileName().toString();
            Path f = Path.of("/sys/block", name, "loop", "backing_file");
            if (!Files.isReadable(f)) {
                return null;
            }
            String backing = Files.readString(f).strip();
            return backing.isEmpty() || backing.endsWith("(deleted)") ? null : Path.of(backing);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Loop devices whose backing file is {@code image} (Linux), e.g. /dev/loop3. */
    public static List<String> loopDevicesOf(Path image) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/sys/block"))) {
            Path real = image.toRealPath();
            for (Path b : (Iterable<Path>) s::iterator) {
                String name = b.getFileName().toString();
                if (name.startsWith("loop")) {
                    Path backing = loopBackingFile("/dev/" + name);
                    if (backing != null && Files.exists(backing) && Files.isSameFile(backing, real)) {
                        out.add("/dev/" + name);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    /**
     * Refuses an image file that the OS has mounted through a loop device (its cache would fight ours).
     */
    public static void refuseIfImageMounted(Path image) {
        for (String loop : loopDevicesOf(image)) {
            String mp = mountPointOf(loop);
            if (mp != null) {
                throw new PreflightException(ErrorCode.USAGE,
                        image + " is mounted through " + loop + " at " + mp + "; writing to the image would fight the"
                                + " OS cache and corrupt it.", "Edit the mounted folder instead (preflight config set "
                                + mp + " ...), or unmount it.");
            }
        }
    }

    /** The mount point of {@code device} or one of its partitions, or null. */
    public static String mountPointOf(String device) {
        Path mounts = Path.of("/proc/mounts");
        if (!Files.isReadable(mounts)) {
            return macMountPointOf(device);
        }
        String real;
        try {
            real = Path.of(device).toRealPath().toString();
        } catch (IOException e) {
            real = device;
        }
        try {
            for (String line : Files.readAllLines(mounts)) {
                String[] f = line.split(" ");
                if (f.length < 2) {
                    continue;
                }
                String dev = f[0];
                if (dev.equals(real) || dev.startsWith(real) && dev.substring(real.length()).matches("p?\\d+")) {
                    return f[1].replace("\\040", " ");
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** macOS: {@code mount} prints "/dev/disk4s1 on /Volumes/resin-boot (msdos, ...)". */
    private static String macMountPointOf(String device) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac")) {
            return null;
        }
        String disk = device.replace("/dev/rdisk", "/dev/disk");
        try {
            Process p = new ProcessBuilder("/sbin/mount").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            for (String line : out.split("\n")) {
                int on = line.indexOf(" on ");
                if (on < 0) {
                    continue;
                }
                String dev = line.substring(0, on);
                if (dev.equals(disk) || dev.startsWith(disk + "s")) {
                    int paren = line.lastIndexOf(" (");
                    return line.substring(on + 4, paren > on ? paren : line.length());
                }
            }
            return null;
        } catch (IOException e) {
            throw new PreflightException(ErrorCode.USAGE,
                    "Preflight cannot tell whether " + device + " is mounted ('mount' failed: " + e.getMessage() + ").",
                    "Unmount it with 'diskutil unmountDisk " + disk + "', then try again.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
