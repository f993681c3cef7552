package dev.preflight.cli;

import dev.preflight.core.edit.MountTable;
import dev.preflight.core.image.Disk;
import dev.preflight.core.image.MediumReader;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.report.Severity;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import dev.preflight.core.wear.CapacityProbe;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code preflight probe DEVICE --confirm DEVICE}: fake-capacity and speed check that ERASES the card. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {ProbeCommand.SUMMARY,
                "THIS DESTROYS ALL DATA ON THE CARD: it writes test blocks across the whole claimed capacity.",
                "Refuses mounted cards and the system disk; needs --confirm with the device path repeated."},
        footer = {"", "Exit codes: 0 the card is genuine, 1 fake capacity found, 2 refused or bad usage, 3 I/O error."})
final class ProbeCommand extends CliCommand {
    /** The description's first line: the command's line in the root's help. */
    static final String SUMMARY = "Check a card about to be flashed for fake capacity and slow writes.";

    @Parameters(paramLabel = "DEVICE", description = "The card, e.g. /dev/sdb or /dev/mmcblk0.")
    String device;

    @Option(names = "--confirm", paramLabel = "DEVICE", description = "Repeat the device path to confirm erasing it.")
    String confirm;

    @Option(names = "--samples", defaultValue = "512", description = "Test blocks to write (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--speed-mib", defaultValue = "64", description = "MiB written and read for the speed test;"
            + " 0 skips it (default ${DEFAULT-VALUE}).")
    int speedMiB;

    @Option(names = "--allow-file", hidden = true, description = "Allow a regular file (for testing).")
    boolean allowFile;

    @Override
    public Integer call() throws IOException {
        Path p = Path.of(device);
        if (!Files.exists(p)) {
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, device + " does not exist.",
                    "List cards with 'lsblk' (Linux) or 'diskutil list' (macOS).");
        }
        if (Files.isRegularFile(p) && !allowFile) {
            throw new PreflightException(ErrorCode.USAGE, device + " is a file, not a card.",
                    "The probe is for cards (block devices) about to be flashed.");
        }
        if (MountTable.isSystemDisk(device)) {
            throw new PreflightException(ErrorCode.USAGE, device + " holds the running system; refusing to erase it.",
                    "Pick the card's device (lsblk shows it with its size and TRAN=usb or mmc).");
        }
        String mounted = MountTable.mountPointOf(device);
        if (mounted != null) {
            throw new PreflightException(ErrorCode.USAGE, device + " is mounted at " + mounted + "; refusing to erase it.",
                    "Unmount it first (e.g. 'udisksctl unmount -b " + device + "1').");
        }
        if (!device.equals(confirm)) {
            throw new PreflightException(ErrorCode.USAGE, "The probe erases everything on " + device
                    + "; confirm by repeating the device path: --confirm " + device, null);
        }
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = Files.isRegularFile(p) ? ch.size() : ch.size() > 0 ? ch.size() : sizeFromSysfs(p);
            if (size <= 0) {
                throw new PreflightException(ErrorCode.UNREADABLE_INPUT, "The size of " + device + " is unknown.",
                        "Check that the card is inserted.");
            }
            CancellationToken cancel = new CancellationToken();
            ProgressListener progress = ConsoleProgress.onTerminal(err(), false);
            // every read-back goes to the card itself (O_DIRECT): the first handle's page cache still holds
            // what was just written and would answer for a card that dropped it
            boolean[] direct = {true};
            CapacityProbe.Result r;
            try (CtrlC interrupt = CtrlC.cancels(cancel)) {
                r = new CapacityProbe(new SecureRandom().nextLong(), samples, (long) speedMiB << 20)
                        .run(Disk.of(ch, size), () -> {
                            MediumReader medium = MediumReader.open(p, size);
                            direct[0] &= medium.direct();
                            return Disk.of(FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE),
                                    medium);
                        }, size, progress, cancel);
            }
            ConsoleProgress.clear(progress);
            PrintWriter out = out();
            out.printf(Locale.ROOT, "Card       %s, claims %d MiB%n", device, size >> 20);
            out.printf(Locale.ROOT, "Capacity   %d of %d test blocks good; %s%n", r.good(), r.samples(),
                    r.fake() ? "usable about " + (r.usableBytes() >> 20) + " MiB" : "genuine");
            if (r.writeMBps() > 0) {
                out.printf(Locale.ROOT, "Speed      write %.1f MB/s, read %.1f MB/s (sequential, %d MiB)%n",
                        r.writeMBps(), r.readMBps(), speedMiB);
            }
            if (!direct[0]) {
                out.println("Note       this system would not read past its cache, so blocks were read back through"
                        + " it; a card that drops writes may look genuine. Rerun on Linux for a conclusive result.");
            }
            out.print(TextReport.findings(r.findings()));
            out.println("The card's previous contents are gone; flash it now.");
            out.flush();
            return r.findings().stream().anyMatch(f -> f.severity() == Severity.ERROR) ? 1 : 0;
        }
    }

    private static long sizeFromSysfs(Path p) {
        try {
            Path sys = Path.of("/sys/class/block", p.toRealPath().getFileName().toString(), "size");
            return Long.parseLong(Files.readString(sys).strip()) * 512;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

}
