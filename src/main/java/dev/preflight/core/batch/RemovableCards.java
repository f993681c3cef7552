package dev.preflight.core.batch;

import dev.preflight.core.wear.UsbReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cards a station can see right now. Linux: removable block devices from /sys/block with their
 * size, reader (USB vendor/model or the SD host), the USB reader's serial number, partition labels
 * (/dev/disk/by-label) and mount points (/proc/mounts). Elsewhere: mounted volumes that carry a
 * balenaOS boot partition. The three paths say where the Linux listing looks ({@link #system()} for the
 * real ones; tests point them at a fake tree).
 */
public record RemovableCards(Path sysBlock, Path byLabel, Path mounts) {
    /** One card. {@code readerSerial} is the USB reader's iSerial, or null for an SD host or unknown. */
    public record Card(String device, long sizeBytes, String reader, String readerSerial, List<String> labels,
                       List<String> mountPoints) {
        /** "/dev/sdb — 32.0 GB, Generic STORAGE DEVICE, resin-boot". */
        public String describe() {
            StringBuilder s = new StringBuilder(device);
            if (sizeBytes > 0) {
                s.append(" — ").append(gigabytes(sizeBytes));
            }
            if (reader != null && !reader.isBlank()) {
                s.append(", ").append(reader);
            }
            if (!labels.isEmpty()) {
                s.append(", ").append(String.join(" / ", labels));
            }
            if (!mountPoints.isEmpty()) {
                s.append(" (mounted)");
            }
            return s.toString();
        }
    }

    public static RemovableCards system() {
        return new RemovableCards(Path.of("/sys/block"), Path.of("/dev/disk/by-label"), Path.of("/proc/mounts"));
    }

    static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    /** The cards present now, sorted by device. Never throws: a card that vanishes mid-scan is skipped. */
    public List<Card> list() {
        List<Card> out = new ArrayList<>();
        List<String> mountLines = readLines(mounts);
        List<String[]> labels = labels();
        for (String dev : BatchService.removableDevices(sysBlock)) {
            String name = dev.substring("/dev/".length());
            Path sys = sysBlock.resolve(name);
            long size;
            try {
                size = Long.parseLong(Files.readString(sys.resolve("size")).strip()) * 512L;
            } catch (IOException | NumberFormatException e) {
                continue;
            }
            List<String> mps = new ArrayList<>();
            for (String line : mountLines) {
                String[] f = line.split(" ");
                if (f.length >= 2 && isPartitionOf(f[0], dev)) {
                    mps.add(f[1].replace("\\040", " "));
                }
            }
            List<String> ls = new ArrayList<>();
            for (String[] l : labels) {
                if (isPartitionOf(l[1], dev)) {
                    ls.add(l[0]);
                }
            }
            ls.sort(String::compareTo);
            out.add(new Card(dev, size, reader(sys, name), UsbReader.serial(sys), List.copyOf(ls), List.copyOf(mps)));
        }
        return out;
    }

    static boolean isPartitionOf(String partition, String device) {
        return partition.equals(device) || partition.startsWith(device)
                && partition.substring(device.length()).matches("p?\\d+");
    }

    private static String reader(Path sys, String name) {
        if (name.startsWith("mmcblk")) {
            String card = read(sys.resolve("device/name"));
            return "SD/MMC host" + (card == null ? "" : ", card " + card);
        }
        String vendor = read(sys.resolve("device/vendor"));
        String model = read(sys.resolve("device/model"));
        String s = ((vendor == null ? "" : vendor) + " " + (model == null ? "" : model)).trim();
        return s.isEmpty() ? null : s;
    }

    /** {label, /dev/partition} pairs; udev escapes spaces and slashes as \x20, \x2f. */
    private List<String[]> labels() {
        List<String[]> out = new ArrayList<>();
        if (!Files.isDirectory(byLabel)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(byLabel)) {
            for (Path l : ds) {
                try {
                    Path target = l.toRealPath();
                    out.add(new String[] {unescape(l.getFileName().toString()), "/dev/" + target.getFileName()});
                } catch (IOException e) {
                    // dangling link: the card just went away
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    static String unescape(String udev) {
        StringBuilder s = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < udev.length(); i++) {
            if (udev.startsWith("\\x", i) && i + 4 <= udev.length()
                    && udev.substring(i + 2, i + 4).matches("[0-9a-fA-F]{2}")) {
                bytes.write(Integer.parseInt(udev.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                if (bytes.size() > 0) {
                    s.append(bytes.toString(StandardCharsets.UTF_8));
                    bytes.reset();
                }
                s.append(udev.charAt(i));
            }
        }
        if (bytes.size() > 0) {
            s.append(bytes.toString(StandardCharsets.UTF_8));
        }
        return s.toString();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            return null;
        }
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Mounted volumes that look like a balenaOS boot partition (config.json plus a fingerprint or
     * device-type.json) under {@code roots} (e.g. /Volumes on macOS, drive letters on Windows).
     */
    public static List<Path> bootVolumes(List<Path> roots) {
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            List<Path> candidates = new ArrayList<>(List.of(root));
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
                ds.forEach(candidates::add);
            } catch (IOException e) {
                // not a folder or not readable
            }
            for (Path c : candidates) {
                if (Files.isRegularFile(c.resolve("config.json")) && (Files.isRegularFile(c.resolve("device-type.json"))
                        || Files.isRegularFile(c.resolve("balenaos.fingerprint"))
                        || Files.isRegularFile(c.resolve("resinos.fingerprint")))) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /**
     * The cards present now on this OS: Linux's removable block devices, or elsewhere the mounted volumes
     * that carry a balenaOS boot partition (as cards whose device is the volume's folder).
     */
    public static List<Card> present() {
        if (Files.isDirectory(Path.of("/sys/block"))) {
            return system().list();
        }
        return bootVolumes(defaultVolumeRoots()).stream().map(p -> new Card(p.toString(), 0, "mounted volume", null,
                List.of(), List.of(p.toString()))).toList();
    }

    /** Where mounted cards appear on this OS. */
    public static List<Path> defaultVolumeRoots() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            List<Path> roots = new ArrayList<>();
            for (File f : File.listRoots()) {
                roots.add(f.toPath());
            }
            return roots;
        }
        if (os.contains("mac")) {
            return List.of(Path.of("/Volumes"));
        }
        String user = System.getProperty("user.name");
        return List.of(Path.of("/media", user), Path.of("/run/media", user), Path.of("/media"));
    }
}
