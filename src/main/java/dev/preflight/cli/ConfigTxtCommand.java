package dev.preflight.cli;

import dev.preflight.core.configtxt.ConfigTxt;
import dev.preflight.core.edit.ConfigTxtService;
import dev.preflight.core.edit.RefusedException;
import dev.preflight.core.provision.EditJournal;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.Severity;
import dev.preflight.core.task.CancellationToken;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code preflight configtxt get|set|unset|validate}: the Raspberry Pi config.txt, losslessly. */
@Command(name = "configtxt", mixinStandardHelpOptions = true,
        description = {ConfigTxtCommand.SUMMARY,
                "Comments, blank lines, order and [filter] sections are kept; an edit changes only its own line."},
        subcommands = {ConfigTxtCommand.Get.class, ConfigTxtCommand.Set.class, ConfigTxtCommand.Unset.class,
                ConfigTxtCommand.Validate.class, ConfigTxtCommand.Fix.class})
final class ConfigTxtCommand extends CommandGroup {
    /** The description's first line: the command's line in the root's help. */
    static final String SUMMARY = "Read, check and safely change a Raspberry Pi config.txt on a card, image or boot folder.";

    static ConfigTxtService service() {
        return new ConfigTxtService(EditJournal.forUser());
    }

    static final class SectionOption {
        @Option(names = "--section", paramLabel = "FILTER",
                description = "Conditional section without brackets, e.g. pi4, cm4, all (default: all).")
        String section;
    }

    static int report(PrintWriter out, ConfigTxtService.EditResult r) {
        return EditOutput.changed(out, "config.txt", "Updated", r.where(), r.before(), r.after(), false,
                r.findings().stream().filter(f -> f.severity() != Severity.INFO).toList());
    }

    /** Runs an edit (recorded in the log by the edit session when bytes changed), prints what changed. */
    static int apply(CliCommand c, Supplier<ConfigTxtService.EditResult> edit) {
        try {
            ConfigTxtService.EditResult r = edit.get();
            EditOutput.notes(c.err(), r.notes());
            return report(c.out(), r);
        } catch (RefusedException e) {
            return EditOutput.refused(c.err(), e);
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = {"Print config.txt, or the value in force for KEY (the last one in its section wins).",
                    "Without --section, values from every section are shown, prefixed with [section] outside [all]."})
    static final class Get extends CliCommand {
        @Parameters(index = "0", paramLabel = "PATH")
        String path;

        @Parameters(index = "1", paramLabel = "KEY", arity = "0..1")
        String key;

        @CommandLine.Mixin
        SectionOption s;

        @Override
        public Integer call() {
            ConfigTxt t = service().read(path, new CancellationToken());
            PrintWriter out = out();
            if (key == null) {
                out.print(new String(t.render(), StandardCharsets.ISO_8859_1));
                out.flush();
                return 0;
            }
            List<ConfigTxt.Line> lines = t.settings(key, s.section);
            if (lines.isEmpty()) {
                err().println("preflight: " + key + " is not set in config.txt"
                        + (s.section == null ? "" : " [" + s.section + "]") + " of " + path + ".");
                err().flush();
                return 1;
            }
            boolean severalSections = lines.stream().map(ConfigTxt.Line::section).distinct().count() > 1;
            boolean repeats = key.equals("dtoverlay") || key.equals("dtparam") || key.equals("gpio");
            for (int i = 0; i < lines.size(); i++) {
                ConfigTxt.Line l = lines.get(i);
                boolean lastInSection = i + 1 == lines.size() || !lines.get(i + 1).section().equals(l.section());
                if (repeats || lastInSection) {
                    out.println((severalSections || s.section == null && !l.section().equals("all")
                            ? "[" + l.section() + "] " : "") + l.value());
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Set KEY=VALUE: the last line for KEY in the section is changed in place, else the line is"
                    + " appended (under a [section] header if needed).",
                    "Refused when it would add an error (missing overlay or file, bad value, dangerous setting)."})
    static final class Set extends CliCommand {
        @CommandLine.Mixin
        PathAndKey at;

        @Parameters(index = "2", paramLabel = "VALUE")
        String value;

        @CommandLine.Mixin
        SectionOption s;

        @CommandLine.Mixin
        WriteOptions o;

        @Override
        public Integer call() {
            return apply(this, () -> service().set(at.path, o.output, at.key, value, s.section,
                    new CancellationToken()));
        }
    }

    @Command(name = "unset", mixinStandardHelpOptions = true, description = "Remove every KEY line in the section.")
    static final class Unset extends CliCommand {
        @CommandLine.Mixin
        PathAndKey at;

        @CommandLine.Mixin
        SectionOption s;

        @CommandLine.Mixin
        WriteOptions o;

        @Override
        public Integer call() {
            return apply(this, () -> service().unset(at.path, o.output, at.key, s.section, new CancellationToken()));
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check config.txt on a card, image or folder, or a standalone .txt file.",
            footer = "Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 unreadable input.")
    static final class Validate extends CliCommand {
        @Parameters(index = "0", paramLabel = "PATH|FILE")
        String path;

        @Option(names = "--device-type", paramLabel = "SLUG",
                description = "Device type to check against (default: the image's device-type.json).")
        String deviceType;

        @Override
        public Integer call() {
            List<Finding> f = service().validate(path, deviceType, new CancellationToken());
            return EditOutput.validated(out(), f, "config.txt has no errors.", "config.txt has errors.");
        }
    }

    @Command(name = "fix", mixinStandardHelpOptions = true,
            description = {"Apply the safe quick fixes: comment out lines the firmware ignores or overrides (missing"
                    + " overlay, unknown key, no effect on this model, the earlier of two settings), convert CRLF to"
                    + " LF, close an open section with [all].",
                    "Lines are commented out, never deleted; the diff is shown and a backup kept ('preflight undo')."})
    static final class Fix extends CliCommand {
        @Parameters(index = "0", paramLabel = "PATH")
        String path;

        @CommandLine.Mixin
        WriteOptions o;

        @Override
        public Integer call() {
            return apply(this, () -> service().fix(path, o.output, new CancellationToken()));
        }
    }
}
