package dev.preflight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's class-data-sharing training run takes each command's normal path, not its error path. */
class CdsTrainingTest {
    @Test
    void everyTrainingCommandRunsNormally(@TempDir Path dir) throws Exception {
        String dataDir = System.getProperty("preflight.dataDir");
        try {
            assertThat(CdsTraining.train(dir)).isEmpty();
        } finally {
            if (dataDir == null) {
                System.clearProperty("preflight.dataDir");
            } else {
                System.setProperty("preflight.dataDir", dataDir);
            }
        }
    }
}
