package dev.preflight.gui.common;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import javafx.geometry.Pos;
import javafx.scene.control.Control;
import org.controlsfx.control.decoration.Decoration;
import org.controlsfx.control.decoration.GraphicDecoration;
import org.controlsfx.validation.ValidationMessage;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.Validator;
import org.controlsfx.validation.decoration.CompoundValidationDecoration;
import org.controlsfx.validation.decoration.GraphicValidationDecoration;
import org.controlsfx.validation.decoration.StyleClassValidationDecoration;

/**
 * ControlsFX validation decorations for the editors' fields: an error icon (its tooltip says what is wrong)
 * and the {@code invalid} style (a red border). The rules stay in the view-models; a field's validator only
 * asks them, so the decorations, the messages under the fields and the save checks always agree.
 */
public final class Validation {
    private Validation() {
    }

    /** A validation support that decorates with the icon and the {@code invalid} style class. */
    public static ValidationSupport support() {
        ValidationSupport v = new ValidationSupport();
        v.setValidationDecorator(new CompoundValidationDecoration(
                new StyleClassValidationDecoration("invalid", "invalid-warning"), new IconInside()));
        return v;
    }

    /** The error icon inside the field's right end, where it covers neither the text nor the line below. */
    private static final class IconInside extends GraphicValidationDecoration {
        @Override
        protected Collection<Decoration> createValidationDecorations(ValidationMessage message) {
            return List.of(new GraphicDecoration(createDecorationNode(message), Pos.CENTER_RIGHT, -14, 0));
        }
    }

    /**
     * Validates {@code c} with {@code problem}: the view-model's message for the field now, or null when it is
     * fine. Not a required field: the view-model says whether empty is allowed.
     */
    public static void register(ValidationSupport v, Control c, Supplier<String> problem) {
        v.registerValidator(c, false, (Validator<Object>) (control, value) -> {
            String p = problem.get();
            return ValidationResult.fromErrorIf(control, p == null ? "" : p, p != null);
        });
    }
}
