package dev.preflight.core.edit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A minimal line diff (longest common subsequence) for showing what an edit changes. */
public final class LineDiff {
    /**
     * The longest common subsequence needs a table of every pair of differing lines; beyond this many (16 MB)
     * the differing lines are shown as all removed, then all added. An edit changes a few lines, so this
     * only ever meets files built to be huge.
     */
    static final long MAX_CELLS = 4_000_000;

    private LineDiff() {
    }

    /** "  - old" / "  + new" lines (longest common subsequence), in file order. */
    public static String lines(String before, String after) {
        List<String> a = split(before);
        List<String> b = split(after);
        int start = 0;
        while (start < a.size() && start < b.size() && a.get(start).equals(b.get(start))) {
            start++;
        }
        int endA = a.size();
        int endB = b.size();
        while (endA > start && endB > start && a.get(endA - 1).equals(b.get(endB - 1))) {
            endA--;
            endB--;
        }
        a = a.subList(start, endA);
        b = b.subList(start, endB);
        StringBuilder out = new StringBuilder();
        if ((long) (a.size() + 1) * (b.size() + 1) > MAX_CELLS) {
            a.forEach(l -> out.append("  - ").append(l).append(System.lineSeparator()));
            b.forEach(l -> out.append("  + ").append(l).append(System.lineSeparator()));
            return out.toString();
        }
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                i++;
                j++;
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.append("  - ").append(a.get(i++)).append(System.lineSeparator());
            } else {
                out.append("  + ").append(b.get(j++)).append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    private static List<String> split(String s) {
        return s.isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(s.split("\r?\n")));
    }
}
