package dev.preflight.core.configjson;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.edit.BackupStore;
import dev.preflight.core.edit.ConfigService;
import dev.preflight.core.edit.Editing;
import dev.preflight.core.inspect.InspectOptions;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.inspect.InspectionService;
import dev.preflight.core.provision.EditJournal;
import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.core.report.Finding;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import dev.preflight.support.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write checks its new config.json against the schema once, and the log record says the same as before. */
class EditValidatesOnceTest {

    @Test
    void aWriteAndItsLogRecordCheckTheSchemaOnce(@TempDir Path dir) throws Exception {
        Path card = Fixtures.copy("validates-once", ImageSpec.raspberryPi().fat(32).configJson(
                "{\"deviceType\":\"raspberrypi4-64\",\"applicationId\":99,\"apiKey\":\"SECRETprovisioningKEY\","
                + "\"apiEndpoint\":\"https://api.balena-cloud.com\",\"persistentLogging\":true}"), dir);
        Path log = dir.resolve("log.jsonl");
        ConfigService service = new ConfigService(new Editing(new BackupStore(dir.resolve("backups")),
                EditJournal.log(log)));

        int before = ConfigJsonValidator.schemaRuns();
        service.set(card.toString(), null, "hostname", TextNode.valueOf("station-7"), new CancellationToken());
        assertThat(ConfigJsonValidator.schemaRuns() - before).isEqualTo(1);

        // the record's findings are those of an inspection of the card as written, made from scratch
        List<ObjectNode> records = new ProvisioningLog(log).read().records();
        assertThat(records).hasSize(1);
        List<String> recorded = new ArrayList<>();
        records.get(0).path("findingCodes").forEach(n -> recorded.add(n.asText()));
        InspectionReport fresh = new InspectionService().inspect(card.toString(), InspectOptions.defaults(),
                ProgressListener.NONE, new CancellationToken());
        assertThat(recorded).isEqualTo(fresh.findings().stream().map(f -> f.code().name()).toList())
                .contains("PERSISTENT_LOGGING_ON_FLASH");
        assertThat(records.get(0).path("hostname").asText()).isEqualTo("station-7");
    }

    @Test
    void otherContentIsCheckedAgain() throws Exception {
        ConfigJsonValidator v = new ConfigJsonValidator();
        ConfigJsonValidator.Context ctx = new ConfigJsonValidator.Context("x", "raspberrypi4-64");
        int before = ConfigJsonValidator.schemaRuns();
        List<Finding> a = v.validate(ConfigJsonValidatorTest.JSON.readTree("{\"deviceType\":\"raspberrypi4-64\"}"), ctx);
        List<Finding> b = v.validate(ConfigJsonValidatorTest.JSON.readTree("{\"deviceType\":\"raspberrypi4-64\"}"),
                new ConfigJsonValidator.Context("y", "raspberrypi4-64"));
        List<Finding> c = v.validate(ConfigJsonValidatorTest.JSON.readTree("{\"deviceType\":7}"), ctx);
        assertThat(ConfigJsonValidator.schemaRuns() - before).isEqualTo(2);
        assertThat(a).isEqualTo(v.validate(ConfigJsonValidatorTest.JSON.readTree("{\"deviceType\":\"raspberrypi4-64\"}"),
                ctx));
        assertThat(b).extracting(Finding::location).doesNotContain("x");
        assertThat(c).extracting(f -> f.code().name()).contains("CONFIG_JSON_INVALID_VALUE");
    }
}
