package dev.preflight.core.edit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.boot.BootReader;
import dev.preflight.core.boot.DeviceTypeJson;
import dev.preflight.core.configjson.ConfigJsonDocument;
import dev.preflight.core.configjson.ConfigJsonValidator;
import dev.preflight.core.configjson.FatrwBackups;
import dev.preflight.core.fat.BootFileSystem;
import dev.preflight.core.inspect.InspectOptions;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.inspect.InspectionService;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.report.Severity;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Reading and safely changing a card's config.json: parse, change, validate, back up, write with the
 * write protocol, read back. A result that fails validation is never written.
 */
public final class ConfigService {
    public static final String FILE = "config.json";
    private final Editing editing;

    public ConfigService(Editing editing) {
        this.editing = editing;
    }

    /** Backups in {@code backups}, writes not recorded in a log (tests, tools). */
    public ConfigService(BackupStore backups) {
        this(new Editing(backups, EditLog.NONE));
    }

    /**
     * What a write did. {@code written} is false when config.json already held these bytes (nothing was
     * written or recorded); {@code notes} are for the user (e.g. the log could not be written).
     */
    public record EditResult(String where, String editedPath, byte[] before, byte[] after, List<Finding> warnings,
                             boolean written, List<String> notes) {
    }

    /** The parsed config.json of an image, card or folder (compressed images too); read-only. */
    public ConfigJsonDocument read(String input, CancellationToken cancel) {
        try (BootReader ro = BootReader.open(input, cancel)) {
            byte[] bytes = ro.read(FILE);
            if (bytes == null) {
                throw new PreflightException(ErrorCode.UNREADABLE_INPUT, "There is no config.json on " + ro.where() + ".",
                        "Add one with 'preflight config inject " + input + " FILE'.");
            }
            return parse(bytes, ro.where());
        } catch (IOException e) {
            throw ReadFailed.of("config.json", input, e);
        }
    }

