package dev.preflight.gui.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.inspect.InspectOptions;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.inspect.InspectionService;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.support.Fixtures;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's wording of findings: about the partition or file, not the path the window shows. */
class FindingTextTest {
    @TempDir
    Path dir;

    private InspectionReport truncatedImage() throws Exception {
        Path img = dir.resolve("lot 7 card.img");
        Files.copy(Fixtures.built("fx-edit", ImageSpec.raspberryPi()), img);
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.WRITE)) {
            ch.truncate(70L << 20);
        }
        return new InspectionService().inspect(img.toString(), new InspectOptions(false, null, null),
                (phase, done, total) -> { }, CancellationToken.none());
    }

    private static Finding first(InspectionReport r, FindingCode code) {
        return r.findings().stream().filter(f -> f.code() == code).findFirst().orElseThrow();
    }

    @Test
    void partitionFindingsOfATruncatedImageLoseThePathAndKeepTheRest() throws Exception {
        InspectionReport r = truncatedImage();
        String src = r.source().path();
        Finding range = first(r, FindingCode.PARTITION_OUT_OF_RANGE);
        assertThat(range.message()).startsWith("Partition 3 of " + src + " spans bytes ");
        assertThat(FindingText.withoutSource(range.message(), src))
                .isEqualTo(range.message().replace(" of " + src, ""))
                .startsWith("Partition 3 spans bytes ");
        Finding chain = first(r, FindingCode.EXTENDED_CHAIN_INVALID);
        assertThat(chain.message()).startsWith("In " + src + ", the extended boot record");
        assertThat(FindingText.withoutSource(chain.message(), src)).startsWith("The extended boot record at sector ")
                .endsWith("lies beyond the end of the image.");
        assertThat(r.findings()).allSatisfy(f -> assertThat(FindingText.withoutSource(f.message(), src))
                .doesNotContain(src));
    }

    @Test
    void messagesWithoutThePathAreUnchanged() throws Exception {
        InspectionReport r = truncatedImage();
        Finding other = r.findings().stream().filter(f -> !f.message().contains(r.source().path())).findFirst()
                .orElseThrow();
        assertThat(FindingText.withoutSource(other.message(), r.source().path())).isSameAs(other.message());
        assertThat(FindingText.withoutSource("x", null)).isEqualTo("x");
    }

    @Test
    void aPathAnywhereElseBecomesTheFilesName() {
        assertThat(FindingText.withoutSource("/media/u/card.img is shorter than one 512-byte sector.",
                "/media/u/card.img")).isEqualTo("card.img is shorter than one 512-byte sector.");
        assertThat(FindingText.withoutSource("C:\\cards\\a.img is empty.", "C:\\cards\\a.img"))
                .isEqualTo("a.img is empty.");
    }
}
