package dev.preflight.gui.station;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.batch.StationProfile;
import dev.preflight.core.configjson.ConfigJsonDocument;
import dev.preflight.gui.common.Dialogs;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Creates or edits a station profile and saves it as JSON (the same file 'preflight batch --profile' reads). */
final class ProfileDialog {
    /** The saved profile and its file. */
    record Result(StationProfile profile, Path file) {
    }

    final TextField name = new TextField();
    final TextField deviceType = new TextField();
    final TextField osVersion = new TextField();
    final TextField fleetId = new TextField();
    final TextField ssid = new TextField();
    final TextArea required = new TextArea();
    final TextField allowed = new TextField();
    final CheckBox integrity = new CheckBox("Boot partition may differ from the OS image only where balenaOS"
            + " expects it");
    final TextField maxWrites = new TextField();
    final TextField minFree = new TextField();
    private final StationProfile start;
    private final String path;

    ProfileDialog(StationProfile start, String path) {
        this.start = start == null ? new StationProfile() : start;
        this.path = path;
        fill();
    }

    private void fill() {
        name.setText(start.name);
        deviceType.setText(start.deviceType);
        deviceType.setPromptText("e.g. raspberrypi4-64");
        osVersion.setText(start.osVersion);
        osVersion.setPromptText("6.5.44+rev2, or >=6.0.0 <7");
        fleetId.setText(start.fleetId == null ? "" : String.valueOf(start.fleetId));
        ssid.setText(start.requiredWifiSsid);
        StringBuilder req = new StringBuilder();
        start.requiredConfig.forEach((k, v) -> req.append(k).append('=').append(v.isTextual() ? v.asText() : v.toString())
                .append('\n'));
        required.setText(req.toString());
        required.setPrefRowCount(4);
        required.setPromptText("one per line: key=value, e.g.\npersistentLogging=false\nntpServers=ntp.example.com");
        allowed.setText(String.join(", ", start.allowedFindings));
        allowed.setPromptText("finding codes, e.g. HOST_OS_LITTER, FAT_DIRTY");
        integrity.setSelected(start.integrityExpectedOnly);
        maxWrites.setText(start.maxFullCardWrites == null ? "" : String.valueOf(start.maxFullCardWrites));
        minFree.setText(start.minDataFreePercent == null ? "" : String.valueOf(start.minDataFreePercent));
    }

    Optional<Result> show(Window owner) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Station profile");
        d.setHeaderText(path == null ? "A new station profile" : "Edit " + path);
        d.getDialogPane().setId("profileDialog");
        d.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, ButtonType.OK);
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(6);
        int row = 0;
        g.addRow(row++, new Label("Name (batch)"), name);
        g.addRow(row++, new Label("Device type"), deviceType);
        g.addRow(row++, new Label("OS version"), osVersion);
        g.addRow(row++, new Label("Fleet id"), fleetId);
        g.addRow(row++, new Label("Required Wi-Fi SSID"), ssid);
        g.addRow(row++, new Label("Required config.json"), required);
        g.addRow(row++, new Label("Allowed findings"), allowed);
        g.add(integrity, 1, row++);
        g.addRow(row++, new Label("Max full-card writes"), maxWrites);
        g.addRow(row++, new Label("Min free space on data (%)"), minFree);
        Label problems = new Label();
        problems.setId("profileProblems");
        problems.getStyleClass().add("field-error");
        problems.setWrapText(true);
        problems.setMaxWidth(460);
        g.add(problems, 1, row);
        d.getDialogPane().setContent(g);
        Button ok = (Button) d.getDialogPane().lookupButton(ButtonType.OK);
        ok.setText("Save…");
        problems.textProperty().bind(Bindings.createStringBinding(() -> String.join(" ", build().problems),
                name.textProperty(), osVersion.textProperty(), fleetId.textProperty(), required.textProperty(),
                allowed.textProperty(), maxWrites.textProperty(), minFree.textProperty()));
        ok.disableProperty().bind(problems.textProperty().isNotEmpty());
        if (d.showAndWait().filter(b -> b == ButtonType.OK).isEmpty()) {
            return Optional.empty();
        }
        Built b = build();
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the station profile");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Station profiles", "*.json"));
        if (path != null) {
            File f = new File(path);
            fc.setInitialDirectory(f.getParentFile());
            fc.setInitialFileName(f.getName());
        } else {
            fc.setInitialFileName(b.profile.name.replaceAll("[^A-Za-z0-9._-]+", "-") + ".json");
        }
        File f = fc.showSaveDialog(owner);
        if (f == null) {
            return Optional.empty();
        }
        try {
            b.profile.write(f.toPath());
        } catch (IOException e) {
            Dialogs.error(owner, "profileSaveError", "The profile was not saved",
                    Dialogs.notWritten(f, e), null);
            return Optional.empty();
        }
        return Optional.of(new Result(b.profile, f.toPath()));
    }

    record Built(StationProfile profile, List<String> problems) {
    }

    Built build() {
        StationProfile p = new StationProfile();
        List<String> problems = new ArrayList<>();
        p.name = blankToNull(name.getText());
        p.deviceType = blankToNull(deviceType.getText());
        p.osVersion = blankToNull(osVersion.getText());
        p.requiredWifiSsid = blankToNull(ssid.getText());
        p.integrityExpectedOnly = integrity.isSelected();
        try {
            p.fleetId = fleetId.getText().isBlank() ? null : Long.valueOf(fleetId.getText().trim());
        } catch (NumberFormatException e) {
            problems.add("The fleet id must be a number.");
        }
        p.maxFullCardWrites = number(maxWrites.getText(), "max full-card writes", problems);
        p.minDataFreePercent = number(minFree.getText(), "min free space", problems);
        Map<String, JsonNode> req = new LinkedHashMap<>();
        for (String line : required.getText().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                problems.add("Required config.json line \"" + line.strip() + "\" is not key=value.");
                continue;
            }
            req.put(line.substring(0, eq).strip(), ConfigJsonDocument.parseValue(line.substring(eq + 1).strip(), false));
        }
        p.requiredConfig = req;
        p.allowedFindings = new ArrayList<>(Arrays.stream(allowed.getText().split("[,\\s]+")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList());
        if (p.name == null) {
            problems.add("Give the profile a name; it is recorded as the batch in the provisioning log.");
        }
        problems.addAll(p.problems());
        return new Built(p, problems);
    }

    private static Double number(String s, String what, List<String> problems) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(s.trim());
        } catch (NumberFormatException e) {
            problems.add("The " + what + " must be a number.");
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
