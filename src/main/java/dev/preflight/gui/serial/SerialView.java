package dev.preflight.gui.serial;

import dev.preflight.core.report.Finding;
import dev.preflight.core.serial.BootLogAnalyzer;
import dev.preflight.core.serial.SerialConsole;
import dev.preflight.gui.common.Sections;
import dev.preflight.gui.common.Tables;
import dev.preflight.gui.common.TextAreas;
import java.io.File;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import javafx.util.StringConverter;

/** The live serial console: port and framing, connect, pause, search, save, attach; milestones and failures beside. */
public final class SerialView extends BorderPane {
    private final SerialViewModel vm;
    private final TextArea console = new TextArea();
    private final TextField search = new TextField();

    public SerialView(SerialViewModel vm, ObservableStringValue openCard) {
        this.vm = vm;
        setId("serialView");
        ChoiceBox<SerialConsole.PortInfo> port = new ChoiceBox<>(vm.ports());
        port.setId("serialPort");
        port.setConverter(new StringConverter<>() {
            @Override
            public String toString(SerialConsole.PortInfo p) {
                return p == null ? "" : p.path() + (p.description() == null || p.description().isBlank() ? ""
                        : " — " + p.description());
            }

            @Override
            public SerialConsole.PortInfo fromString(String s) {
                return null;
            }
        });
        TextField manual = new TextField();
        manual.setId("serialPortPath");
        manual.setPromptText("or type a port, e.g. /dev/ttyUSB0");
        manual.setPrefColumnCount(14);
        port.valueProperty().addListener((o, a, p) -> manual.setText(p == null ? "" : p.path()));
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> vm.refreshPorts());
        ComboBox<String> baud = new ComboBox<>();
        baud.setId("serialBaud");
        baud.getItems().addAll("9600", "19200", "38400", "57600", "115200", "230400", "460800", "921600", "1500000");
        baud.setEditable(true);
        baud.setValue("115200");
        baud.setPrefWidth(110);
        ChoiceBox<String> framing = new ChoiceBox<>();
        framing.getItems().addAll("8N1", "8E1", "8O1", "7E1", "7O1", "8N2");
        framing.setValue("8N1");
        Button connect = new Button();
        connect.setId("serialConnect");
        connect.textProperty().bind(Bindings.when(vm.connectedProperty()).then("Disconnect").otherwise("Connect"));
        connect.setOnAction(e -> {
            if (vm.connectedProperty().get()) {
                vm.disconnect();
            } else {
                try {
                    vm.connect(manual.getText().strip(), Integer.parseInt(baud.getValue().strip()), framing.getValue());
                } catch (NumberFormatException ex) {
                    baud.setValue("115200"); // not a number: back to the usual speed
                }
            }
        });
        ToggleButton pause = new ToggleButton("Pause");
        pause.setId("serialPause");
        pause.setTooltip(new Tooltip("Freeze the view; recording continues"));
        pause.selectedProperty().bindBidirectional(vm.paused);
        search.setId("serialSearch");
        search.setPromptText("Search (Enter: next)");
        search.setOnAction(e -> findNext());
        Button save = new Button("Save…");
        save.setId("serialSave");
        save.setOnAction(e -> save());
        Button attach = new Button("Attach to card");
        attach.setId("serialAttach");
        attach.setTooltip(new Tooltip("Record this capture against the card open in the main window"));
        attach.disableProperty().bind(Bindings.createBooleanBinding(() -> openCard.get() == null, openCard));
        attach.setOnAction(e -> vm.attach(openCard.get()));
        Button clear = new Button("Clear");
        clear.setOnAction(e -> {
            vm.clear();
            console.clear();
        });
        setTop(new VBox(new ToolBar(new Label("Port"), port, manual, refresh, new Label("Baud"), baud, framing, connect),
                new ToolBar(pause, search, new Separator(), save, attach, clear)));

        console.setId("serialConsole");
        console.setEditable(false);
        console.setWrapText(false);
        console.getStyleClass().addAll("code-area", "serial-view");
        ListView<BootLogAnalyzer.Milestone> ms = new ListView<>(vm.milestones());
        ms.setId("serialMilestones");
        ms.setPlaceholder(new Label("No milestone yet."));
        ms.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(BootLogAnalyzer.Milestone m, boolean empty) {
                super.updateItem(m, empty);
                setText(empty || m == null ? null : "✓ " + m.name() + " (line " + m.line() + ")");
            }
        });
        ms.getSelectionModel().selectedItemProperty().addListener((o, a, m) -> {
            if (m != null) {
                TextAreas.selectLine(console, m.line());
            }
        });
        ListView<Finding> problems = new ListView<>(vm.findings());
        problems.setId("serialFindings");
        problems.setPlaceholder(new Label("No failure seen."));
        problems.setCellFactory(lv -> Tables.findingCell(f -> f.code() + ": " + f.message(), true));
        VBox side = Sections.body(6, problems, Sections.title("Boot milestones"), ms, Sections.title("Failures"),
                problems);
        SplitPane split = new SplitPane(console, side);
        split.setDividerPositions(0.7);
        setCenter(split);
        Label status = new Label();
        status.setId("serialStatus");
        status.textProperty().bind(vm.statusProperty());
        status.getStyleClass().add("status-bar");
        status.setMaxWidth(Double.MAX_VALUE);
        setBottom(status);

        Timeline pump = new Timeline(new KeyFrame(Duration.millis(150), e -> {
            String chunk = vm.pump();
            if (!chunk.isEmpty()) {
                console.appendText(chunk);
            }
        }));
        pump.setCycleCount(Timeline.INDEFINITE);
        pump.play();
        vm.refreshPorts();
    }

    private void findNext() {
        String q = search.getText();
        if (q == null || q.isEmpty()) {
            return;
        }
        String text = console.getText().toLowerCase(Locale.ROOT);
        String needle = q.toLowerCase(Locale.ROOT);
        int from = console.getSelection().getEnd();
        int at = text.indexOf(needle, from);
        if (at < 0) {
            at = text.indexOf(needle);
        }
        if (at >= 0) {
            console.selectRange(at, at + needle.length());
        }
    }

    private void save() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the serial capture");
        fc.setInitialFileName("boot-" + LocalDateTime.now().format(
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log");
        File f = fc.showSaveDialog(getScene().getWindow());
        if (f != null) {
            vm.save(f.toPath());
        }
    }
}
