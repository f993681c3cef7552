package dev.preflight.core.batch;

/**
 * balenaOS version matching: an exact version ("6.5.44+rev2", or "6.5.44" matching any revision) or
 * space-separated bounds (">=6.0.0 <7", ">2.100"). Numeric dotted comparison; "+revN" is a last part.
 */
public final class VersionRange {
    private VersionRange() {
    }

    public static boolean matches(String spec, String version) {
        String s = spec.strip();
        if (!s.startsWith(">") && !s.startsWith("<") && !s.startsWith("=")) {
            return version.equals(s) || version.startsWith(s + "+");
        }
        for (String bound : s.split("\\s+")) {
            String op = bound.replaceAll("[0-9].*$", "");
            int c = compare(version, bound.substring(op.length()));
            boolean ok;
            switch (op) {
                case ">=":
                    ok = c >= 0;
                    break;
                case ">":
                    ok = c > 0;
                    break;
                case "<=":
                    ok = c <= 0;
                    break;
                case "<":
                    ok = c < 0;
                    break;
                case "=":
                case "==":
                    ok = c == 0;
                    break;
                default:
                    throw new IllegalArgumentException("'" + bound + "' is not a version bound (use >=, >, <=, <, =)");
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static int compare(String a, String b) {
        long[] x = parts(a);
        long[] y = parts(b);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? x[i] : 0;
            long q = i < y.length ? y[i] : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    private static long[] parts(String v) {
        String[] p = v.replace("+rev", ".").replaceAll("[^0-9.]", "").split("\\.");
        long[] out = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i].isEmpty() ? 0 : Long.parseLong(p[i]);
        }
        return out;
    }
}
