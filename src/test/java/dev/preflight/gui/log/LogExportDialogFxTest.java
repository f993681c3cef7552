package dev.preflight.gui.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.provision.ExportVerifier;
import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.core.provision.StationKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The desktop export filters like 'preflight log export', writes the same signed formats and says if the
 * log was altered or its signed head does not verify.
 */
@ExtendWith(ApplicationExtension.class)
class LogExportDialogFxTest {
    @Start
    void start(Stage stage) {
        stage.show();
    }

    static ObjectNode rec(String batch, String verdict) {
        ObjectNode n = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        n.put("action", "batch");
        n.putObject("card").put("identity", "disk:" + batch + verdict);
        n.put("verdict", verdict);
        n.put("batch", batch);
        return n;
    }

    @Test
    void filtersWriteAndIntegrity(FxRobot robot, @TempDir Path dir) throws Exception {
        Path log = dir.resolve("log.jsonl");
        ProvisioningLog pl = new ProvisioningLog(log);
        pl.append(rec("lot-1", "pass"));
        pl.append(rec("lot-1", "fail"));
        pl.append(rec("lot-2", "pass"));
        LogExportDialog d = new LogExportDialog(log);
        assertThat(d.integrity.getText()).contains("3 record(s)", "intact", "signed head verifies");
        assertThat(d.batch.getItems()).containsExactly("any", "lot-1", "lot-2");
        assertThat(d.selected()).hasSize(3);
        robot.interact(() -> {
            d.batch.setValue("lot-1");
            d.verdict.setValue("pass");
        });
        assertThat(d.selected()).hasSize(1);
        assertThat(d.matching.getText()).isEqualTo("1 record(s) match.");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        robot.interact(() -> {
            d.verdict.setValue("any");
            d.since.setValue(today);
            d.until.setValue(today);
        });
        assertThat(d.selected()).hasSize(2);
        robot.interact(() -> d.since.setValue(today.plusDays(1)));
        assertThat(d.selected()).isEmpty();
        robot.interact(() -> {
            d.since.setValue(null);
            d.format.setValue("csv");
        });
        Path out = dir.resolve("lot-1.csv");
        d.write(out);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("seq,time,action");
        assertThat(lines.subList(1, 3)).allSatisfy(l -> assertThat(l).contains("lot-1"));
        assertThat(lines.get(3)).startsWith("\"#preflight-export-head {");
        // the same signed export as the command line: it checks out with the station's public key alone
        ExportVerifier.Result check = ExportVerifier.verify(out, StationKey.ofThisStation().publicKey());
        assertThat(check.problems()).isEmpty();
        assertThat(check.summary()).contains("records 1-2", "batch=lot-1");

        List<String> text = Files.readAllLines(log);
        Files.write(log, List.of(text.get(0), text.get(2)));
        assertThat(new LogExportDialog(log).integrity.getText()).startsWith("The log has been altered");
        assertThat(new LogExportDialog(dir.resolve("none.jsonl")).integrity.getText()).contains("no provisioning log");
    }
}
