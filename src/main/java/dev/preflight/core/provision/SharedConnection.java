package dev.preflight.core.provision;

import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Reaching the shared log's server, and what a database error means to the person at the station: every
 * error becomes one message that names the server and says what to do, never with a password in it.
 */
final class SharedConnection {
    private SharedConnection() {
    }

    /** Connects, waiting at most {@code timeoutSeconds}; the password comes from PGPASSWORD or ~/.pgpass. */
    static Connection connect(SharedLogUrl url, int timeoutSeconds) {
        Properties p = url.properties(timeoutSeconds, System.getenv());
        try {
            Connection c = new Driver().connect(url.jdbcUrl(), p);
            if (c == null) {
                throw new SQLException("the driver did not accept " + url.jdbcUrl(), "08001");
            }
            return c;
        } catch (SQLException e) {
            throw failure(url, e);
        }
    }

    /**
     * Rolls back what was not committed and puts auto-commit back as it was; quiet when the connection
     * already broke (the error that broke it is the one to report).
     */
    static void end(Connection c, boolean autoCommit) throws SQLException {
        try {
            c.rollback();
            c.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            if (!c.isClosed()) {
                throw e;
            }
        }
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // already broken
        }
    }

    /**
     * An error on an open connection that waited at most {@code seconds} for each answer: a server that
     * stopped answering is said to be so, other errors as {@link #failure(SharedLogUrl, SQLException)}.
     */
    static PreflightException failure(SharedLogUrl url, SQLException e, int seconds) {
        for (Throwable t = e; t != null && seconds > 0; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return new PreflightException(ErrorCode.INCOMPLETE, "The shared log at " + url.server() + " did not"
                        + " answer within " + seconds + " s.", "Check that PostgreSQL runs there and is not stuck, and"
                        + " the network to it.", e);
            }
        }
        return failure(url, e);
    }

    /** A database error as a message that names the server and says what to do; never a password. */
    static PreflightException failure(SharedLogUrl url, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String why = firstLine(e.getMessage());
        if (state.startsWith("PF")) {
            return new SharedLog.Refused("The shared log at " + url.server() + " refused it: " + why + ".",
                    "Run 'preflight log verify' here and 'preflight log verify --from URL'; see docs/cli.md"
                            + " \"Shared log\" for what a refusal means.");
        }
        if (state.startsWith("28")) {
            return new PreflightException(ErrorCode.INCOMPLETE, "The shared log at " + url.server() + " did not"
                    + " accept the login as " + (url.user() == null ? "this user" : "'" + url.user() + "'") + " ("
                    + why + ").", "Put the password in PGPASSWORD or in ~/.pgpass (host:port:database:user:password,"
                    + " mode 0600); it is never taken from the URL.", e);
        }
        if (state.equals("3D000")) {
            return new PreflightException(ErrorCode.INCOMPLETE, "The database '" + url.database() + "' does not exist"
                    + " on " + url.host() + ":" + url.port() + ".", "Create it (createdb " + url.database()
                    + ") or correct the URL.", e);
        }
        if (state.equals("42501")) {
            return new PreflightException(ErrorCode.INCOMPLETE, "The shared log at " + url.server() + " refused"
                    + " access: " + why + ".", "Reading (status, export, verify) needs SELECT on the preflight_*"
                    + " tables; pushing also needs INSERT on them, and the right to create tables in that database"
                    + " for the first push.", e);
        }
        if (!state.isEmpty() && !state.startsWith("08")) { // the server answered: a full disk, a timeout, ...
            return new PreflightException(ErrorCode.INCOMPLETE, "The shared log at " + url.server() + " failed: "
                    + why + ".", "Records stay in the local log and are pushed later ('preflight log push'); if it"
                    + " keeps failing, show this message to whoever runs that database.", e);
        }
        return new PreflightException(ErrorCode.INCOMPLETE, "The shared log at " + url.server() + " cannot be reached ("
                + why + ").", "Check the network and that PostgreSQL runs there; records stay in the local log and"
                + " are pushed later ('preflight log push').", e);
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "no reason given";
        }
        String s = m.lines().findFirst().orElse(m).strip();
        if (s.startsWith("ERROR: ")) {
            s = s.substring("ERROR: ".length());
        }
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
