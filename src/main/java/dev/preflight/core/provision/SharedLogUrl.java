package dev.preflight.core.provision;

import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Where the shared provisioning log is: {@code postgresql://user@host:5432/db} (also {@code postgres://}
 * and {@code jdbc:postgresql://}), with optional TLS parameters ({@code ?sslmode=verify-full&sslrootcert=FILE}).
 * A password is never taken from the URL (it would end up in shell history, process lists and settings):
 * it comes from {@code PGPASSWORD} or the password file ({@code ~/.pgpass}, or {@code PGPASSFILE}), which the
 * PostgreSQL driver reads itself. See docs/decisions/0016.
 *
 * @param host     server host
 * @param port     server port (5432 when not given)
 * @param database database name
 * @param user     role to connect as (null: the operating-system user, as libpq does)
 * @param params   the TLS parameters given, in order
 */
public record SharedLogUrl(String host, int port, String database, String user, Map<String, String> params) {
    /** URL parameters passed on to the driver: TLS (the driver's names, which are libpq's) and the connect timeout. */
    static final Set<String> PASSED = Set.of("sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout",
            "application_name");
    static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    /** Reads {@code text}; a malformed URL, or one carrying a password, is a usage error (exit 2) naming the problem. */
    public static SharedLogUrl parse(String text) {
        String t = text == null ? "" : text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        String rest;
        if (lower.startsWith("jdbc:postgresql://")) {
            rest = t.substring("jdbc:postgresql://".length());
        } else if (lower.startsWith("postgresql://")) {
            rest = t.substring("postgresql://".length());
        } else if (lower.startsWith("postgres://")) {
            rest = t.substring("postgres://".length());
        } else {
            throw bad("'" + shown(t) + "' is not a PostgreSQL URL");
        }
        URI u;
        try {
            u = new URI("postgresql://" + rest);
        } catch (URISyntaxException e) {
            throw bad("'" + shown(t) + "' is not a valid URL (" + e.getReason() + ")");
        }
        String userInfo = u.getRawUserInfo();
        String user = null;
        if (userInfo != null) {
            if (userInfo.contains(":")) {
                throw new PreflightException(ErrorCode.USAGE, "The shared log URL carries a password; Preflight never"
                        + " takes one from a URL or the command line.", "Remove it from the URL and put it in"
                        + " PGPASSWORD or in ~/.pgpass (host:port:database:user:password, mode 0600).");
            }
            user = decode(userInfo);
        }
        if (u.getHost() == null || u.getHost().isBlank()) {
            throw bad("'" + shown(t) + "' names no server (postgresql://user@host:5432/database)");
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        String db = path.startsWith("/") ? decode(path.substring(1)) : decode(path);
        if (db.isBlank() || db.contains("/")) {
            throw bad("'" + shown(t) + "' names no database (postgresql://user@host:5432/database)");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (u.getRawQuery() != null && !u.getRawQuery().isEmpty()) {
            for (String kv : u.getRawQuery().split("&")) {
                int eq = kv.indexOf('=');
                String k = decode(eq < 0 ? kv : kv.substring(0, eq));
                String v = eq < 0 ? "" : decode(kv.substring(eq + 1));
                if (k.equalsIgnoreCase("password") || k.equalsIgnoreCase("sslpassword")) {
                    throw new PreflightException(ErrorCode.USAGE, "The shared log URL carries a password ("
                            + k + "); Preflight never takes one from a URL or the command line.",
                            "Remove it and put the password in PGPASSWORD or ~/.pgpass.");
                }
                if (k.equals("user") && user == null) {
                    user = v;
                    continue;
                }
                if (!PASSED.contains(k)) {
                    throw bad("the shared log URL has an unknown parameter '" + k + "' (known: sslmode, sslrootcert,"
                            + " sslcert, sslkey, connect_timeout, application_name)");
                }
                if (k.equals("sslmode") && !SSL_MODES.contains(v)) {
                    throw bad("sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full, not '"
                            + v + "'");
                }
                params.put(k, v);
            }
        }
        return new SharedLogUrl(u.getHost(), u.getPort() < 0 ? 5432 : u.getPort(), db, user,
                Collections.unmodifiableMap(params));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static PreflightException bad(String what) {
        return new PreflightException(ErrorCode.USAGE, "The shared log URL is not usable: " + what + ".",
                "Give it as postgresql://user@host:5432/database (add ?sslmode=verify-full for TLS).");
    }

    /** The text as far as it can be shown: anything between "://" and "@" is cut, it may be a password. */
    static String shown(String text) {
        int scheme = text.indexOf("://");
        int at = text.lastIndexOf('@');
        if (scheme >= 0 && at > scheme) {
            return text.substring(0, scheme + 3) + "…" + text.substring(at);
        }
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }

    /** The URL as given to the driver: host, port, database, the TLS parameters, never a password. */
    public String jdbcUrl() {
        StringBuilder s = new StringBuilder("jdbc:postgresql://").append(host.contains(":") ? "[" + host + "]" : host)
                .append(':').append(port).append('/').append(enc(database));
        return s.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * The driver's connection properties: user, TLS, timeouts, and the password from PGPASSWORD when set
     * (the driver does not read that variable itself; without it the driver reads PGPASSFILE or ~/.pgpass).
     */
    public Properties properties(int timeoutSeconds, Map<String, String> env) {
        Properties p = new Properties();
        p.setProperty("user", user != null ? user : System.getProperty("user.name", "postgres"));
        String password = env.get("PGPASSWORD");
        if (password != null && !password.isEmpty()) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", params.getOrDefault("application_name", "preflight"));
        String timeout = params.get("connect_timeout");
        int connect = timeout == null ? timeoutSeconds : parseTimeout(timeout);
        p.setProperty("connectTimeout", Integer.toString(connect));
        p.setProperty("loginTimeout", Integer.toString(connect));
        p.setProperty("sslmode", params.getOrDefault("sslmode", "prefer"));
        for (String k : new String[] {"sslrootcert", "sslcert", "sslkey"}) {
            if (params.containsKey(k)) {
                p.setProperty(k, params.get(k));
            }
        }
        return p;
    }

    private static int parseTimeout(String v) {
        try {
            return Math.max(1, Integer.parseInt(v));
        } catch (NumberFormatException e) {
            throw bad("connect_timeout must be a number of seconds, not '" + v + "'");
        }
    }

    /** postgresql://user@host:port/db?params, as the user wrote it (it never holds a password). */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("postgresql://");
        if (user != null) {
            s.append(enc(user)).append('@');
        }
        s.append(host.contains(":") ? "[" + host + "]" : host).append(':').append(port).append('/').append(enc(database));
        String sep = "?";
        for (Map.Entry<String, String> e : params.entrySet()) {
            s.append(sep).append(e.getKey()).append('=').append(enc(e.getValue()));
            sep = "&";
        }
        return s.toString();
    }

    /** host:port/database, for short messages. */
    public String server() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
    }
}
