package dev.preflight.gui.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.provision.ExportVerifier;
import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.core.provision.SharedLog;
import dev.preflight.core.provision.SharedLogUrl;
import dev.preflight.core.provision.StationKey;
import dev.preflight.core.provision.StationSettings;
import dev.preflight.support.CliStation;
import dev.preflight.support.FreshDatabaseTest;
import dev.preflight.support.TestPostgres;
import java.nio.file.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The desktop's export from the shared log only reads it: an auditor's role that may only read will do. */
@ExtendWith(ApplicationExtension.class)
class LogExportDialogSharedFxTest extends FreshDatabaseTest {
    @RegisterExtension
    final CliStation station = CliStation.in(() -> dir.resolve("station-1"));

    SharedLogUrl role;

    @Start
    void start(Stage stage) {
        stage.show();
    }

    @AfterEach
    void dropTheRole() {
        TestPostgres.dropRole(db, role);
    }

    @Test
    void anAuditorWhoseRoleMayOnlyReadExportsFromTheSharedLog() throws Exception {
        StationSettings.save(null, "station-1");
        Path log = dir.resolve("station-1.jsonl");
        ProvisioningLog pl = new ProvisioningLog(log);
        for (String verdict : new String[] {"pass", "fail", "warn"}) {
            pl.append(LogExportDialogFxTest.rec("lot-1", verdict));
        }
        try (SharedLog s = SharedLog.open(db)) {
            s.push(pl);
        }
        role = TestPostgres.role(db, "GRANT CONNECT ON DATABASE " + db.database() + " TO ROLE",
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO ROLE");
        StationSettings.save(role, null);
        LogExportDialog d = new LogExportDialog(log);
        assertThat(d.source.getItems()).contains("shared log (" + role.server() + ")");
        Path out = dir.resolve("audit.json");
        assertThat(d.writeShared(out, "json", d.sharedFilter())).isEqualTo(3);
        ExportVerifier.Result check = ExportVerifier.verify(out, StationKey.ofThisStation().publicKey());
        assertThat(check.problems()).isEmpty();
        assertThat(check.records()).isEqualTo(3);
    }
}
