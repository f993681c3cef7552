package dev.preflight.core.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An export too large to check in this heap is refused with the way to check it, before it is read. */
class ExportVerifierSizeTest {
    @TempDir
    Path dir;

    @Test
    void anExportLargerThanTheHeapCanCheckIsRefusedBeforeItIsRead() throws Exception {
        Path big = dir.resolve("export.csv");
        long size = Runtime.getRuntime().maxMemory() / ExportVerifier.HEAP_PER_BYTE + (1 << 20);
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(size); // sparse: nothing is written, and nothing may be read
        }
        StationKey key = StationKey.in(dir.resolve("keys"));
        assertThatThrownBy(() -> ExportVerifier.verify(big, key.publicKey()))
                .isInstanceOfSatisfying(PreflightException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.UNREADABLE_INPUT);
                    assertThat(e.getMessage()).contains(big.toString(), "reads it whole", "can check one of up to");
                    assertThat(e.hint()).contains("PREFLIGHT_EXTRA_OPTS=-Xmx", "--since");
                });
    }

    @Test
    void theLimitIsTheHeapOverWhatAnExportTakesPerByte() {
        ExportVerifier.requireRoom(Path.of("ok.csv"), (512L << 20) / 8, 512L << 20);
        assertThatThrownBy(() -> ExportVerifier.requireRoom(Path.of("big.json"), (512L << 20) / 8 + 1, 512L << 20))
                .hasMessageContaining("big.json is 64 MiB").hasMessageContaining("(512 MiB) can check one of up to 64 MiB");
    }
}
