package dev.preflight.core.release.lint;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Loop bodies of shell (while/until/for … do … done) and Python or JavaScript (by indentation or braces
 * after while/for), found line by line: enough to tell "a call inside a loop" and "a delay in that loop".
 */
final class Loops {
    private static final Pattern SHELL_HEAD = Pattern.compile("^\\s*(while|until|for)\\b.*");
    private static final Pattern SHELL_END = Pattern.compile("^\\s*done\\b.*|.*;\\s*done\\b.*");
    private static final Pattern BLOCK_HEAD = Pattern.compile("^(\\s*)(while|for)\\b.*[:{]\\s*$");
    private final List<String> lines;

    Loops(List<String> lines) {
        this.lines = lines;
    }

    /** Whether line {@code i} sits in a loop whose body has no sleep, timer or back-off. */
    boolean inUndelayedLoop(int i) {
        for (int h = i; h >= 0 && h >= i - 200; h--) {
            String head = lines.get(h);
            int end = -1;
            if (SHELL_HEAD.matcher(head).matches() && (head.contains("do") || next(h).strip().startsWith("do"))) {
                end = shellEnd(h);
            } else if (BLOCK_HEAD.matcher(head).matches()) {
                end = blockEnd(h);
            }
            if (end >= i) {
                for (int k = h; k <= end; k++) {
                    if (ReleaseLint.DELAY.matcher(lines.get(k)).find()) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private String next(int h) {
        return h + 1 < lines.size() ? lines.get(h + 1) : "";
    }

    private int shellEnd(int h) {
        int depth = 0;
        for (int k = h; k < lines.size(); k++) {
            if (k > h && SHELL_HEAD.matcher(lines.get(k)).matches()) {
                depth++;
            }
            if (SHELL_END.matcher(lines.get(k)).matches()) {
                if (depth == 0) {
                    return k;
                }
                depth--;
            }
        }
        return lines.size() - 1;
    }

    /** Python: the lines indented deeper than the head; braces: up to the matching close. */
    private int blockEnd(int h) {
        String head = lines.get(h);
        int indent = head.length() - head.stripLeading().length();
        if (head.strip().endsWith("{")) {
            int depth = 0;
            for (int k = h; k < lines.size(); k++) {
                for (char c : lines.get(k).toCharArray()) {
                    depth += c == '{' ? 1 : c == '}' ? -1 : 0;
                }
                if (depth <= 0) {
                    return k;
                }
            }
            return lines.size() - 1;
        }
        int k = h + 1;
        while (k < lines.size() && (lines.get(k).isBlank()
                || lines.get(k).length() - lines.get(k).stripLeading().length() > indent)) {
            k++;
        }
        return k - 1;
    }
}
