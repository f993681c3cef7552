package dev.preflight.core.edit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.core.boot.DeviceTypeJson;
import dev.preflight.core.fat.BootFileSystem;
import dev.preflight.core.image.ImageOpener;
import dev.preflight.core.image.OpenedInput;
import dev.preflight.core.image.SourceKind;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One edit of one card, the only way Preflight writes to a boot partition (decision 0014). Opening a
 * session opens the card once, takes its {@link CardLock}, and refuses a card that an edit could make
 * worse (partition overlap or out of range, FAT chains that loop, leave the volume or are cross-linked,
 * a recorded hard error) before a byte is written; FAT copies an interrupted write left differing are made
 * equal to the first before the first change. Each {@link #write} or
 * {@link #delete} then backs the old file up (keyed by {@link CardIdentity}), writes with the ordered
 * protocol ({@link FatWriter}, or {@link FolderWriter} for a mounted folder), reads the file back from
 * the medium (bypassing the page cache on cards) and records the change in the provisioning log
 * through the same open handle, only when bytes changed.
 */
public final class EditSession implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String path;
    private final SourceKind kind;
    private final String where;
    private final BootTarget target;
    private final CardIdentity identity;
    private final Editing editing;
    private final CardLock lock;
    private final List<String> notes = new ArrayList<>();
    private Path createdOutput;
    private Path replacedOutput; // the file that was at --output before the copy, moved aside until the edit is done
    private boolean completed;

    /** Package-private for tests that stand a target of their own in for the card. */
    EditSession(String path, SourceKind kind, String where, BootTarget target, CardIdentity identity,
                        Editing editing, CardLock lock) {
        this.path = path;
        this.kind = kind;
        this.where = where;
        this.target = target;
        this.identity = identity;
        this.editing = editing;
        this.lock = lock;
    }

    /**
     * Opens {@code input} for editing. With {@code output} set, {@code input} (raw or compressed) is
     * first copied to {@code output} as a raw image, and the copy is edited.
     *
     * @throws PreflightException USAGE/UNREADABLE_INPUT (exit 2) when the card cannot or must not be
     *                            written, INCOMPLETE (exit 3) when another editor holds it
     */
    public static EditSession open(String input, Path output, Editing editing, CancellationToken cancel) {
        String source = input;
        SourceKind kind;
        try (OpenedInput in = ImageOpener.open(input, cancel)) {
            kind = in.kind();
        } catch (IOException e) {
            throw new PreflightException(ErrorCode.INCOMPLETE, "Reading " + input + " failed: " + e.getMessage(),
                    "Check that the card is still inserted.", e);
        }
        if (output != null) {
            if (sameFile(input, output)) { // the copy would replace the input, and a refused edit would delete it
                throw new PreflightException(ErrorCode.USAGE, "--output " + output + " is " + input + " itself;"
                        + " the copy would replace it.", "Name a new file for --output (without --output, a raw image"
                        + " or card is edited in place).");
            }
            if (kind == SourceKind.FOLDER) {
                throw new PreflightException(ErrorCode.USAGE, "--output needs an image or card, not a folder.",
                        "Edit the folder directly.");
            }
            Path aside;
            try (CardLock copying = CardLock.acquire(Path.of(input), input)) { // no editor changes it mid-copy
                aside = RawCopy.write(input, output, cancel);
            }
            source = output.toString();
            kind = SourceKind.IMAGE;
            try {
                EditSession s = openRaw(source, kind, editing, cancel);
                s.createdOutput = output;
                s.replacedOutput = aside;
                return s;
            } catch (RuntimeException e) {
                RawCopy.putBack(output, aside); // a refused edit leaves no half-made copy, and what was there before
                throw e;
            }
        } else if (kind == SourceKind.COMPRESSED_IMAGE) {
            throw new PreflightException(ErrorCode.USAGE, input + " is compressed and is never edited in place.",
                    "Add --output NEW.img to write an edited raw copy.");
        }
        if (kind == SourceKind.FOLDER) {
            Path dir = Path.of(source);
            CardLock lock = CardLock.acquire(dir, "the folder " + source);
            String real;
            try {
                real = dir.toRealPath().toString();
            } catch (IOException e) {
                real = dir.toAbsolutePath().normalize().toString();
            }
            return new EditSession(source, kind, "folder " + source, BootTarget.folder(dir),
                    new CardIdentity("folder", null, null, null, null, real), editing, lock);
        }
        return openRaw(source, kind, editing, cancel);
    }

    /** Whether {@code output} exists and is {@code input} (the same file by any name or link). */
    private static boolean sameFile(String input, Path output) {
        try {
            return Files.exists(output) && Files.isSameFile(Path.of(input), output);
        } catch (IOException | RuntimeException e) {
            return false; // an input that cannot be compared is not a file the copy would replace
        }
    }

    private static EditSession openRaw(String source, SourceKind kind, Editing editing, CancellationToken cancel) {
        FatTarget.Opened o = FatTarget.open(source, kind, cancel);
        EditSession s = new EditSession(source, kind, o.where(), o.target(), o.identity(), editing, o.lock());
        if (o.note() != null) {
            s.notes.add(o.note());
        }
        return s;
    }

    /** The path actually edited (the --output copy when one was asked for). */
    public String path() {
        return path;
    }

    public SourceKind kind() {
        return kind;
    }

    /** "partition 1 (resin-boot) of /dev/sdb", for messages that name the card being written. */
    public String where() {
        return where;
    }

    /** Which card this is, for backups. */
    public CardIdentity identity() {
        return identity;
    }

    /** Notes for the user after the edit (e.g. the log could not be written); empty when all went well. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** The current content of {@code file} read from the medium, or null when it does not exist. */
    public byte[] read(String file) throws IOException {
        return target.read(file);
    }

    /** A read-only view of the boot partition as it is on the medium now; the caller closes it. */
    public BootFileSystem files() throws IOException {
        return target.files();
    }

    /** The device type slug from device-type.json, or null. */
    public String deviceType() throws IOException {
        try (BootFileSystem fs = files()) {
            return DeviceTypeJson.slug(fs.read("device-type.json", 1 << 20));
        }
    }

    /**
     * Writes {@code content} to {@code file} (creating it if needed) and records {@code changes} in the log.
     * Does nothing and returns false when the file already holds exactly these bytes.
     */
    public boolean write(String file, byte[] content, List<String> changes) throws IOException, EditException {
        return apply(file, content, changes, true);
    }

    /** Deletes {@code file} (backed up first) and records {@code changes}. Returns false when it was absent. */
    public boolean delete(String file, List<String> changes) throws IOException, EditException {
        return apply(file, null, changes, true);
    }

    /** As {@link #write}/{@link #delete} ({@code content} null), without a backup: used to restore one. */
    boolean restore(String file, byte[] content, List<String> changes) throws IOException, EditException {
        return apply(file, content, changes, false);
    }

    private boolean apply(String file, byte[] content, List<String> changes, boolean backup)
            throws IOException, EditException {
        if (content != null && content.length > BootTarget.MAX_FILE_BYTES) { // it could not be read back, nor undone
            throw new PreflightException(ErrorCode.USAGE, "The new " + file + " would be " + content.length + " bytes,"
                    + " more than the " + BootTarget.MAX_FILE_BYTES + " Preflight writes to a boot partition (and reads"
                    + " back); nothing was written to " + where + ".", "Check the file: a boot partition's config"
                    + " files are a few kilobytes.");
        }
        byte[] before = read(file);
        if (content == null ? before == null : Arrays.equals(before, content)) {
            completed = true;
            return false;
        }
        BackupStore.Backup saved = null;
        if (backup) {
            byte[] config = file.equalsIgnoreCase("config.json") ? content : read("config.json");
            try {
                saved = editing.backups().save(identity, path, file, before, content == null ? new byte[0] : content,
                        uuidOf(config));
            } catch (IOException e) { // the backup folder, not the card: said so, or it reads as a card problem
                throw new PreflightException(ErrorCode.INCOMPLETE, "Nothing was written to " + where + ": the backup"
                        + " of " + file + " could not be saved in " + editing.backups().folder() + " ("
                        + e.getMessage() + ").", "Make room in that folder (or check that it is writable), then try again.", e);
            }
        }
        String repaired;
        try {
            repaired = change(file, content, before);
        } catch (IOException | EditException | RuntimeException e) {
            forgetIfUnwritten(saved, file, before);
            throw e;
        }
        byte[] back = read(file);
        if (content == null ? back != null : !Arrays.equals(back, content)) {
            throw new EditException(beforeThat("after writing, " + file + " on " + where + " reads back differently"
                    + " from the card; the card may be failing. Check it with 'preflight inspect'", repaired));
        }
        List<String> recorded = changes;
        if (repaired != null) { // the log says what was written to the card, the repair included
            recorded = new ArrayList<>(changes);
            recorded.add("boot partition: FAT copies made equal to the first (an earlier write was interrupted)");
        }
        String problem = editing.log().record(target.disk(), path, kind, recorded);
        if (problem != null) {
            notes.add(problem);
        }
        completed = true;
        return true;
    }

    /**
     * Writes (or, {@code content} null, deletes) {@code file} through the target. Returns what was repaired on
     * the way (FAT copies made equal before the change), also added to the notes; null when nothing was.
     */
    private String change(String file, byte[] content, byte[] before) throws IOException, EditException {
        String repaired = null; // said in a note, or in the error
        try {
            if (content == null) {
                target.delete(file);
            } else {
                target.replace(file, content, before);
            }
        } catch (EditException e) {
            repaired = target.repaired();
            if (repaired == null) {
                throw e;
            }
            throw new EditException(beforeThat(e.getMessage(), repaired), e);
        } finally { // (an I/O error keeps its own type and message: callers tell a removed card by them)
            repaired = repaired != null ? repaired : target.repaired();
            if (repaired != null && createdOutput != null) {
                repaired += " (in the new copy " + createdOutput + "; the original was not written and its FAT"
                        + " copies still differ)";
            }
            if (repaired != null) {
                notes.add(repaired);
            }
        }
        return repaired;
    }

    /**
     * After a write that failed: when the card still holds {@code before}, the backup made for it records a
     * write that never happened, and is removed (it would be the newest, and 'undo' would refuse the real
     * ones behind it as "changed since"). When the card cannot be read or holds something else, it is kept.
     */
    private void forgetIfUnwritten(BackupStore.Backup saved, String file, byte[] before) {
        if (saved == null) {
            return;
        }
        try {
            byte[] now = read(file);
            if (before == null ? now == null : Arrays.equals(now, before)) {
                editing.backups().discard(saved);
            }
        } catch (IOException | RuntimeException ignored) {
            // the card could not be read: the backup stays, the write's own error is reported
        }
    }

    /** {@code message}, ended, and what was repaired on the way (null: nothing) in a second sentence. */
    private static String beforeThat(String message, String repaired) {
        String why = message == null ? "" : message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
        return repaired == null ? why + "." : why + ". Before that, " + repaired + ".";
    }

    /** The {@code uuid} of a config.json, or null. */
    public static String uuidOf(byte[] configJson) {
        if (configJson == null) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(configJson);
            return n != null && n.path("uuid").isTextual() ? n.path("uuid").asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Marks the session's work as done without a write (nothing needed changing). */
    public void done() {
        completed = true;
    }

    @Override
    public void close() throws IOException {
        try {
            target.close();
            if (createdOutput != null && !completed) {
                RawCopy.putBack(createdOutput, replacedOutput); // refused before writing: no copy that looks edited
            } else if (replacedOutput != null) {
                Files.deleteIfExists(replacedOutput);
            }
        } finally {
            lock.close();
        }
    }
}
