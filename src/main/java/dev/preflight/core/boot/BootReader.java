package dev.preflight.core.boot;

import dev.preflight.core.fat.BootFileSystem;
import dev.preflight.core.fat.FolderBootFileSystem;
import dev.preflight.core.image.ImageOpener;
import dev.preflight.core.image.OpenedInput;
import dev.preflight.core.image.SourceFailures;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import java.io.Closeable;
import java.io.IOException;

/** A boot partition opened read-only (compressed images too), for reading files; never locks or writes. */
public final class BootReader implements Closeable {
    private final OpenedInput in;
    private final BootFileSystem fs;
    private final String where;

    private BootReader(OpenedInput in, BootFileSystem fs, String where) {
        this.in = in;
        this.fs = fs;
        this.where = where;
    }

    public static BootReader open(String input, CancellationToken cancel) {
        OpenedInput in = ImageOpener.open(input, cancel);
        try {
            if (in.folder() != null) {
                return new BootReader(in, new FolderBootFileSystem(in.folder()), "folder " + input);
            }
            BootLocation boot = BootLocation.find(in.bytes(), cancel);
            if (boot == null) {
                throw new PreflightException(ErrorCode.UNREADABLE_INPUT, "No readable boot partition was found on "
                        + input + ".", "Run 'preflight inspect " + input + "' to see why.");
            }
            return new BootReader(in, boot.volume(), "partition " + boot.partition().number() + " ("
                    + boot.volume().label() + ") of " + input);
        } catch (IOException | RuntimeException e) {
            try {
                in.close();
            } catch (IOException ignored) {
                // reporting the first problem
            }
            if (e instanceof PreflightException) {
                throw (PreflightException) e;
            }
            SourceFailures.rethrowIfFatal(e);
            throw new PreflightException(ErrorCode.INCOMPLETE, "Reading the boot partition of " + input + " failed: "
                    + e.getMessage(), "Run 'preflight inspect " + input + "' to see why.", e);
        }
    }

    public byte[] read(String file) throws IOException {
        return fs.read(file, 16 << 20);
    }

    /** "partition 1 (resin-boot) of card.img", for messages. */
    public String where() {
        return where;
    }

    public BootFileSystem files() {
        return fs;
    }

    @Override
    public void close() throws IOException {
        fs.close();
        in.close();
    }
}
