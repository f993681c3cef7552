package dev.preflight.support;

import dev.preflight.core.provision.SharedLogUrl;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shared-log test: each test gets its own new PostgreSQL database {@code db} ({@link TestPostgres};
 * skipped without a server, failed in CI) that is dropped afterwards, and a temporary folder {@code dir}.
 */
public abstract class FreshDatabaseTest {
    @TempDir
    protected Path dir;

    protected SharedLogUrl db;

    @BeforeEach
    protected void freshDatabase() {
        db = TestPostgres.freshDatabase();
    }

    @AfterEach
    protected void dropDatabase() {
        TestPostgres.drop(db);
    }
}
