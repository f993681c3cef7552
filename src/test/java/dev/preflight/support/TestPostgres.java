package dev.preflight.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.preflight.core.provision.SharedLogUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL server the shared-log tests run against: {@code PREFLIGHT_TEST_PG_URL} (or the system
 * property {@code preflight.test.pgUrl}), a superuser URL such as {@code postgresql://postgres@127.0.0.1:54330/postgres}
 * that {@code scripts/with-postgres.sh} sets (it starts a throwaway Debian cluster; .ci/run uses it).
 * Without one the tests are skipped and say why, except in CI ({@code CI=true}), where that fails:
 * a broken CI script must not pass as "skipped". Each test gets its own new database.
 */
public final class TestPostgres {
    public static final String ENV = "PREFLIGHT_TEST_PG_URL";

    private TestPostgres() {
    }

    /** The server's URL; skips the test (or fails it in CI) when there is none. */
    public static SharedLogUrl server() {
        String u = System.getProperty("preflight.test.pgUrl", System.getenv(ENV));
        if (u == null || u.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but " + ENV + " is not set: .ci/run runs the tests inside scripts/with-postgres.sh,"
                        + " which starts a throwaway PostgreSQL; the shared-log tests must run in CI");
            }
            assumeTrue(false, "no PostgreSQL for the shared-log tests: run them with scripts/with-postgres.sh"
                    + " mvn ... (Debian: apt-get install -y postgresql), which sets " + ENV);
        }
        return SharedLogUrl.parse(u);
    }

    /** A new, empty database on the server, as a URL Preflight connects with. */
    public static SharedLogUrl freshDatabase() {
        SharedLogUrl admin = server();
        String name = "preflight_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        execute(admin, "CREATE DATABASE " + name);
        return new SharedLogUrl(admin.host(), admin.port(), name, admin.user(), admin.params());
    }

    /** Drops a database made by {@link #freshDatabase()} (closing whatever is still connected to it). */
    public static void drop(SharedLogUrl db) {
        if (db != null) {
            execute(server(), "DROP DATABASE IF EXISTS " + db.database() + " WITH (FORCE)");
        }
    }

    /**
     * A role of its own that may log in to {@code db} and do only what {@code grants} give it (SQL run in
     * {@code db} as the superuser, "ROLE" standing for the role's name), as the URL it connects with.
     * Nobody may create tables in {@code db}'s public schema but the superuser, as from PostgreSQL 15 on,
     * whatever the server's version. {@link #dropRole} removes it.
     */
    public static SharedLogUrl role(SharedLogUrl db, String... grants) {
        String role = "pf_role_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        execute(server(), "CREATE ROLE " + role + " LOGIN");
        execute(db, "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        for (String g : grants) {
            execute(db, g.replace("ROLE", role));
        }
        return new SharedLogUrl(db.host(), db.port(), db.database(), role, db.params());
    }

    /** Drops a role made by {@link #role}, with every privilege it was granted in {@code db}. */
    public static void dropRole(SharedLogUrl db, SharedLogUrl role) {
        if (role != null) {
            execute(db, "DROP OWNED BY " + role.user());
            execute(server(), "DROP ROLE IF EXISTS " + role.user());
        }
    }

    /** A superuser connection to {@code db} (for what a station never does: planting, forging, inspecting). */
    public static Connection connect(SharedLogUrl db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.properties(10, System.getenv()));
    }

    private static void execute(SharedLogUrl db, String sql) {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            fail("PostgreSQL at " + db.server() + " (" + ENV + ") cannot be used: " + e.getMessage(), e);
        }
    }
}
