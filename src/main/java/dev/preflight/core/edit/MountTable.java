package dev.preflight.core.edit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the OS has a block device (or one of its partitions) mounted: Linux /proc/mounts. */
public final class MountTable {
    private MountTable() {
    }

    /** Whether {@code device} (or one of its partitions) holds the running system's root file system. */
    public static boolean isSystemDisk(String device) {
        String mp = mountPointOf(device);
        return "/".equals(mp) || "/boot".equals(mp) || "/boot/efi".equals(mp) || "/usr".equals(mp);
    }

    /** The mount point of {@code device} or one of its partitions, or null. */
    public static String mountPointOf(String device) {
        Path mounts = Path.of("/proc/mounts");
        if (!Files.isReadable(mounts)) {
            return null;
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
}
