package dev.preflight.gui.release;

import dev.preflight.core.boot.PartitionInfo;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.release.Release;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State of the Release tab: the release preloaded on the card (from the report's {@code release}, never from
 * config.json), its services and whether each image is in resin-data's image store, and the release,
 * preload and resin-state findings, each tied to the service it concerns where that is known. No Nodes, so
 * it is testable without a display.
 */
public final class ReleaseViewModel {
    /** The areas whose findings the tab lists. */
    public static final List<String> AREAS = List.of("release", "device traces");

    /** One line of the facts grid. */
    public record Fact(String key, String value) {
    }

    private final ReadOnlyBooleanWrapper preloaded = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper("No card open");
    private final ReadOnlyStringWrapper explanation = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper images = new ReadOnlyStringWrapper("");
    private final ObservableList<Fact> facts = FXCollections.observableArrayList();
    private final ObservableList<Release.Service> services = FXCollections.observableArrayList();
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    // one read-only view for every caller: a fresh wrapper per call would hold its listeners only weakly
    private final ObservableList<Fact> factsView = FXCollections.unmodifiableObservableList(facts);
    private final ObservableList<Release.Service> servicesView = FXCollections.unmodifiableObservableList(services);
    private final ObservableList<Finding> findingsView = FXCollections.unmodifiableObservableList(findings);
    /** By identity: two findings may be equal records and still be about different services. */
    private final Map<Finding, String> serviceOf = new IdentityHashMap<>();

    /** Shows {@code r}'s release, or why there is none. */
    public void show(InspectionReport r) {
        Release rel = r.release();
        source.set(r.source().path());
        preloaded.set(rel != null);
        serviceOf.clear();
        if (rel == null) {
            headline.set("No preloaded release");
            explanation.set(whyNone(r));
            images.set("");
            facts.clear();
            services.clear();
        } else {
            // booted: the supervisor loaded apps.json and renamed it; not booted: it waits in apps.json
            headline.set(rel.state().equals("booted") ? "Preloaded release, already booted (apps.json.preloaded)"
                    : "Preloaded release, not booted yet");
            explanation.set("");
            long stored = rel.services().stream().filter(Release.Service::inStore).count();
            int all = rel.services().size();
            images.set(stored + " of " + all + " service images in resin-data's image store"
                    + (stored < all ? ", " + (all - stored) + " missing" : ""));
            facts.setAll(facts(rel));
            services.setAll(rel.services());
            tieToServices(r.findings(), rel);
        }
        // the dashboard's order: by area, the most severe first within an area
        findings.setAll(r.findings().stream().filter(f -> AREAS.contains(f.code().area()))
                .sorted(Comparator.comparingInt((Finding f) -> AREAS.indexOf(f.code().area()))
                        .thenComparingInt(f -> -f.severity().ordinal())).toList());
    }

    /** Three a row on screen: fleet, commit, release id; fleet uuid, format, pinning. */
    static List<Fact> facts(Release rel) {
        return List.of(
                new Fact("Fleet", rel.appId() == null ? "—" : rel.appId()
                        + (rel.appName() == null ? "" : " (" + rel.appName() + ")")),
                new Fact("Commit", orDash(rel.commit())),
                new Fact("Release id", rel.releaseId() == null ? "—" : String.valueOf(rel.releaseId())),
                new Fact("Fleet uuid", rel.appUuid() != null ? rel.appUuid() : "— (" + rel.format() + " has none)"),
                new Fact("apps.json", rel.format() + switch (rel.format()) {
                    case "v1" -> " (supervisor < 7)";
                    case "v2" -> " (supervisor 7 to 12)";
                    default -> " (supervisor 13+)";
                }),
                new Fact("Pinned", Boolean.TRUE.equals(rel.pinDevice()) ? "yes: stays on this release"
                        : (rel.pinDevice() == null ? "not set" : "no") + ": follows the fleet once online"));
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "—" : s;
    }

