package dev.preflight.core.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Shared log URLs: what is accepted, and that a password never comes from one. */
class SharedLogUrlTest {
    @Test
    void theFormsUsersWrite() {
        SharedLogUrl u = SharedLogUrl.parse("postgresql://preflight@db.lan:5433/provisioning?sslmode=verify-full"
                + "&sslrootcert=/etc/ssl/ca.pem");
        assertThat(u.host()).isEqualTo("db.lan");
        assertThat(u.port()).isEqualTo(5433);
        assertThat(u.database()).isEqualTo("provisioning");
        assertThat(u.user()).isEqualTo("preflight");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.lan:5433/provisioning");
        assertThat(u.toString()).isEqualTo("postgresql://preflight@db.lan:5433/provisioning?sslmode=verify-full"
                + "&sslrootcert=%2Fetc%2Fssl%2Fca.pem");
        assertThat(SharedLogUrl.parse(u.toString())).isEqualTo(u);
        Properties p = u.properties(10, Map.of());
        assertThat(p.getProperty("sslmode")).isEqualTo("verify-full");
        assertThat(p.getProperty("sslrootcert")).isEqualTo("/etc/ssl/ca.pem");
        assertThat(p.getProperty("user")).isEqualTo("preflight");
        assertThat(p.getProperty("password")).isNull(); // the driver then reads PGPASSFILE or ~/.pgpass
        assertThat(SharedLogUrl.parse("postgres://h/db").port()).isEqualTo(5432);
        assertThat(SharedLogUrl.parse("jdbc:postgresql://h:1/db?user=ops").user()).isEqualTo("ops");
        assertThat(SharedLogUrl.parse("postgresql://h/db").properties(10, Map.of()).getProperty("sslmode"))
                .isEqualTo("prefer");
    }

    @Test
    void thePasswordComesFromTheEnvironmentOnly() {
        Properties p = SharedLogUrl.parse("postgresql://ops@h/db").properties(10, Map.of("PGPASSWORD", "from-env"));
        assertThat(p.getProperty("password")).isEqualTo("from-env");
        for (String bad : new String[] {"postgresql://ops:PLANTEDpw@h/db", "postgresql://ops@h/db?password=PLANTEDpw",
                "postgresql://ops@h/db?sslpassword=PLANTEDpw"}) {
            assertThatThrownBy(() -> SharedLogUrl.parse(bad)).isInstanceOfSatisfying(PreflightException.class, e -> {
                assertThat(e.errorCode()).isEqualTo(ErrorCode.USAGE);
                assertThat(e.getMessage() + e.hint()).contains("never takes one from a URL").doesNotContain("PLANTED");
            });
        }
    }

    @Test
    void malformedUrlsSayWhatIsWrong() {
        assertThatThrownBy(() -> SharedLogUrl.parse("mysql://h/db")).hasMessageContaining("is not a PostgreSQL URL");
        assertThatThrownBy(() -> SharedLogUrl.parse("postgresql://h")).hasMessageContaining("names no database");
        assertThatThrownBy(() -> SharedLogUrl.parse("postgresql:///db")).hasMessageContaining("names no server");
        assertThatThrownBy(() -> SharedLogUrl.parse("postgresql://h/db?sslmode=maybe"))
                .hasMessageContaining("sslmode must be one of");
        assertThatThrownBy(() -> SharedLogUrl.parse("postgresql://h/db?options=-c"))
                .hasMessageContaining("unknown parameter 'options'");
    }

    @Test
    void aServerThatAnswersWithAnErrorIsNotCalledUnreachable() {
        SharedLogUrl url = SharedLogUrl.parse("postgresql://preflight@db.example:5432/log");
        assertThat(SharedConnection.failure(url, new SQLException("ERROR: could not extend file: No space"
                + " left on device", "53100")).getMessage())
                .isEqualTo("The shared log at db.example:5432/log failed: could not extend file: No space left on device.");
        assertThat(SharedConnection.failure(url, new SQLException("Connection refused", "08001")).getMessage())
                .contains("cannot be reached");
        assertThat(SharedConnection.failure(url, new SQLException("timed out")).getMessage())
                .contains("cannot be reached");
    }
}
