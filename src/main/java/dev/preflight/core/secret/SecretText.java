package dev.preflight.core.secret;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text files of a card with their secrets masked ({@link SecretPolicy}); everything else, layout and
 * line endings included, is kept, so a diff of two masked texts still shows what changed.
 */
public final class SecretText {
    private static final String MASK = SecretPolicy.MASK;
    /**
     * A name (optionally quoted), then '=', ':' or blanks, then the value: {@code psk="x"}, {@code "apiKey": "x",}.
     * It starts only at the beginning of a name and never backtracks into one: linear in the line's length.
     */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?<![A-Za-z0-9_.\\-])[\"']?([A-Za-z0-9_][A-Za-z0-9_.\\-]*+)[\"']?([ \\t]*+[=:][ \\t]*+|[ \\t]++)");
    /** OpenVPN's inline blocks that hold keys or credentials (openvpn(8), "INLINE FILE SUPPORT"). */
    private static final Pattern INLINE_BEGIN = Pattern.compile(
            "\\s*<(key|secret|tls-auth|tls-crypt|tls-crypt-v2|pkcs12|auth-user-pass|http-proxy-user-pass)>\\s*",
            Pattern.CASE_INSENSITIVE);

    private SecretText() {
    }

    /**
     * A card file's text with its secrets masked, by the kind of file: NetworkManager keyfiles in
     * system-connections/ (but its README) setting by setting, any other file (system-proxy/redsocks.conf, WireGuard or
     * OpenVPN files, connman and wpa_supplicant text in config.json's legacy {@code files}) line by line.
     */
    public static String of(String path, String text) {
        String p = path == null ? "" : path.replace('\\', '/').toLowerCase(Locale.ROOT);
        String name = p.substring(p.lastIndexOf('/') + 1);
        boolean inConnections = p.startsWith("system-connections/") || p.contains("/system-connections/");
        if (inConnections && !name.startsWith("readme") || name.endsWith(".nmconnection")) {
            return keyfile(text);
        }
        return lines(text);
    }

    /**
     * A NetworkManager keyfile with every secret setting masked ({@link SecretPolicy#isSecretKeyfileSetting}).
     * Comments are masked like any text (an old {@code #psk=...} is still a password); a line that is
     * neither a setting, a group header nor a comment is masked whole, since nothing says what it holds.
     */
    public static String keyfile(String text) {
        StringBuilder out = new StringBuilder(text.length());
        String group = null;
        for (String[] l : split(text)) {
            String line = l[0];
            String t = line.replace("\uFEFF", "").strip();
            String shown;
            if (t.isEmpty()) {
                shown = line;
            } else if (t.startsWith("#")) {
                shown = maskLine(line);
            } else if (t.startsWith("[")) {
                int close = t.indexOf(']');
                boolean ok = close > 0 && t.substring(close + 1).isBlank();
                group = ok ? t.substring(1, close) : group;
                shown = ok ? line : MASK;
            } else {
                int eq = line.indexOf('=');
                if (eq <= 0 || line.substring(0, eq).isBlank()) {
                    shown = MASK;
                } else if (SecretPolicy.isSecretKeyfileSetting(group, line.substring(0, eq).strip())
                        && !line.substring(eq + 1).isBlank()) {
                    shown = line.substring(0, eq + 1) + MASK;
                } else {
                    shown = line;
                }
            }
            out.append(shown).append(l[1]);
        }
        return out.toString();
    }

    /**
     * Any configuration text, line by line: the value after the first secret name on a line
     * ({@code password = "x";}, {@code Passphrase = x}, {@code psk="x"}, {@code PrivateKey = x},
     * {@code "apiKey": "x",}) is masked up to a closing ';' or ','; PEM private keys and OpenVPN inline
     * key blocks are masked line by line.
     */
    public static String lines(String text) {
        StringBuilder out = new StringBuilder(text.length());
        String closing = null;
        for (String[] l : split(text)) {
            String line = l[0];
            String shown;
            if (closing != null) {
                boolean end = line.strip().toLowerCase(Locale.ROOT).startsWith(closing);
                shown = end ? line : MASK;
                closing = end ? null : closing;
            } else if (line.contains("-----BEGIN ") && line.contains("PRIVATE KEY-----")) {
                shown = line;
                closing = "-----end";
            } else {
                Matcher inline = INLINE_BEGIN.matcher(line);
                if (inline.matches()) {
                    closing = "</" + inline.group(1).toLowerCase(Locale.ROOT) + ">";
                    shown = line;
                } else {
                    shown = maskLine(line);
                }
            }
            out.append(shown).append(l[1]);
        }
        return out.toString();
    }

    /** One line with the value after its first secret name masked; unchanged when it has none. */
    static String maskLine(String line) {
        Matcher m = ASSIGNMENT.matcher(line);
        int from = 0;
        while (from < line.length() && m.find(from)) {
            if (SecretPolicy.isSecretName(m.group(1))) {
                int valueEnd = valueEnd(line, m.end());
                if (valueEnd > m.end()) {
                    return line.substring(0, m.end()) + MASK + line.substring(valueEnd);
                }
            }
            from = m.end(1);
        }
        return line;
    }

    /** Where a value starting at {@code from} ends: before trailing blanks and one closing ';' or ','. */
    private static int valueEnd(String line, int from) {
        int end = line.length();
        while (end > from && Character.isWhitespace(line.charAt(end - 1))) {
            end--;
        }
        if (end > from && (line.charAt(end - 1) == ';' || line.charAt(end - 1) == ',')) {
            end--;
        }
        while (end > from && Character.isWhitespace(line.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /**
     * The text as edited, with the real line put back wherever an edited line still shows the masked
     * form of one (in order); null when a line shows the mask but matches no real line.
     */
    public static String unmask(String edited, String real) {
        List<String[]> realLines = split(real);
        List<String> realShown = new ArrayList<>();
        String maskedReal = lines(real);
        for (String[] l : split(maskedReal)) {
            realShown.add(l[0]);
        }
        StringBuilder out = new StringBuilder(edited.length());
        int next = 0;
        for (String[] l : split(edited)) {
            String line = l[0];
            if (line.contains(MASK)) {
                int found = -1;
                for (int i = next; i < realShown.size() && found < 0; i++) {
                    if (realShown.get(i).equals(line)) {
                        found = i;
                    }
                }
                if (found < 0) {
                    return null;
                }
                line = realLines.get(found)[0];
                next = found + 1;
            }
            out.append(line).append(l[1]);
        }
        return out.toString();
    }

    /**
     * Lines with their own ending ("\n", "\r\n", "\r" or "" for the last), so masked text keeps its layout.
     * A lone CR ends a line here even where a parser would not take it as one: a terminal shows it as one,
     * and a secret after it must not hide behind the harmless line before.
     */
    private static List<String[]> split(String text) {
        List<String[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                boolean crlf = c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n';
                out.add(new String[] {text.substring(start, i), crlf ? "\r\n" : String.valueOf(c)});
                i += crlf ? 1 : 0;
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(new String[] {text.substring(start), ""});
        }
        return out;
    }
}