    /**
     * Which service each finding is about. Compose findings name it in their location ("…:/apps.json service
     * wifi-connect"); PRELOAD_IMAGE_MISSING, whose location is the image store, as its subject.
     */
    private void tieToServices(List<Finding> all, Release rel) {
        List<String> names = new ArrayList<>();
        for (Release.Service s : rel.services()) {
            names.add(s.name());
        }
        for (Finding f : all) {
            String s = f.code() == FindingCode.PRELOAD_IMAGE_MISSING ? f.subject() : serviceInLocation(f.location());
            if (s != null && names.contains(s)) {
                serviceOf.put(f, s);
            }
        }
    }

    /** "partition 6 (resin-data):/apps.json service browser" -> "browser"; null for other locations. */
    static String serviceInLocation(String location) {
        if (location == null) {
            return null;
        }
        int at = location.lastIndexOf(" service ");
        if (at < 0 || !location.substring(0, at).matches(".*:/apps\\.json(\\.preloaded)?")) {
            return null;
        }
        return location.substring(at + " service ".length());
    }

    /** Why {@code r} has no release: nothing preloaded, or resin-data not read (and what to do). */
    static String whyNone(InspectionReport r) {
        if ("folder".equals(r.source().kind())) {
            return "A boot folder has no resin-data partition. Open the image or the card itself to see whether a"
                    + " release is preloaded.";
        }
        if (r.findings().stream().anyMatch(f -> f.code() == FindingCode.PRELOAD_UNREADABLE)) {
            return "resin-data or its apps.json could not be read, so the preload could not be checked: see the"
                    + " finding below.";
        }
        List<PartitionInfo> parts = r.partitionTable() == null ? List.of() : r.partitionTable().partitions();
        boolean dataRead = parts.stream().anyMatch(p -> p.ext4() != null && p.isBalena("data"));
        if (dataRead) {
            return "resin-data holds no apps.json with a release (nor apps.json.preloaded). Without a preload the"
                    + " device downloads its release from balenaCloud once online, so it needs a network at first"
                    + " boot.";
        }
        if (parts.stream().anyMatch(p -> "not-read".equals(p.filesystem()))) {
            return "resin-data was not read: it lies deep inside this compressed image. Choose Read whole image to"
                    + " look for a preloaded release.";
        }
        return "This card has no resin-data partition that could be read, so there is no preloaded release to show.";
    }

    /** The service {@code f} is about, or null. */
    public String serviceOf(Finding f) {
        return serviceOf.get(f);
    }

    /** The row of the service {@code f} is about in {@link #services()}, or -1. */
    public int serviceIndex(Finding f) {
        String name = serviceOf(f);
        for (int i = 0; name != null && i < services.size(); i++) {
            if (services.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** A finding config.json fixes (its applicationId), shown in the config.json editor rather than here. */
    public static boolean aboutConfigJson(Finding f) {
        return f.code() == FindingCode.PRELOAD_FLEET_MISMATCH;
    }

    /** Whether "Show me" has somewhere to go for {@code f}. */
    public boolean canShow(Finding f) {
        return serviceIndex(f) >= 0 || aboutConfigJson(f);
    }

    public ReadOnlyBooleanProperty preloadedProperty() {
        return preloaded.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    /** Why there is no release and what to do; empty when there is one. */
    public ReadOnlyStringProperty explanationProperty() {
        return explanation.getReadOnlyProperty();
    }

    /** "1 of 2 images in resin-data's image store, 1 missing"; empty without a release. */
    public ReadOnlyStringProperty imagesProperty() {
        return images.getReadOnlyProperty();
    }

    /** The path of the card or image shown, which the findings need not repeat. */
    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    public ObservableList<Fact> facts() {
        return factsView;
    }

    public ObservableList<Release.Service> services() {
        return servicesView;
    }

    public ObservableList<Finding> findings() {
        return findingsView;
    }
}
