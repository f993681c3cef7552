package dev.preflight.core.serial;

import com.fazecast.jSerialComm.SerialPort;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/** Serial ports through jSerialComm: listing, and capturing a console for a while. */
public final class SerialConsole {
    public record PortInfo(String path, String name, String description) {
    }

    private SerialConsole() {
    }

    public static List<PortInfo> list() {
        List<PortInfo> out = new ArrayList<>();
        for (SerialPort p : SerialPort.getCommPorts()) {
            out.add(new PortInfo(p.getSystemPortPath(), p.getSystemPortName(), p.getPortDescription()));
        }
        return out;
    }

    /**
     * Reads {@code port} for {@code seconds} (8N1 unless told otherwise), copying every byte to
     * {@code sink} as it arrives, and returns what was read.
     */
    public static byte[] capture(String port, int baud, int dataBits, int stopBits, int parity, int seconds,
                                 OutputStream sink, CancellationToken cancel) {
        SerialPort p = SerialPort.getCommPort(port);
        p.setComPortParameters(baud, dataBits, stopBits, parity);
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 200, 0);
        if (!p.openPort()) {
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, "The serial port " + port + " cannot be opened.",
                    "Check the adapter is plugged in and that you may use it (Linux: join the 'dialout' group).");
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        byte[] buf = new byte[4096];
        try (InputStream in = p.getInputStream()) {
            while (System.nanoTime() < end && !cancel.isCancelled()) {
                int n;
                try {
                    n = in.read(buf);
                } catch (com.fazecast.jSerialComm.SerialPortTimeoutException e) {
                    continue;
                }
                if (n < 0) {
                    break;
                }
                if (n > 0) {
                    all.write(buf, 0, n);
                    if (sink != null) {
                        sink.write(buf, 0, n);
                        sink.flush();
                    }
                }
            }
        } catch (IOException e) {
            if (all.size() == 0) {
                throw new PreflightException(ErrorCode.INCOMPLETE, "Reading " + port + " failed: " + e.getMessage(),
                        "The adapter may have been unplugged.", e);
            }
        } finally {
            p.closePort();
        }
        return all.toByteArray();
    }
}
