package dev.preflight.core.configtxt;

import dev.preflight.core.configtxt.ConfigTxt.Kind;
import dev.preflight.core.configtxt.ConfigTxt.Line;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Locus;
import dev.preflight.core.report.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a config.txt against the key catalogue, the files on its boot partition and the card's
 * device type (configtxt-and-wear-facts Part A: A1 syntax, A2.8 applicability, A2.9 dangers).
 */
public final class ConfigTxtChecker {
    public static final int MAX_LINE = 98;
    private static final Locus FILE = Locus.file("config.txt");
    /** The subject of the CRLF finding (its quick fix converts the file). */
    static final String LINE_ENDINGS = "line endings";
    static final int WARN_SIZE = 16 * 1024;
    static final int PI5_MAX_SIZE = 32 * 1024;

    /**
     * @param location   for messages, e.g. "partition 1 (resin-boot):/config.txt"
     * @param files      paths of every file on the boot partition (for overlays and named files), or
     *                   null when unknown (standalone file)
     * @param deviceType balena device-type slug, or null
     */
    public record Context(String location, Set<String> files, String deviceType) {
    }

    private final ConfigTxt txt;
    private final Context ctx;
    private final Set<String> lowerFiles;
    private final PiModel pi;
    private final String model;

    public ConfigTxtChecker(ConfigTxt txt, Context ctx) {
        this.txt = txt;
        this.ctx = ctx;
        this.lowerFiles = ctx.files() == null ? null
                : ctx.files().stream().map(f -> f.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.pi = PiModel.of(ctx.deviceType());
        this.model = pi == null ? null : pi.name();
    }

    public static boolean isRaspberryPi(String slug) {
        return PiModel.of(slug) != null;
    }

    /** pi5, pi4, pi3, pi2, pi1, pi0 or null, from a balena device-type slug. */
    static String model(String slug) {
        PiModel m = PiModel.of(slug);
        return m == null ? null : m.name();
    }

    /** The findings for this config.txt; a fresh list on every call (the checker keeps no state). */
    public List<Finding> check(int sizeBytes) {
        return new Pass().run(sizeBytes);
    }

    /** One run of the checks, collecting into its own list. */
    private final class Pass {
        private final List<Finding> out = new ArrayList<>();
        private final BoardRules board = new BoardRules(txt.lines(), pi, ctx.deviceType(), lowerFiles, this::addAs);

        List<Finding> run(int sizeBytes) {
            size(sizeBytes);
            Map<String, Line> seen = new HashMap<>();
            boolean crlf = false;
            String overlay = null;
            for (Line l : txt.lines()) {
                crlf |= l.newline().equals("\r\n");
                if (l.text().length() > MAX_LINE) {
                    add(FindingCode.CONFIG_TXT_LINE_TOO_LONG, l, "Line " + l.number() + " is " + l.text().length()
                            + " characters long; the firmware reads at most " + MAX_LINE + " and may act on the rest as a"
                            + " new setting, even inside a comment.", "Shorten it, e.g. split dtparam values over"
                            + " several lines.");
                }
                if (l.kind() == Kind.MALFORMED) {
                    // the line itself is not quoted: syntax messages never echo the input
                    add(FindingCode.CONFIG_TXT_SYNTAX, l, "Line " + l.number() + " is not a setting, comment or"
                            + " section; the firmware ignores it.", "Use property=value, # comment or [filter].");
                }
                if (l.kind() == Kind.INITRAMFS) {
                    board.checkInitramfs(l);
                }
                if (l.kind() != Kind.SETTING || !applies(l.section())) {
                    continue;
                }
                String key = l.key();
                if (!syntax(l)) {
                    continue;
                }
                KeyCatalogue.Key k = KeyCatalogue.get(key);
                if (k == null) {
                    add(FindingCode.CONFIG_TXT_UNKNOWN_KEY, l, "Line " + l.number() + ": '" + key + "' is not a known"
                            + " config.txt property; the firmware ignores unknown lines.", "Check the spelling (names are"
                            + " case-sensitive) against the Raspberry Pi documentation.");
                    continue;
                }
                if (!k.has("accumulate")) {
                    String dupKey = l.section() + "\u0000" + key;
                    Line first = seen.put(dupKey, l);
                    if (first != null) {
                        duplicate(l, first, "'" + key + "' is set on line " + first.number()
                                + " and again on line " + l.number() + (l.section().equals("all") ? ""
                                : " in [" + l.section() + "]") + "; the later value (" + l.value() + ") wins.",
                                "Remove one of them to avoid surprises.");
                    }
                }
                value(l, k);
                if (key.equals("dtoverlay") || key.equals("device_tree_overlay")) {
                    overlay = board.overlay(l);
                }
                board.files(l, k);
                board.danger(l, k);
                board.applicability(l, k);
            }
            if (overlay != null && overlay.isEmpty()) {
                overlay = null;
            }
            if (crlf) {
                addFile(Finding.of(FindingCode.CONFIG_TXT_SYNTAX, "config.txt uses Windows line endings (CRLF).",
                        ctx.location(), "The firmware's handling of CR is undocumented; save it with Unix (LF) line endings."),
                        LINE_ENDINGS);
            }
            List<Line> all = txt.lines();
            if (!all.isEmpty() && !all.get(all.size() - 1).section().equals("all")) {
                addFile(Finding.of(FindingCode.CONFIG_TXT_SECTION_OPEN, "config.txt ends inside the ["
                        + all.get(all.size() - 1).section() + "] section: anything appended later (by the supervisor or"
                        + " an include) only applies there.", ctx.location(), "End the file with [all] if that is not"
                        + " intended."), "open section");
            }
            return out;
        }

        private boolean applies(String section) {
            return pi == null || pi.applies(section);
        }

        private boolean syntax(Line l) {
            String key = l.key();
            if (!key.equals(key.strip()) || l.value().startsWith(" ")) {
                add(FindingCode.CONFIG_TXT_SYNTAX, l, "Line " + l.number() + " has spaces around '='; the firmware"
                        + " silently ignores such lines.", "Remove the spaces: write it as key=value.");
                return false;
            }
            String v = l.value();
            if (v.length() >= 2 && (v.startsWith("\"") || v.startsWith("'"))) {
                add(FindingCode.CONFIG_TXT_SYNTAX, l, "Line " + l.number() + ": the value is quoted; quotes are taken"
                        + " literally (an overlay named \"vc4-kms-v3d\" with quotes does not load).",
                        "Remove the quotes.");
            }
            if (v.matches(".*\\s#.*")) {
                add(FindingCode.CONFIG_TXT_SYNTAX, l, "Line " + l.number() + " has a comment after the value; config.txt"
                        + " only supports whole-line comments, so it becomes part of the value.", "Move the comment to"
                        + " its own line starting with #.");
            }
            return true;
        }

        private void value(Line l, KeyCatalogue.Key k) {
            String v = l.value().strip();
            if (k.type().equals("bool") && !v.equals("0") && !v.equals("1")) {
                add(FindingCode.CONFIG_TXT_INVALID_VALUE, l, k.name() + "=" + v + " on line " + l.number()
                        + ": this setting takes 0 or 1.", "Use 0 or 1.");
            } else if (k.type().equals("int")) {
                Long n = parseInt(v);
                if (n == null) {
                    add(FindingCode.CONFIG_TXT_INVALID_VALUE, l, k.name() + "=" + v + " on line " + l.number()
                            + " is not a number.", "Use a decimal or 0x hexadecimal integer.");
                } else if ((k.min() != null && n < k.min()) || (k.max() != null && n > k.max())) {
                    add(FindingCode.CONFIG_TXT_INVALID_VALUE, l, k.name() + "=" + v + " on line " + l.number()
                            + " is outside " + (k.min() == null ? "" : k.min()) + ".." + (k.max() == null ? "" : k.max())
                            + ".", k.description());
                }
            }
        }


        private void size(int bytes) {
            if ("pi5".equals(model) && bytes > PI5_MAX_SIZE) {
                addFile(new Finding(FindingCode.CONFIG_TXT_TOO_LARGE, Severity.ERROR, "config.txt is " + bytes
                        + " bytes; a Pi 5 is known not to boot with a 36 KB file.", ctx.location(),
                        "Remove the comment lines (sed -i '/^#/d' config.txt)."), "size");
            } else if (bytes > WARN_SIZE) {
                addFile(Finding.of(FindingCode.CONFIG_TXT_TOO_LARGE, "config.txt is " + bytes + " bytes; large files"
                        + " have failed to boot (4 KiB limit on network boot, 36 KB on a Pi 5).", ctx.location(),
                        "Remove unneeded comment lines."), "size");
            }
        }

        private void add(FindingCode code, Line l, String message, String hint) {
            addAs(code.defaultSeverity(), code, l, message, hint);
        }

        private void addAs(Severity severity, FindingCode code, Line l, String message, String hint) {
            out.add(new Finding(code, severity, message, ctx.location() + ":" + l.number(), hint)
                    .at(FILE.line(l.number())).about(subject(l)));
        }

        private void duplicate(Line later, Line earlier, String message, String hint) {
            out.add(Finding.of(FindingCode.CONFIG_TXT_DUPLICATE_KEY, message, ctx.location() + ":" + later.number(), hint)
                    .at(FILE.line(later.number()).relatedLine(earlier.number())).about(subject(later)));
        }

        /** A finding about the whole file. */
        private void addFile(Finding f, String subject) {
            out.add(f.at(FILE).about(subject));
        }
    }

    /**
     * What a line's finding is about, wherever the line moves: the setting with its section, or for any
     * other line a digest of its text (syntax findings never echo the input).
     */
    static String subject(Line l) {
        return l.kind() == Kind.SETTING || l.kind() == Kind.INITRAMFS
                ? "[" + l.section() + "] " + l.key() + "=" + l.value().strip()
                : l.kind().name().toLowerCase(Locale.ROOT) + " " + Integer.toHexString(l.text().strip().hashCode());
    }

    static Long parseInt(String v) {
        try {
            return v.startsWith("0x") || v.startsWith("0X") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
