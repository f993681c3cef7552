package dev.preflight.core.edit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A minimal line diff (longest common subsequence) for showing what an edit changes. */
public final class LineDiff {
    private LineDiff() {
    }

    /** "  - old" / "  + new" lines (longest common subsequence), in file order. */
    public static String lines(String before, String after) {
        List<String> a = split(before);
        List<String> b = split(after);
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        StringBuilder out = new StringBuilder();
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
