package dev.preflight.core.configtxt;

import dev.preflight.core.report.Finding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Quick fixes that cannot change how the board boots: they only comment out lines the firmware
 * already ignores or overrides (a missing overlay, an unknown key, a setting without effect on this
 * model, the earlier of two settings of one key), convert CRLF to LF, or close an open section with
 * [all]. A line is commented out, never deleted, so the technician can still see what was there.
 */
public final class ConfigTxtFixes {

    public enum Kind { COMMENT_OUT, CONVERT_TO_LF, CLOSE_SECTION }

    /** One fix: what it does and to which line (0 when the whole file). */
    public record Fix(Kind kind, int line, String title) {
    }

    private ConfigTxtFixes() {
    }

    /** The safe fix for a finding, or null when there is none. */
    public static Fix fixFor(Finding f) {
        int line = lineOf(f);
        switch (f.code()) {
            case CONFIG_TXT_MISSING_OVERLAY, CONFIG_TXT_UNKNOWN_KEY:
                return line > 0 ? new Fix(Kind.COMMENT_OUT, line, "Comment out line " + line) : null;
            case CONFIG_TXT_NO_EFFECT:
                return line > 0 ? new Fix(Kind.COMMENT_OUT, line, "Comment out line " + line
                        + " (it has no effect on this model)") : null;
            case CONFIG_TXT_DUPLICATE_KEY: {
                Integer earlier = f.locus() == null ? null : f.locus().relatedLine();
                return earlier != null ? new Fix(Kind.COMMENT_OUT, earlier, "Comment out the earlier"
                        + " setting on line " + earlier + " (the later one is the one in force)") : null;
            }
            case CONFIG_TXT_SYNTAX:
                return ConfigTxtChecker.LINE_ENDINGS.equals(f.subject()) ? new Fix(Kind.CONVERT_TO_LF, 0, "Use Unix (LF) line endings")
                        : null;
            case CONFIG_TXT_SECTION_OPEN:
                return new Fix(Kind.CLOSE_SECTION, 0, "Add [all] at the end of the file");
            default:
                return null;
        }
    }

    /** The 1-based config.txt line a finding points at, or 0. */
    public static int lineOf(Finding f) {
        return f.locus() != null && f.locus().line() != null ? f.locus().line() : 0;
    }

    public static byte[] apply(byte[] content, Fix fix) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        String out = switch (fix.kind()) {
            case CONVERT_TO_LF -> text.replace("\r\n", "\n");
            case CLOSE_SECTION -> text + (text.isEmpty() || text.endsWith("\n") ? "" : text.contains("\r\n") ? "\r\n"
                    : "\n") + "[all]" + (text.contains("\r\n") ? "\r\n" : "\n");
            case COMMENT_OUT -> commentOut(text, fix.line());
        };
        return out.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String commentOut(String text, int line) {
        List<String> lines = new ArrayList<>();
        Matcher m = Pattern.compile("[^\n]*\n|[^\n]+$").matcher(text);
        while (m.find()) {
            lines.add(m.group());
        }
        if (line < 1 || line > lines.size()) {
            return text;
        }
        String l = lines.get(line - 1);
        if (!l.stripLeading().startsWith("#")) {
            lines.set(line - 1, "# " + l);
        }
        return String.join("", lines);
    }

    /** Applies every safe fix for {@code findings}, each line at most once. */
    public static byte[] applyAll(byte[] content, List<Finding> findings) {
        TreeSet<Integer> comment = new TreeSet<>();
        boolean lf = false;
        boolean close = false;
        for (Finding f : findings) {
            Fix fix = fixFor(f);
            if (fix == null) {
                continue;
            }
            switch (fix.kind()) {
                case COMMENT_OUT -> comment.add(fix.line());
                case CONVERT_TO_LF -> lf = true;
                case CLOSE_SECTION -> close = true;
            }
        }
        byte[] out = content;
        for (int line : comment) {
            out = apply(out, new Fix(Kind.COMMENT_OUT, line, ""));
        }
        if (close) {
            out = apply(out, new Fix(Kind.CLOSE_SECTION, 0, ""));
        }
        if (lf) {
            out = apply(out, new Fix(Kind.CONVERT_TO_LF, 0, ""));
        }
        return out;
    }
}
