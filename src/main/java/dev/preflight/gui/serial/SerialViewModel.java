package dev.preflight.gui.serial;

import com.fazecast.jSerialComm.SerialPort;
import dev.preflight.core.provision.SerialAttachment;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.serial.BootLogAnalyzer;
import dev.preflight.core.serial.SerialConsole;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.gui.common.Dialogs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A live serial console: reads the port on a worker (jSerialComm through {@link SerialConsole}),
 * hands text to the view in batches ({@link #pump}), keeps recording while the view is paused, and
 * recognises boot milestones and failures as they arrive. The capture can be saved and attached to
 * a card's record in the provisioning log.
 */
public final class SerialViewModel {
    /** At most this much is kept in memory (a boot log is a few hundred KB). */
    static final int LIMIT = 32 << 20;
    private final Executor worker;
    private final Executor ui;
    private final Path log;
    private final Object lock = new Object();
    private final ByteArrayOutputStream all = new ByteArrayOutputStream();
    private int shownUpTo;
    private boolean analysed = true;
    private boolean full;
    private volatile CancellationToken session;
    private String port;
    private Path savedAs;
    public final BooleanProperty paused = new SimpleBooleanProperty();
    private final ReadOnlyBooleanWrapper connected = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Choose a port and connect.");
    private final ObservableList<SerialConsole.PortInfo> ports = FXCollections.observableArrayList();
    private final ObservableList<BootLogAnalyzer.Milestone> milestones = FXCollections.observableArrayList();
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();

    public SerialViewModel(Executor worker, Executor ui, Path log) {
        this.worker = worker;
        this.ui = ui;
        this.log = log;
    }

    public void refreshPorts() {
        worker.execute(() -> {
            List<SerialConsole.PortInfo> now = SerialConsole.list();
            ui.execute(() -> ports.setAll(now));
        });
    }

    /** Opens {@code portPath} at {@code baud} with framing like "8N1" and reads until {@link #disconnect}. */
    public void connect(String portPath, int baud, String framing) {
        if (connected.get()) {
            return;
        }
        if (portPath == null || portPath.isBlank()) {
            status.set("Choose a serial port first.");
            return;
        }
        if (!framing.matches("[5-8][NEOneo][12]")) {
            status.set("Framing must look like 8N1.");
            return;
        }
        int parity = switch (Character.toUpperCase(framing.charAt(1))) {
            case 'E' -> SerialPort.EVEN_PARITY;
            case 'O' -> SerialPort.ODD_PARITY;
            default -> SerialPort.NO_PARITY;
        };
        int stop = framing.charAt(2) == '2' ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT;
        CancellationToken token = new CancellationToken();
        session = token;
        port = portPath;
        connected.set(true);
        status.set("Connected to " + portPath + " at " + baud + " " + framing.toUpperCase() + ".");
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (lock) {
                    if (all.size() + len <= LIMIT) {
                        all.write(b, off, len);
                        analysed = false;
                    } else if (!full) {
                        full = true;
                        ui.execute(() -> status.set("The capture reached " + (LIMIT >> 20) + " MiB: save it and"
                                + " press Clear to go on recording."));
                    }
                }
            }
        };
        worker.execute(() -> {
            String end;
            try {
                SerialConsole.capture(portPath, baud, framing.charAt(0) - '0', stop, parity, 24 * 3600, sink, token);
                end = "Disconnected from " + portPath + ".";
            } catch (PreflightException e) {
                end = e.getMessage() + (e.hint() == null ? "" : " " + e.hint());
            }
            String message = end;
            ui.execute(() -> {
                if (session == token) {
                    connected.set(false);
                    status.set(message);
                }
            });
        });
    }

    public void disconnect() {
        CancellationToken t = session;
        if (t != null) {
            t.cancel();
        }
    }

    /**
     * Called by the view a few times a second: returns the text to append (nothing while paused; all
     * that was withheld once resumed) and updates milestones and findings when new bytes came in.
     */
    public String pump() {
        String chunk = "";
        String full = null;
        synchronized (lock) {
            byte[] bytes = all.toByteArray();
            if (!paused.get() && shownUpTo < bytes.length) {
                int end = bytes.length;
                int i = end - 1;
                while (i > shownUpTo && end - i < 4 && (bytes[i] & 0xC0) == 0x80) {
                    i--;
                }
                int lead = bytes[i] & 0xFF;
                int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
                if (end - i < need) {
                    end = i; // do not split a UTF-8 character; the rest comes with the next bytes
                }
                chunk = new String(bytes, shownUpTo, end - shownUpTo, StandardCharsets.UTF_8);
                shownUpTo = end;
            }
            if (!analysed) {
                full = new String(bytes, StandardCharsets.UTF_8);
                analysed = true;
            }
        }
        if (full != null) {
            BootLogAnalyzer.Result r = BootLogAnalyzer.analyse(full, port == null ? "serial" : port);
            if (!r.milestones().equals(milestones)) {
                milestones.setAll(r.milestones());
            }
            if (!r.findings().equals(findings)) {
                findings.setAll(r.findings());
            }
        }
        return chunk.replace("\r\n", "\n").replace('\r', '\n');
    }

    public byte[] capture() {
        synchronized (lock) {
            return all.toByteArray();
        }
    }

    public void clear() {
        synchronized (lock) {
            all.reset();
            shownUpTo = 0;
            analysed = false;
            full = false;
        }
        savedAs = null;
    }

    /** Saves the raw bytes (not the view's text) to {@code file}. */
    public void save(Path file) {
        try {
            Files.write(file, capture());
            savedAs = file;
            status.set("Saved " + capture().length + " bytes to " + file + ".");
        } catch (IOException e) {
            status.set(Dialogs.notWritten(file, e));
        }
    }

    /** Attaches the capture so far to {@code cardPath}'s record in the provisioning log, in the background. */
    public void attach(String cardPath) {
        if (cardPath == null) {
            status.set("Open the card this board booted from in the main window first.");
            return;
        }
        byte[] data = capture();
        String p = port == null ? "serial" : port;
        Path saved = savedAs;
        status.set("Attaching the capture to " + cardPath + "…");
        worker.execute(() -> {
            String message = SerialAttachment.attachOrExplain(log, cardPath, p, data, saved).message();
            ui.execute(() -> status.set(message));
        });
    }

    public ObservableList<SerialConsole.PortInfo> ports() {
        return ports;
    }

    public ObservableList<BootLogAnalyzer.Milestone> milestones() {
        return milestones;
    }

    public ObservableList<Finding> findings() {
        return findings;
    }

    public ReadOnlyBooleanProperty connectedProperty() {
        return connected.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
