package dev.preflight.gui.wifi;

import dev.preflight.core.network.Connection;
import dev.preflight.gui.common.Validation;
import impl.org.controlsfx.skin.DecorationPane;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.controlsfx.validation.ValidationSupport;

/**
 * Add or change a Wi-Fi network: SSID, security, password with show/hide and live format and
 * strength feedback, hidden network, country. Nothing is written while a problem is shown.
 */
final class WifiDialog {
    private final WifiViewModel vm;
    private final Connection existing;
    final TextField ssid = new TextField();
    final ChoiceBox<WifiViewModel.Security> security = new ChoiceBox<>();
    final PasswordField password = new PasswordField();
    final TextField passwordShown = new TextField();
    final CheckBox show = new CheckBox("Show password");
    final Label feedback = new Label();
    final CheckBox hidden = new CheckBox("Hidden network (does not broadcast its name)");
    final TextField country = new TextField();
    private final ValidationSupport validation = Validation.support();

    WifiDialog(WifiViewModel vm, Connection existing) {
        this.vm = vm;
        this.existing = existing;
    }

    void showFor(Window owner) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle(existing == null ? "Add Wi-Fi network" : "Change Wi-Fi network");
        d.setHeaderText((existing == null ? "Add a Wi-Fi network to " : "Change " + existing.file() + " on ")
                + vm.path());
        d.getDialogPane().setId("wifiDialog");
        d.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, ButtonType.OK);

        ssid.setId("wifiSsid");
        ssid.setPromptText("Network name");
        ssid.setAccessibleText("Network name (SSID)");
        security.setId("wifiSecurity");
        security.getItems().setAll(WifiViewModel.Security.values());
        security.setConverter(new StringConverter<>() {
            @Override
            public String toString(WifiViewModel.Security s) {
                return s == null ? "" : switch (s) {
                    case WPA2 -> "WPA2 Personal (most networks)";
                    case WPA3 -> "WPA3 Personal (SAE)";
                    case OPEN -> "Open (no password)";
                };
            }

            @Override
            public WifiViewModel.Security fromString(String s) {
                return null;
            }
        });
        security.setValue(WifiViewModel.Security.WPA2);
        password.setId("wifiPassword");
        password.setAccessibleText("Password");
        passwordShown.setId("wifiPasswordShown");
        passwordShown.textProperty().bindBidirectional(password.textProperty());
        passwordShown.visibleProperty().bind(show.selectedProperty());
        password.visibleProperty().bind(show.selectedProperty().not());
        show.setId("wifiShowPassword");
        feedback.setId("wifiPasswordFeedback");
        feedback.setWrapText(true);
        feedback.setMaxWidth(380);
        feedback.setMinHeight(Region.USE_PREF_SIZE); // a long rule wraps, never "…"
        hidden.setId("wifiHidden");
        country.setId("wifiCountry");
        country.setPrefColumnCount(4);
        country.setPromptText("e.g. DE");
        country.setAccessibleText("Country code for Wi-Fi channels");
        country.setText(vm.countryProperty().get());
        if (existing != null) {
            ssid.setText(existing.ssid());
            security.setValue("sae".equals(existing.security()) ? WifiViewModel.Security.WPA3
                    : existing.hasPsk() ? WifiViewModel.Security.WPA2 : WifiViewModel.Security.OPEN);
            hidden.setSelected(existing.hidden());
            password.setPromptText(existing.hasPsk() ? "leave empty to keep the current password" : "");
        }

        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        g.addRow(0, labelFor("Network name (SSID)", ssid), ssid);
        g.addRow(1, labelFor("Security", security), security);
        g.addRow(2, labelFor("Password", password), new StackPane(password, passwordShown));
        g.add(show, 1, 3);
        g.add(feedback, 1, 4);
        g.add(hidden, 1, 5);
        g.addRow(6, labelFor("Country", country), country);
        Label countryHelp = new Label("Two-letter code; sets the allowed Wi-Fi channels (config.json \"country\").");
        countryHelp.getStyleClass().add("muted");
        countryHelp.setWrapText(true);
        countryHelp.setMaxWidth(380);
        countryHelp.setMinHeight(Region.USE_PREF_SIZE);
        g.add(countryHelp, 1, 7);
        // the decorations' own pane inside the dialog: ControlsFX would otherwise take over the dialog's root
        DecorationPane decorated = new DecorationPane();
        decorated.setRoot(g);
        d.getDialogPane().setContent(decorated);
        decorate();

        password.disableProperty().bind(security.valueProperty().isEqualTo(WifiViewModel.Security.OPEN));
        passwordShown.disableProperty().bind(password.disableProperty());
        BooleanBinding invalid = Bindings.createBooleanBinding(() -> !problems().isEmpty(),
                ssid.textProperty(), password.textProperty(), security.valueProperty(), country.textProperty());
        feedback.textProperty().bind(Bindings.createStringBinding(this::feedbackText,
                ssid.textProperty(), password.textProperty(), security.valueProperty(), country.textProperty()));
        Button ok = (Button) d.getDialogPane().lookupButton(ButtonType.OK);
        ok.setText(existing == null ? "Add to card" : "Write to card");
        ok.setId("wifiOk");
        ok.disableProperty().bind(invalid);
        d.setOnShown(e -> ssid.requestFocus());
        feedback.heightProperty().addListener((o, a, b) -> { // a message that wraps to more lines grows the dialog
            Window w = d.getDialogPane().getScene().getWindow();
            if (w != null && w.isShowing() && b.doubleValue() > a.doubleValue()) {
                w.sizeToScene();
            }
        });
        d.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> vm.save(request(), () -> { }));
    }

    /**
     * The field at fault gets the error icon and red border, from the view-model's rules (the same ones that
     * keep "Add to card" disabled and fill the feedback line). Marked from the first edit on, not on opening.
     */
    private void decorate() {
        Validation.register(validation, ssid, () -> problem(WifiViewModel.Field.SSID));
        Validation.register(validation, password, () -> problem(WifiViewModel.Field.PASSWORD));
        Validation.register(validation, passwordShown, () -> problem(WifiViewModel.Field.PASSWORD));
        Validation.register(validation, country, () -> problem(WifiViewModel.Field.COUNTRY));
        // the password's rules depend on the security; showing or hiding it swaps the field on screen
        security.valueProperty().addListener(o -> validation.revalidate());
        show.selectedProperty().addListener(o -> validation.revalidate());
    }

    private String problem(WifiViewModel.Field f) {
        return WifiViewModel.fieldProblems(request()).get(f);
    }

    private static Label labelFor(String text, Node n) {
        Label l = new Label(text);
        l.setLabelFor(n);
        return l;
    }

    WifiViewModel.Request request() {
        String pw = password.getText();
        if (existing != null && pw.isEmpty() && security.getValue() != WifiViewModel.Security.OPEN) {
            pw = existing.psk();
        }
        return new WifiViewModel.Request(ssid.getText(), security.getValue(), pw, hidden.isSelected(),
                country.getText(), existing == null ? null : existing.file(), existing);
    }

    private List<String> problems() {
        return WifiViewModel.problems(request());
    }

    private String feedbackText() {
        feedback.getStyleClass().removeAll("strength-weak", "strength-fair", "strength-good", "field-error");
        List<String> p = problems();
        if (!p.isEmpty()) {
            feedback.getStyleClass().add("field-error");
            return String.join(" ", p);
        }
        if (security.getValue() == WifiViewModel.Security.OPEN) {
            return "Anyone in range can join an open network.";
        }
        if (existing != null && password.getText().isEmpty()) {
            return "The current password is kept.";
        }
        WifiViewModel.PasswordFeedback f = WifiViewModel.assess(password.getText(), security.getValue());
        String word = f.strength().startsWith("good") ? "good" : f.strength().startsWith("weak") ? "weak" : "fair";
        feedback.getStyleClass().add("strength-" + word);
        return "Password strength: " + f.strength() + ".";
    }
}
