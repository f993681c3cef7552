package dev.preflight.core.bytes;

import java.util.Locale;

/** Sizes as people read them: "512 B", "1.5 GiB" (binary units, one decimal, the same in every locale). */
public final class ByteSizes {
    private ByteSizes() {
    }

    public static String format(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
