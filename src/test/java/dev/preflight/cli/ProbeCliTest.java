package dev.preflight.cli;

import static dev.preflight.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The destructive probe refuses unless asked exactly; on a (test) file it runs end to end. */
class ProbeCliTest {
    @TempDir
    Path dir;

    @Test
    void refusesWithoutConfirmationOrForFilesAndRunsWhenAllowed() throws Exception {
        Path f = dir.resolve("card.img");
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(512L << 20);
        }
        CliTest.Result noConfirm = run("probe", f.toString(), "--allow-file");
        assertThat(noConfirm.code()).isEqualTo(2);
        assertThat(noConfirm.err()).contains("--confirm " + f);
        assertThat(run("probe", f.toString(), "--confirm", f.toString()).err()).contains("is a file");
        assertThat(run("probe", dir.resolve("nope").toString(), "--confirm", "x").code()).isEqualTo(2);
        CliTest.Result ok = run("probe", f.toString(), "--confirm", f.toString(), "--allow-file",
                "--samples", "128", "--speed-mib", "8");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("claims 512 MiB", "genuine", "write");
    }
}
