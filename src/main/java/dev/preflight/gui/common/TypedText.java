package dev.preflight.gui.common;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.TextInputControl;
import javafx.util.Duration;

/**
 * The one way an editor's text area and its view-model stay in step: what the model holds is shown (the
 * caret kept where it was), and what is typed reaches the model after a short pause, when the area loses
 * focus, or when {@link #flush()} is called before a save or a tab change, never once per keystroke.
 */
public final class TypedText {
    /** How long typing must pause before the text is checked. */
    public static final Duration PAUSE = Duration.millis(300);

    private final TextInputControl area;
    private final ObservableStringValue model;
    private final Consumer<String> apply;
    private final BooleanSupplier ready;
    private final PauseTransition typing = new PauseTransition(PAUSE);

    private TypedText(TextInputControl area, ObservableStringValue model, Consumer<String> apply,
                      BooleanSupplier ready) {
        this.area = area;
        this.model = model;
        this.apply = apply;
        this.ready = ready;
    }

    /**
     * Binds {@code area} to {@code model}; typed text goes to {@code apply} while {@code ready} holds (a
     * document is loaded).
     */
    public static TypedText bind(TextInputControl area, ObservableStringValue model, Consumer<String> apply,
                                 BooleanSupplier ready) {
        TypedText t = new TypedText(area, model, apply, ready);
        area.setText(model.get());
        model.addListener((o, a, b) -> {
            if (b != null && !area.getText().equals(b)) {
                int caret = Math.min(area.getCaretPosition(), b.length());
                area.setText(b);
                area.positionCaret(caret);
            }
        });
        t.typing.setOnFinished(e -> t.flush());
        area.textProperty().addListener((o, a, b) -> {
            if (!b.equals(model.get())) {
                t.typing.playFromStart();
            }
        });
        area.focusedProperty().addListener((o, a, focused) -> {
            if (!focused) {
                t.flush();
            }
        });
        return t;
    }

    /** Hands text typed in the last moments (before its pause) to the view-model. */
    public void flush() {
        typing.stop();
        if (ready.getAsBoolean() && !area.getText().equals(model.get())) {
            apply.accept(area.getText());
        }
    }
}
