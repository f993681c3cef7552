package dev.preflight.core.edit;

import dev.preflight.core.boot.BootReader;
import dev.preflight.core.boot.DeviceTypeJson;
import dev.preflight.core.configtxt.ConfigTxt;
import dev.preflight.core.configtxt.ConfigTxtChecker;
import dev.preflight.core.configtxt.ConfigTxtFixes;
import dev.preflight.core.fat.BootFileSystem;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.report.Severity;
import dev.preflight.core.task.CancellationToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Reading, checking and safely changing config.txt: an edit touches only its own line, is checked
 * against the boot partition's files and the device type, backed up, written with the write
 * protocol and read back. New errors block the write; errors that were already there do not.
 */
public final class ConfigTxtService {
    public static final String FILE = "config.txt";
    private final Editing editing;

    public ConfigTxtService(Editing editing) {
        this.editing = editing;
    }

    /** Backups in {@code backups}, writes not recorded in a log (tests, tools). */
    public ConfigTxtService(BackupStore backups) {
        this(new Editing(backups, EditLog.NONE));
    }

    /** What a write did; {@code notes} are for the user (e.g. the log could not be written). */
    public record EditResult(String where, byte[] before, byte[] after, List<Finding> findings, List<String> notes) {
    }

    /** The bytes of config.txt on {@code ro}; a boot partition without one is unreadable input. */
    private static byte[] configTxt(BootReader ro) throws IOException {
        byte[] b = ro.read(FILE);
        if (b == null) {
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, "There is no config.txt on " + ro.where() + ".",
                    "This is not a Raspberry Pi boot partition, or its config.txt was removed.");
        }
        return b;
    }

    public ConfigTxt read(String input, CancellationToken cancel) {
        try (BootReader ro = BootReader.open(input, cancel)) {
            byte[] b = configTxt(ro);
            return ConfigTxt.parse(b);
        } catch (IOException e) {
            throw ReadFailed.of("config.txt", input, e);
        }
    }

    /** Findings for a card/image/folder's config.txt, or a standalone config.txt file. */
    public List<Finding> validate(String input, String deviceType, CancellationToken cancel) {
        Path p = Path.of(input);
        if (Files.isRegularFile(p) && p.getFileName().toString().toLowerCase().endsWith(".txt")) {
            byte[] b = InputFile.read(p, "Check the path.");
            return new ConfigTxtChecker(ConfigTxt.parse(b), new ConfigTxtChecker.Context(input, null, deviceType))
                    .check(b.length);
        }
        try (BootReader ro = BootReader.open(input, cancel)) {
            byte[] b = configTxt(ro);
            return check(b, ro.files(), ro.where(), deviceType != null ? deviceType : slug(ro.read("device-type.json")));
        } catch (IOException e) {
            throw ReadFailed.of("config.txt", input, e);
        }
    }

    private static List<Finding> check(byte[] b, BootFileSystem fs, String where, String deviceType) {
        Set<String> files = new HashSet<>();
        fs.files().forEach(f -> files.add(f.path()));
        return new ConfigTxtChecker(ConfigTxt.parse(b), new ConfigTxtChecker.Context(where + ":/config.txt", files,
                deviceType)).check(b.length);
    }

    static String slug(byte[] deviceTypeJson) {
        return DeviceTypeJson.slug(deviceTypeJson);
    }

    public EditResult set(String input, Path output, String key, String value, String section, CancellationToken c) {
        return edit(input, output, c, "config.txt: set " + key + sectionWord(section), parsed(t -> t.set(key, value,
                section)));
    }

    public EditResult unset(String input, Path output, String key, String section, CancellationToken c) {
        return edit(input, output, c, "config.txt: unset " + key + sectionWord(section), parsed(t -> {
            if (t.unset(key, section) == 0) {
                throw new PreflightException(ErrorCode.USAGE, key + " is not set in config.txt"
                        + (section == null ? "" : " [" + section + "]") + ".", "Nothing was written.");
            }
        }));
    }

    /** Replaces the whole file (the GUI editor's save); refused like any edit when it adds an error. */
    public EditResult replace(String input, Path output, byte[] content, String change, CancellationToken c) {
        return edit(input, output, c, change, before -> content.clone());
    }

    /**
     * The desktop editor's save: as {@link #replace}, but only while config.txt on the card still holds
     * {@code opened}, the bytes the editor loaded; otherwise nothing is written (another program's change
     * since then would be lost).
     */
    public EditResult replaceOpened(String input, Path output, byte[] opened, byte[] content, String change,
                                    CancellationToken c) {
        return edit(input, output, c, change, before -> {
            OpenedVersion.require(Arrays.equals(before, opened), FILE, input);
            return content.clone();
        });
    }

    /** Applies every safe quick fix ({@link ConfigTxtFixes}); the result says what changed. */
    public EditResult fix(String input, Path output, CancellationToken c) {
        return edit(input, output, c, "config.txt: quick fixes", before -> {
            Snapshot s = snapshotOf(before, input, c);
            return ConfigTxtFixes.applyAll(before, check(before, s));
        });
    }

    private static String sectionWord(String section) {
        return section == null ? "" : " [" + section + "]";
    }

    /** What the editor needs to check config.txt as the card would: its bytes, the boot files, the device type. */
    public record Snapshot(String where, byte[] content, Set<String> files, String deviceType) {
    }

    public Snapshot snapshot(String input, CancellationToken cancel) {
        try (BootReader ro = BootReader.open(input, cancel)) {
            byte[] b = configTxt(ro);
            Set<String> files = new HashSet<>();
            ro.files().files().forEach(f -> files.add(f.path()));
            return new Snapshot(ro.where(), b, Set.copyOf(files), slug(ro.read("device-type.json")));
        } catch (IOException e) {
            throw ReadFailed.of("config.txt", input, e);
        }
    }

    private Snapshot snapshotOf(byte[] content, String input, CancellationToken c) {
        Snapshot s = snapshot(input, c);
        return new Snapshot(s.where(), content, s.files(), s.deviceType());
    }

    /** Findings for {@code content} as if it were the config.txt of the snapshot's card. */
    public static List<Finding> check(byte[] content, Snapshot s) {
        return new ConfigTxtChecker(ConfigTxt.parse(content), new ConfigTxtChecker.Context(s.where() + ":/config.txt",
                s.files(), s.deviceType())).check(content.length);
    }

    private static UnaryOperator<byte[]> parsed(Consumer<ConfigTxt> change) {
        return before -> {
            ConfigTxt txt = ConfigTxt.parse(before);
            change.accept(txt);
            return txt.render();
        };
    }

    private EditResult edit(String input, Path output, CancellationToken cancel, String description,
                            UnaryOperator<byte[]> change) {
        try (EditSession session = EditSession.open(input, output, editing, cancel)) {
            byte[] before = session.read(FILE);
            if (before == null) {
                throw new PreflightException(ErrorCode.USAGE, "There is no config.txt on " + session.where() + ".",
                        "This is not a Raspberry Pi boot partition.");
            }
            byte[] after;
            try {
                after = change.apply(before);
            } catch (IllegalArgumentException e) {
                throw new PreflightException(ErrorCode.USAGE, e.getMessage() + ".", "Nothing was written.");
            }
            List<Finding> now;
            List<Finding> was;
            try (BootFileSystem fs = session.files()) {
                String deviceType = slug(fs.read("device-type.json", 1 << 20));
                was = check(before, fs, session.where(), deviceType);
                now = check(after, fs, session.where(), deviceType);
            }
            List<Finding> fresh = newErrors(was, now);
            if (!fresh.isEmpty()) {
                throw new RefusedException("The change would break config.txt, so it was not written to "
                        + session.where() + ".", fresh);
            }
            session.write(FILE, after, List.of(description));
            return new EditResult(session.where(), before, after, now, session.notes());
        } catch (EditException | IOException e) {
            throw WriteFailed.of("config.txt", input, e, "preflight inspect " + input);
        }
    }

    /**
     * The errors in {@code now} that {@code was} did not have, recognised by what they are about rather than
     * by their line (a comment added above an old error moves it, and it is still the old error); an error
     * that now occurs more often than before counts as new.
     */
    public static List<Finding> newErrors(List<Finding> was, List<Finding> now) {
        Map<String, Integer> old = new HashMap<>();
        for (Finding f : was) {
            if (f.severity() == Severity.ERROR) {
                old.merge(f.identity(), 1, Integer::sum);
            }
        }
        List<Finding> fresh = new ArrayList<>();
        for (Finding f : now) {
            if (f.severity() == Severity.ERROR && old.merge(f.identity(), -1, Integer::sum) < 0) {
                fresh.add(f);
            }
        }
        return fresh;
    }
}