    private static ConfigJsonDocument parse(byte[] bytes, String where) {
        try {
            return ConfigJsonDocument.parse(bytes);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String why = e instanceof JsonProcessingException ? ((JsonProcessingException) e).getOriginalMessage()
                    : e.getMessage();
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, "config.json on " + where + " is not valid JSON ("
                    + why + ").", "Replace it with 'preflight config inject PATH FILE'.");
        }
    }

    public EditResult set(String input, Path output, String key, JsonNode value, CancellationToken cancel) {
        return edit(input, output, cancel, List.of("config.json: set " + key), doc -> {
            doc.set(key, value);
            return doc;
        });
    }

    public EditResult unset(String input, Path output, String key, CancellationToken cancel) {
        return edit(input, output, cancel, List.of("config.json: unset " + key), doc -> {
            if (!doc.unset(key)) {
                throw new PreflightException(ErrorCode.USAGE, key + " is not set in config.json.", "Nothing was written.");
            }
            return doc;
        });
    }

    /** Replaces config.json with {@code content} (validated first; written byte for byte). */
    public EditResult inject(String input, Path output, byte[] content, CancellationToken cancel) {
        return inject(input, output, content, List.of("config.json: replaced"), cancel);
    }

    /** As {@link #inject(String, Path, byte[], CancellationToken)}, recorded in the log as {@code changes}. */
    public EditResult inject(String input, Path output, byte[] content, List<String> change, CancellationToken cancel) {
        parse(content, "the file to inject");
        return write(input, output, cancel, change, (before, where) -> content);
    }

    /**
     * The desktop editor's save: as {@link #inject(String, Path, byte[], List, CancellationToken)}, but only
     * while config.json on the card still holds {@code opened}, the content (as JSON) the editor loaded;
     * otherwise nothing is written (another program's change since then would be lost).
     */
    public EditResult replaceOpened(String input, Path output, JsonNode opened, byte[] content, List<String> change,
                                    CancellationToken cancel) {
        parse(content, "the file to inject");
        return write(input, output, cancel, change, (before, where) -> {
            OpenedVersion.require(before != null && parse(before, where).root().equals(opened), FILE, where);
            return content;
        });
    }

    /** Changes the parsed config.json and writes it back in its own layout. */
    private EditResult edit(String input, Path output, CancellationToken cancel, List<String> description,
                            UnaryOperator<ConfigJsonDocument> change) {
        return write(input, output, cancel, description, (before, where) -> {
            if (before == null) {
                throw new PreflightException(ErrorCode.USAGE, "There is no config.json on " + where + ".",
                        "Use 'preflight config inject' to add a complete one.");
            }
            try {
                return change.apply(parse(before, where)).render();
            } catch (IllegalArgumentException e) {
                throw new PreflightException(ErrorCode.USAGE, e.getMessage() + ".", "Nothing was written.");
            }
        });
    }

    /** The new content of config.json, from the current one (null when there is none). */
    private interface Change {
        byte[] apply(byte[] before, String where);
    }

    private EditResult write(String input, Path output, CancellationToken cancel, List<String> description,
                             Change change) {
        try (EditSession session = EditSession.open(input, output, editing, cancel)) {
            String deviceType;
            try (BootFileSystem fs = session.files()) {
                List<Finding> leftovers = FatrwBackups.leftovers(fs, session.where());
                if (!leftovers.isEmpty()) {
                    throw new RefusedException("A fatrw backup of config.json is on " + session.where()
                            + "; balenaOS would restore it at boot and undo this edit.", leftovers);
                }
                deviceType = DeviceTypeJson.slug(fs.read("device-type.json", 1 << 20));
            }
            byte[] before = session.read(FILE);
            byte[] after = change.apply(before, session.where());
            List<Finding> findings = new ConfigJsonValidator().validate(parse(after, session.where()).root(),
                    new ConfigJsonValidator.Context(session.where() + ":/config.json", deviceType));
            List<Finding> errors = findings.stream().filter(f -> f.severity() == Severity.ERROR)
                    .collect(Collectors.toList());
            if (!errors.isEmpty()) {
                throw new RefusedException("The new config.json would not be valid, so it was not written to "
                        + session.where() + ".", errors);
            }
            boolean written = session.write(FILE, after, description);
            return new EditResult(session.where(), session.path(), before, after, warnings(findings), written,
                    session.notes());
        } catch (EditException | IOException e) {
            throw WriteFailed.of("config.json", input, e, "preflight inspect " + input);
        }
    }

    private static List<Finding> warnings(List<Finding> findings) {
        return findings.stream().filter(f -> f.severity() == Severity.WARNING).collect(Collectors.toList());
    }

    /** Validation findings of a card/image/folder, or of a standalone config.json file. */
    public List<Finding> validate(String input, CancellationToken cancel) {
        Path p = Path.of(input);
        if (Files.isRegularFile(p) && looksLikeJson(p)) {
            ConfigJsonDocument doc = parse(InputFile.read(p, "Check the path and permissions."), input);
            return new ConfigJsonValidator().validate(doc.root(), new ConfigJsonValidator.Context(input, null));
        }
        InspectionReport r = new InspectionService().inspect(input, InspectOptions.defaults(), ProgressListener.NONE,
                cancel);
        InspectionReport.Config c = r.config();
        if (c == null || c.present() && c.sizeBytes() == null) {
            // the inspection could not read config.json: read it as 'config get' does, which says why or checks it
            return new ConfigJsonValidator().validate(read(input, cancel).root(), new ConfigJsonValidator.Context(input,
                    null));
        }
        return r.findings().stream().filter(f -> f.code().name().startsWith("CONFIG_JSON")
                || f.code() == FindingCode.PERSISTENT_LOGGING_ON_FLASH || f.code() == FindingCode.DEVELOPMENT_MODE_ENABLED
                || f.code() == FindingCode.FATRW_BACKUP_LEFTOVER).collect(Collectors.toList());
    }

    private static boolean looksLikeJson(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            int c;
            do {
                c = in.read();
            } while (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0xEF || c == 0xBB || c == 0xBF);
            return c == '{' || c == '[';
        } catch (IOException e) {
            return false;
        }
    }
}
