package dev.preflight.core.wear;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The USB card reader in front of a block device, as Linux sysfs shows it. */
public final class UsbReader {
    private UsbReader() {
    }

    /**
     * The serial number of the USB device above {@code sysBlockDevice} (e.g. /sys/block/sdb), found by
     * walking up from its "device" link to the first directory with idVendor and serial; null when the
     * device is not behind USB or the reader has no serial.
     */
    public static String serial(Path sysBlockDevice) {
        try {
            Path p = sysBlockDevice.resolve("device").toRealPath();
            for (int i = 0; i < 12 && p != null; i++, p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("idVendor")) && Files.isRegularFile(p.resolve("serial"))) {
                    String s = Files.readString(p.resolve("serial")).strip();
                    return s.isEmpty() ? null : s;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** The reader serial for a device path like /dev/sdb, or null (also off Linux). */
    public static String serialOfDevice(String device) {
        if (device == null || !device.startsWith("/dev/")) {
            return null;
        }
        Path sys = Path.of("/sys/block", device.substring("/dev/".length()));
        return Files.isDirectory(sys) ? serial(sys) : null;
    }
}
