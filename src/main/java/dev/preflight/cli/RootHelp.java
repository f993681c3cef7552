package dev.preflight.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code preflight --help} as picocli prints it, without building picocli's model: building the root with a
 * stand-in for each command and rendering it was two thirds of the time the help took (decision 0006).
 * picocli stays the reference: RootHelpTest compares this text with picocli's at every width from 55 to 300
 * columns, with and without colours, and {@link #text} answers null for anything it was not compared for
 * (the caller then asks picocli).
 */
final class RootHelp {
    /** picocli's narrowest help; a narrower width asked for makes picocli warn, so it answers that itself. */
    static final int MIN_WIDTH = 55;
    static final int MAX_WIDTH = 300;
    private static final int DEFAULT_WIDTH = 80;
    private static final String NL = System.lineSeparator();
    /** The commands' names column: two spaces, the longest name, two spaces. */
    private static final int NAMES = 2 + longestName() + 2;
    /** picocli's options column: the descriptions start here. */
    private static final int OPTIONS = 18;

    private RootHelp() {
    }

    private static int longestName() {
        int longest = 0;
        for (String name : CommandWiring.SUMMARIES.keySet()) {
            longest = Math.max(longest, name.length());
        }
        return longest;
    }

    /** Every text the help breaks into lines. */
    static List<String> texts() {
        List<String> texts = new ArrayList<>(List.of(PreflightCli.DESCRIPTION_1, PreflightCli.DESCRIPTION_2,
                PreflightCli.FOOTER_1, PreflightCli.FOOTER_2, PreflightCli.FOOTER_3));
        texts.addAll(CommandWiring.SUMMARIES.values());
        return texts;
    }

    /**
     * The width picocli would use for the root's help when it can be known without asking the terminal: the
     * {@code picocli.usage.width} property when it is a number picocli takes as it is, or picocli's default
     * when there is no console to measure; -1 otherwise.
     */
    static int width() {
        String property = System.getProperty("picocli.usage.width");
        if (property == null) {
            boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
            return System.console() == null && !windows ? DEFAULT_WIDTH : -1;
        }
        try {
            int w = Integer.parseInt(property);
            return w >= MIN_WIDTH && w <= MAX_WIDTH ? w : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The help for {@code width} columns, with picocli's colours when {@code ansi}; null outside the tested widths. */
    static String text(int width, boolean ansi) {
        if (width < MIN_WIDTH || width > MAX_WIDTH) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        b.append("Usage: ").append(bold(PreflightCli.NAME, ansi)).append(" [").append(option("-hV", ansi))
                .append("] [COMMAND]").append(NL);
        boolean fits = true;
        for (String line : List.of(PreflightCli.DESCRIPTION_1, "", PreflightCli.DESCRIPTION_2)) {
            fits &= wrap(b, line, 0, 0, width);
        }
        optionRow(b, "-h", "--help", CommandWiring.HELP_OPTION, ansi);
        optionRow(b, "-V", "--version", CommandWiring.VERSION_OPTION, ansi);
        b.append("Commands:").append(NL);
        for (Map.Entry<String, String> c : CommandWiring.SUMMARIES.entrySet()) {
            b.append("  ").append(bold(c.getKey(), ansi)).append(" ".repeat(NAMES - 2 - c.getKey().length()));
            fits &= wrap(b, c.getValue(), NAMES, NAMES + 2, width);
        }
        for (String line : List.of("", PreflightCli.FOOTER_1, PreflightCli.FOOTER_2, PreflightCli.FOOTER_3)) {
            fits &= wrap(b, line, 0, 0, width);
        }
        return fits ? b.toString() : null;
    }

    private static void optionRow(StringBuilder b, String shortName, String longName, String description, boolean ansi) {
        b.append("  ").append(option(shortName, ansi)).append(", ").append(option(longName, ansi))
                .append(" ".repeat(OPTIONS - 6 - longName.length())).append(description).append(NL);
    }

    /**
     * Appends {@code text} broken into lines as picocli breaks it, a piece going on the line only if it fits
     * with the spaces that follow it. The first line continues a row already at column {@code first}, the
     * following ones are indented to {@code next}. False when a piece is too long for a line of its own
     * (picocli would cut it; not done here).
     */
    private static boolean wrap(StringBuilder b, String text, int first, int next, int width) {
        int column = first;
        boolean lineEmpty = true;
        for (int start = 0, end = nextBreak(text, 0); start < text.length(); start = end, end = nextBreak(text, end)) {
            int length = end - start;
            if (column + length > width) {
                if (lineEmpty) {
                    return false;
                }
                trimEnd(b);
                b.append(NL).append(" ".repeat(next));
                column = next;
                if (column + length > width) {
                    return false;
                }
            }
            b.append(text, start, end);
            column += length;
            lineEmpty = false;
        }
        trimEnd(b);
        b.append(NL);
        return true;
    }

    /**
     * Where the piece of {@code text} starting at {@code from} ends: after the spaces that end a word, or after
     * a full stop followed by a letter ("config.|json"). These are the places the JDK's line break iterator
     * finds in the help's texts once picocli has taken hyphens out of them (RootHelpTest compares the two on
     * every text; loading the iterator's rules was a fifth of the help's time).
     */
    static int nextBreak(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) != ' ') {
            if (text.charAt(i) == '.' && i + 1 < text.length() && Character.isLetter(text.charAt(i + 1))) {
                return i + 1;
            }
            i++;
        }
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static void trimEnd(StringBuilder b) {
        int n = b.length();
        while (n > 0 && b.charAt(n - 1) == ' ') {
            n--;
        }
        b.setLength(n);
    }

    private static String bold(String s, boolean ansi) {
        return ansi ? "\u001B[1m" + s + "\u001B[21m\u001B[0m" : s;
    }

    private static String option(String s, boolean ansi) {
        return ansi ? "\u001B[33m" + s + "\u001B[39m\u001B[0m" : s;
    }
}
