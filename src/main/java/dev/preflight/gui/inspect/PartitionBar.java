package dev.preflight.gui.inspect;

import dev.preflight.core.boot.PartitionInfo;
import dev.preflight.core.bytes.ByteSizes;
import dev.preflight.core.inspect.InspectionReport;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

/** The disk's partitions drawn to scale (extended containers left out; their logicals shown). */
final class PartitionBar extends HBox {
    /** The most width a small partition's segment claims for its label, whatever its size. */
    private static final double LABEL_ROOM = 140;

    PartitionBar() {
        setId("partitionBar");
        getStyleClass().add("partition-bar");
        setMinHeight(34);
    }

    void show(InspectionReport r) {
        getChildren().clear();
        if (r == null || r.partitionTable() == null) {
            return;
        }
        List<PartitionInfo> parts = new ArrayList<>();
        long total = 0;
        for (PartitionInfo p : r.partitionTable().partitions()) {
            if (!"extended".equals(p.kind())) {
                parts.add(p);
                total = Math.max(total, p.start() + p.size());
            }
        }
        if (r.source().size() != null) {
            total = Math.max(total, r.source().size());
        }
        long cursor = 0;
        for (PartitionInfo p : parts) {
            if (p.start() > cursor) {
                getChildren().add(segment(null, p.start() - cursor, total, "free"));
            }
            boolean boot = r.boot() != null && r.boot().partition() != null && r.boot().partition() == p.number();
            getChildren().add(segment(p, p.size(), total, boot ? "boot" : p.filesystem()));
            cursor = Math.max(cursor, p.start() + p.size());
        }
    }

    private Region segment(PartitionInfo p, long size, long total, String kind) {
        StackPane seg = new StackPane();
        seg.getStyleClass().addAll("partition-segment", "fs-" + kind.replaceAll("[^a-z0-9-]", ""));
        double share = total <= 0 ? 0 : (double) size / total;
        seg.prefWidthProperty().bind(widthProperty().multiply(share));
        HBox.setHgrow(seg, Priority.NEVER);
        String text = p == null ? "unallocated" : "#" + p.number() + " " + (p.label() == null ? p.filesystem() : p.label());
        String tip = p == null ? "Unallocated, " + ByteSizes.format(size)
                : String.format("Partition %d%s%n%s at %s, %s%nfile system: %s", p.number(),
                        p.label() == null ? "" : " (" + p.label() + ")", ByteSizes.format(p.size()),
                        ByteSizes.format(p.start()), p.typeName(), p.filesystem());
        if (p != null || share > 0.08) {
            Label l = new Label(text);
            l.setMinWidth(0);
            seg.getChildren().add(l);
        }
        // a small partition (resin-state) keeps room for its label (about 7.5 px a character); the large
        // ones give way; unallocated space may shrink to a sliver
        seg.setMinWidth(p == null ? 6 : Math.min(LABEL_ROOM, text.length() * 7.5 + 16));
        Tooltip.install(seg, new Tooltip(tip));
        seg.setAccessibleText(tip);
        return seg;
    }
}
