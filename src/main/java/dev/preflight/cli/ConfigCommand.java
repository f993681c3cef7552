package dev.preflight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.configjson.ConfigJsonDocument;
import dev.preflight.core.edit.ConfigService;
import dev.preflight.core.edit.InputFile;
import dev.preflight.core.edit.RefusedException;
import dev.preflight.core.provision.EditJournal;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.secret.JsonMasking;
import dev.preflight.core.task.CancellationToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code preflight config get|set|unset|inject|validate}: read and safely change config.json. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {ConfigCommand.SUMMARY,
                "Writes are validated first, backed up in your data folder, written with the write protocol and"
                        + " read back; 'preflight undo PATH' restores the previous version.",
                "Secrets (apiKey, deviceApiKey, deviceApiKeys, wifiKey, any key named like a key, password or"
                        + " token at any depth, passwords in the legacy 'files') are masked unless --show-secrets."},
        subcommands = {ConfigCommand.Get.class, ConfigCommand.Set.class, ConfigCommand.Unset.class,
                ConfigCommand.Inject.class, ConfigCommand.Validate.class})
final class ConfigCommand extends CommandGroup {
    /** The description's first line: the command's line in the root's help. */
    static final String SUMMARY = "Read and safely change config.json on a card, image or mounted boot partition.";

    static ConfigService service() {
        return new ConfigService(EditJournal.forUser());
    }

    private static int report(CliCommand c, ConfigService.EditResult r, String what, boolean showSecrets) {
        EditOutput.notes(c.err(), r.notes());
        return EditOutput.changed(c.out(), ConfigService.FILE, what, r.where(), r.before(),
                r.after(), showSecrets, r.warnings());
    }

    /** Runs an edit and prints what changed, or why it was refused (exit 1, nothing written). */
    static int edit(CliCommand c, String what, boolean showSecrets,
                    Supplier<ConfigService.EditResult> edit) {
        try {
            return report(c, edit.get(), what, showSecrets);
        } catch (RefusedException e) {
            return EditOutput.refused(c.err(), e);
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Print config.json (secrets masked), or the value of one KEY (dotted, e.g. os.sshKeys).")
    static final class Get extends CliCommand {
        @Parameters(index = "0", paramLabel = "PATH", description = "Image (raw or compressed), card or boot folder.")
        String path;

        @Parameters(index = "1", paramLabel = "KEY", arity = "0..1", description = "Dotted key; omit for the whole file.")
        String key;

        @Option(names = "--show-secrets", description = "Show secret values.")
        boolean showSecrets;

        @Override
        public Integer call() throws IOException {
            ConfigJsonDocument doc = service().read(path, new CancellationToken());
            PrintWriter out = out();
            if (key == null) {
                JsonNode root = showSecrets ? doc.root() : JsonMasking.masked(doc.root());
                out.print(ConfigJsonDocument.pretty(root));
                out.flush();
                return 0;
            }
            JsonNode v;
            try {
                v = doc.get(key);
            } catch (IllegalArgumentException e) {
                throw new PreflightException(ErrorCode.USAGE, e.getMessage() + ".", null);
            }
            if (v == null) {
                err().println("preflight: " + key + " is not set in config.json of " + path + ".");
                err().flush();
                return 1;
            }
            JsonNode shown = showSecrets ? v : JsonMasking.maskedAt(key, v);
            out.print(shown.isTextual() ? shown.asText() + System.lineSeparator() : ConfigJsonDocument.pretty(shown));
            out.flush();
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Set KEY to VALUE. VALUE is parsed as JSON when it is valid JSON (true, 42, [\"a\"],"
                    + " {\"k\":1}), else taken as a string; --string forces a string.",
                    "Key order, unknown keys, value types and the file's layout are kept."})
    static final class Set extends CliCommand {
        @CommandLine.Mixin
        PathAndKey at;

        @Parameters(index = "2", paramLabel = "VALUE")
        String value;

        @Option(names = "--string", description = "Store VALUE as a string even if it looks like JSON.")
        boolean string;

        @CommandLine.Mixin
        WriteOptionsMixin w;

        @Override
        public Integer call() {
            return edit(this, "Updated", w.showSecrets, () -> service().set(at.path, w.write.output, at.key,
                    ConfigJsonDocument.parseValue(value, string), new CancellationToken()));
        }
    }

    @Command(name = "unset", mixinStandardHelpOptions = true, description = "Remove KEY from config.json.")
    static final class Unset extends CliCommand {
        @CommandLine.Mixin
        PathAndKey at;

        @CommandLine.Mixin
        WriteOptionsMixin w;

        @Override
        public Integer call() {
            return edit(this, "Updated", w.showSecrets, () -> service().unset(at.path, w.write.output, at.key,
                    new CancellationToken()));
        }
    }

    @Command(name = "inject", mixinStandardHelpOptions = true,
            description = "Replace config.json with FILE (validated first, written byte for byte).")
    static final class Inject extends CliCommand {
        @Parameters(index = "0", paramLabel = "PATH")
        String path;

        @Parameters(index = "1", paramLabel = "FILE")
        Path file;

        @CommandLine.Mixin
        WriteOptionsMixin w;

        @Override
        public Integer call() {
            byte[] content = InputFile.read(file, "Check the path of the config.json to inject.");
            return edit(this, "Injected", w.showSecrets, () -> service().inject(path, w.write.output, content,
                    List.of("config.json: injected " + file.getFileName()), new CancellationToken()));
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check the config.json of a card, image or folder, or a standalone config.json FILE.",
            footer = "Exit codes: 0 valid (warnings allowed), 1 errors found, 2 unreadable input.")
    static final class Validate extends CliCommand {
        @Parameters(index = "0", paramLabel = "PATH|FILE")
        String path;

        @Override
        public Integer call() {
            List<Finding> f = service().validate(path, new CancellationToken());
            return EditOutput.validated(out(), f, "config.json is valid.", "config.json is NOT valid.");
        }
    }

    /** --output and --show-secrets for the writing commands. */
    static final class WriteOptionsMixin {
        @CommandLine.Mixin
        WriteOptions write;

        @Option(names = "--show-secrets", description = "Show secret values in the printed diff.")
        boolean showSecrets;
    }
}
