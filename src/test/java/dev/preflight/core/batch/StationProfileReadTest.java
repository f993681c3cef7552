package dev.preflight.core.batch;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StationProfileReadTest {
    @Test
    void aBrokenProfileSaysWhereAndWhatWithoutParserNoise(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\n  bad");
        assertThatThrownBy(() -> StationProfile.read(bad)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("line 2, column 3: ").hasMessageNotContaining("Source");
        Path unknown = Files.writeString(dir.resolve("unknown.json"), "{\"name\":\"line-1\",\"colour\":1}");
        assertThatThrownBy(() -> StationProfile.read(unknown)).isInstanceOf(IOException.class)
                .hasMessageEndingWith("unknown setting \"colour\"");
    }
}
