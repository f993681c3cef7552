package dev.preflight.gui.start;

import dev.preflight.core.batch.RemovableCards;
import dev.preflight.gui.common.Buttons;
import dev.preflight.gui.common.Sections;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The start panel beside the dashboard: open an image, folder or the demo; the cards in the readers
 * right now (Linux, refreshed every two seconds off the UI thread); and the recent items.
 */
public final class StartPanel extends VBox {
    private final ObservableList<RemovableCards.Card> cards = FXCollections.observableArrayList();

    public StartPanel(RecentItems recent, Consumer<String> open, Runnable chooseImage, Runnable chooseFolder,
                      Runnable demo) {
        getStyleClass().add("sidebar");
        setId("startPanel");
        setPrefWidth(250);
        setMinWidth(200);
        Button image = wide("startOpenImage", "Open image…", "A raw or compressed balenaOS image (Ctrl+O)");
        image.setOnAction(e -> chooseImage.run());
        Button folder = wide("startOpenFolder", "Open boot folder…", "A mounted resin-boot partition (Ctrl+Shift+O)");
        folder.setOnAction(e -> chooseFolder.run());
        Button demoButton = wide("startDemo", "Demo card", "The bundled demo card with a few deliberate problems");
        demoButton.setOnAction(e -> demo.run());

        ListView<RemovableCards.Card> cardList = new ListView<>(cards);
        cardList.setId("startCards");
        cardList.setPrefHeight(150);
        cardList.setPlaceholder(placeholder(System.getProperty("os.name", "").toLowerCase().contains("linux")
                ? "No card in a reader. Insert one; it appears here." : "Cards appear here on Linux. Elsewhere, open"
                + " the mounted boot volume with \"Open boot folder\"."));
        cardList.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(RemovableCards.Card c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? null : c.describe());
                setWrapText(true);
                setPrefWidth(0);
                setTooltip(empty || c == null ? null : new Tooltip(c.describe()
                        + (c.readerSerial() == null ? "" : "\nReader serial " + c.readerSerial())
                        + (c.mountPoints().isEmpty() ? "" : "\nMounted at " + String.join(", ", c.mountPoints()))));
            }
        });
        activate(cardList, c -> open.accept(c.device()));

        ListView<String> recentList = new ListView<>(recent.items());
        recentList.setId("startRecent");
        recentList.setPlaceholder(placeholder("Nothing opened yet."));
        recentList.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(String p, boolean empty) {
                super.updateItem(p, empty);
                if (empty || p == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                String name = p.startsWith("/dev/") ? p : new File(p).getName();
                setText(name + (p.startsWith("/dev/") || Files.exists(Path.of(p)) ? "" : " (missing)"));
                setTooltip(new Tooltip(p));
            }
        });
        MenuItem forget = new MenuItem("Remove from list");
        forget.setOnAction(e -> {
            String p = recentList.getSelectionModel().getSelectedItem();
            if (p != null) {
                recent.remove(p);
            }
        });
        MenuItem clear = new MenuItem("Clear list");
        clear.setOnAction(e -> recent.clear());
        recentList.setContextMenu(new ContextMenu(forget, clear));
        activate(recentList, open);

        getChildren().addAll(Sections.title("Open"), image, folder, demoButton, Sections.title("Cards in readers"),
                cardList, Sections.title("Recent"), recentList);
        VBox.setVgrow(recentList, Priority.ALWAYS);
    }

    private static <T> void activate(ListView<T> list, Consumer<T> action) {
        list.setOnMouseClicked(e -> {
            T t = list.getSelectionModel().getSelectedItem();
            if (e.getClickCount() == 2 && t != null) {
                action.accept(t);
            }
        });
        list.setOnKeyPressed(e -> {
            T t = list.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && t != null) {
                action.accept(t);
            }
        });
    }

    /** Starts refreshing the card list every two seconds from {@code scan}, run on {@code scheduler}. */
    public void watch(ScheduledExecutorService scheduler, Supplier<List<RemovableCards.Card>> scan) {
        scheduler.scheduleWithFixedDelay(() -> {
            List<RemovableCards.Card> now = scan.get();
            Platform.runLater(() -> {
                if (!now.equals(cards)) {
                    cards.setAll(now);
                }
            });
        }, 0, 2, TimeUnit.SECONDS);
    }

    public ObservableList<RemovableCards.Card> cards() {
        return cards;
    }

    private static Label placeholder(String s) {
        Label l = new Label(s);
        l.setWrapText(true);
        l.getStyleClass().add("muted");
        return l;
    }

    private static Button wide(String id, String text, String tip) {
        Button b = Buttons.withTip(id, text, tip);
        b.setMaxWidth(Double.MAX_VALUE);
        return b;
    }
}
