package dev.preflight.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.edit.BackupStore;
import dev.preflight.core.edit.ConfigService;
import dev.preflight.core.image.Compression;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import dev.preflight.core.verify.ReferenceVerifier;
import dev.preflight.support.Fixtures;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Card against reference image: tables, boot files (masked diffs), rootA bytes. */
class ReferenceVerifierTest {
    static final ImageSpec REF = ImageSpec.raspberryPi().fat(32).configJson("{\"deviceType\":\"raspberrypi4-64\","
            + "\"apiKey\":\"VerySecretKey42\",\"apiEndpoint\":\"https://api.balena-cloud.com\",\"applicationId\":1}");
    @TempDir
    Path dir;

    ReferenceVerifier.Result verify(Path card, Path ref, boolean full) {
        return new ReferenceVerifier().verify(card.toString(), ref.toString(), full, ProgressListener.NONE,
                CancellationToken.none());
    }

    @Test
    void aConfiguredCardMatchesItsCompressedReference() {
        Path card = Fixtures.copy("verify-ref", REF, dir);
        new ConfigService(new BackupStore(dir.resolve("b"))).set(card.toString(), null, "hostname",
                TextNode.valueOf("line-7"), CancellationToken.none());
        Path gz = Fixtures.compressed("verify-ref", REF, Compression.GZIP, 0);
        ReferenceVerifier.Result r = verify(card, gz, true);
        assertThat(r.verdict().word()).isEqualTo("pass");
        assertThat(r.findings()).extracting(Finding::code).containsExactly(FindingCode.VERIFY_CONFIG_CHANGED);
        assertThat(r.files()).filteredOn(f -> f.status().equals("differs")).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("config.json");
            assertThat(f.diff()).contains("+   \"hostname\": \"line-7\"").doesNotContain("VerySecretKey42");
        });
        assertThat(r.partitions()).singleElement().satisfies(d -> {
            assertThat(d.label()).isEqualTo("resin-rootA");
            assertThat(d.match()).isTrue();
            assertThat(d.cardSha256()).hasSize(64).isEqualTo(d.referenceSha256());
        });
    }

    @Test
    void modifiedBootFilesAndRootABytesAreFound() throws Exception {
        Path card = Fixtures.copy("verify-ref", REF, dir);
        Path tampered = Fixtures.built("verify-tampered", ImageSpec.raspberryPi().fat(32).configJson(
                "{\"deviceType\":\"raspberrypi4-64\",\"apiKey\":\"VerySecretKey42\",\"apiEndpoint\":"
                        + "\"https://api.balena-cloud.com\",\"applicationId\":1}")
                .bootFileAfterFingerprint("kernel8.img", "evil".getBytes()));
        ReferenceVerifier.Result r = verify(tampered, Fixtures.built("verify-ref", REF), false);
        assertThat(r.findings()).filteredOn(f -> f.code() == FindingCode.VERIFY_FILE_DIFFERS)
                .extracting(Finding::location).containsExactly("boot:/kernel8.img");
        try (RandomAccessFile f = new RandomAccessFile(card.toFile(), "rw")) {
            f.seek((44L << 20) + (5L << 20));
            f.write(new byte[] {1, 2, 3});
        }
        ReferenceVerifier.Result full = verify(card, Fixtures.built("verify-ref", REF), true);
        assertThat(full.findings()).filteredOn(f -> f.code() == FindingCode.VERIFY_PARTITION_MISMATCH).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("byte 4194304"));
        assertThat(full.verdict().word()).isEqualTo("fail");
    }

    @Test
    void aDifferentLayoutIsATableMismatch() {
        ReferenceVerifier.Result r = verify(Fixtures.built("verify-ref", REF),
                Fixtures.built("verify-gpt", ImageSpec.raspberryPi().table(ImageSpec.Table.GPT)), false);
        assertThat(r.findings()).extracting(Finding::code).contains(FindingCode.VERIFY_TABLE_MISMATCH);
    }
}
