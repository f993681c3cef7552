package dev.preflight.core.serial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.support.PtyPair;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boot milestones and failures from console logs; capture through a real pseudo-terminal pair. */
class SerialTest {
    @TempDir
    Path dir;

    static String log(String name) throws Exception {
        return new String(SerialTest.class.getResourceAsStream("/bootlogs/" + name).readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aHealthyBootReachesLogin() throws Exception {
        BootLogAnalyzer.Result r = BootLogAnalyzer.analyse(log("healthy-pi4.log"), "console");
        assertThat(r.milestones()).extracting(BootLogAnalyzer.Milestone::name)
                .containsExactly("bootloader", "kernel", "balenaOS", "login");
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void aFailingCardIsExplained() throws Exception {
        BootLogAnalyzer.Result r = BootLogAnalyzer.analyse(log("failing-card.log"), "console");
        // in the order they first appear on the console
        assertThat(r.findings()).extracting(Finding::code).containsExactly(FindingCode.SERIAL_UNDERVOLTAGE,
                FindingCode.SERIAL_MMC_ERROR, FindingCode.SERIAL_IO_ERROR, FindingCode.SERIAL_EXT4_ERROR,
                FindingCode.SERIAL_NO_LOGIN);
        assertThat(r.findings().get(0).message()).contains("Seen 2 time(s)").contains("line 5");
        assertThat(r.findings().get(0).location()).isEqualTo("console:5");
    }

    @Test
    void aPanicWithoutRootIsExplained() throws Exception {
        BootLogAnalyzer.Result r = BootLogAnalyzer.analyse(log("panic-no-root.log"), "console");
        assertThat(r.findings()).extracting(Finding::code).contains(FindingCode.SERIAL_KERNEL_PANIC,
                FindingCode.SERIAL_ROOT_MOUNT_FAILED, FindingCode.SERIAL_NO_LOGIN);
        assertThat(r.reached("kernel")).isTrue();
    }

    @Test
    void capturesFromARealPseudoTerminalPair() throws Exception {
        try (PtyPair pty = PtyPair.open(dir)) {
            byte[] boot = log("healthy-pi4.log").getBytes(StandardCharsets.UTF_8);
            Thread writer = new Thread(() -> {
                try (OutputStream o = Files.newOutputStream(pty.board())) {
                    Thread.sleep(700);
                    o.write(boot);
                    o.flush();
                    Thread.sleep(500);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            writer.start();
            ByteArrayOutputStream echo = new ByteArrayOutputStream();
            byte[] got = SerialConsole.capture(pty.device(), 115200, 8,
                    com.fazecast.jSerialComm.SerialPort.ONE_STOP_BIT, com.fazecast.jSerialComm.SerialPort.NO_PARITY, 3,
                    echo, CancellationToken.none());
            writer.join();
            assertThat(got).isEqualTo(boot);
            assertThat(echo.toByteArray()).isEqualTo(boot);
            assertThat(BootLogAnalyzer.analyse(new String(got, StandardCharsets.UTF_8), "pty").reached("login")).isTrue();
        }
    }
}
