package dev.preflight.cli;

import dev.preflight.core.boot.PartitionInfo;
import dev.preflight.core.bytes.ByteSizes;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.integrity.IntegrityChecker;
import dev.preflight.core.release.Release;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Severity;
import dev.preflight.core.wear.WearReport;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The people-facing text form of an inspection report. */
public final class TextReport {
    private TextReport() {
    }

    public static String render(InspectionReport r) {
        StringBuilder s = new StringBuilder();
        InspectionReport.Source src = r.source();
        s.append(String.format("%-12s %s (%s%s%s)%n", "Source", src.path(), src.kind().replace('-', ' '),
                src.compression() == null ? "" : ", " + src.compression()
                        + (src.innerFile() == null ? "" : " holding " + src.innerFile()),
                src.size() == null ? "" : ", " + ByteSizes.format(src.size())));
        if (r.partitionTable() != null) {
            InspectionReport.Table t = r.partitionTable();
            s.append(String.format("%-12s %s%s%n", "Partitions", t.scheme().toUpperCase(Locale.ROOT),
                    t.diskId() == null ? "" : ", disk id " + t.diskId()));
            s.append(String.format("  %-3s %-11s %-11s %-24s %-9s %s%n", "#", "start", "size", "type", "fs", "label"));
            for (PartitionInfo p : t.partitions()) {
                String type = p.typeId().length() > 8 ? p.typeName() : p.typeId() + " " + p.typeName();
                s.append(String.format("  %-3d %-11s %-11s %-24s %-9s %s%s%n", p.number(), ByteSizes.format(p.start()),
                        ByteSizes.format(p.size()), clip(type, 24), p.filesystem(), p.label() == null ? "" : p.label(),
                        r.boot() != null && r.boot().partition() != null && r.boot().partition() == p.number()
                                ? "  <- boot" : ""));
            }
        }
        if (r.boot() != null) {
            InspectionReport.Boot b = r.boot();
            s.append(String.format("%-12s %s%s, %s, %d files (%s)%s%n", "Boot",
                    b.partition() == null ? "folder" : "partition " + b.partition(),
                    b.label() == null ? "" : " \"" + b.label() + "\"", b.filesystem(), b.fileCount(),
                    ByteSizes.format(b.totalFileBytes()), b.freeBytes() == null || b.freeBytes() < 0 ? ""
                            : ", " + ByteSizes.format(b.freeBytes()) + " free"));
        }
        if (r.os() != null) {
            InspectionReport.Os os = r.os();
            s.append(String.format("%-12s %s, %s%s, %s%n", "OS", or(os.deviceType(), "unknown device type"),
                    os.version() == null ? "version unknown" : "balenaOS " + os.version(),
                    os.variant() == null ? "" : " (" + os.variant() + ")", os.flasher() ? "flasher image" : "normal image"));
        }
        if (r.config() != null) {
            InspectionReport.Config c = r.config();
            if (!c.present()) {
                s.append(String.format("%-12s missing%n", "config.json"));
            } else if (c.sizeBytes() == null) { // too large or unreadable: the findings say which
                s.append(String.format("%-12s present, could not be read (see the findings)%n", "config.json"));
            } else if (!c.valid()) {
                s.append(String.format("%-12s present, %d bytes, NOT VALID JSON%n", "config.json", c.sizeBytes()));
            } else {
                s.append(String.format("%-12s %s; %d bytes, %s, %d keys; fleet %s, uuid %s, hostname %s%n",
                        "config.json", or(c.state(), "?"), c.sizeBytes(), c.format(), c.keys().size(),
                        c.applicationId() == null ? "-" : c.applicationId(), or(c.uuid(), "-"), or(c.hostname(), "-")));
            }
        }
        if (r.integrity() != null) {
            Map<IntegrityChecker.Status, Integer> c = r.integrity().counts();
            long problems = r.integrity().files().stream()
                    .filter(f -> f.judgement() == IntegrityChecker.Judgement.PROBLEM).count();
            s.append(String.format("%-12s %s: %d match, %d modified, %d missing, %d not listed; %d problem(s)%n",
                    "Integrity", r.integrity().fingerprintFile(), c.get(IntegrityChecker.Status.MATCHES),
                    c.get(IntegrityChecker.Status.MODIFIED),
                    c.get(IntegrityChecker.Status.MISSING),
                    c.get(IntegrityChecker.Status.NOT_LISTED), problems));
        }
        if (r.wear() != null) {
            for (WearReport.Signal sig : r.wear().signals()) {
                if (sig.name().equals("fullCardWrites") || sig.name().equals("dataFree") || sig.name().equals("card")
                        || sig.name().startsWith("emmc")) {
                    s.append(String.format("%-12s %s: %s%n", "Wear", sig.name(), sig.value()));
                }
            }
        }
        release(s, r.release());
        s.append(System.lineSeparator());
        s.append(findings(r.findings()));
        s.append(System.lineSeparator()).append("Verdict: ").append(r.verdict().word().toUpperCase(Locale.ROOT))
                .append(counts(r)).append(System.lineSeparator());
        return s.toString();
    }

    private static void release(StringBuilder s, Release rel) {
        if (rel == null) {
            return;
        }
        s.append(String.format("%-12s %s, fleet %s%s, commit %s, apps.json %s%s%n", "Release", rel.state(),
                rel.appId() == null ? "-" : rel.appId(), rel.appName() == null ? "" : " (" + rel.appName() + ")",
                or(rel.commit(), "-"), rel.format(), Boolean.TRUE.equals(rel.pinDevice()) ? ", pinned" : ""));
        for (Release.Service sv : rel.services()) {
            s.append(String.format("  %-10s %s%s%n", clip(or(sv.name(), "?"), 10), or(sv.image(), "(no image)"),
                    sv.inStore() ? "" : "  (NOT IN IMAGE STORE)"));
        }
    }

    /** The findings block shared by every command. */
    public static String findings(List<Finding> list) {
        StringBuilder s = new StringBuilder();
        if (list.isEmpty()) {
            return "No findings." + System.lineSeparator();
        }
        s.append("Findings (").append(list.size()).append(')').append(System.lineSeparator());
        String area = null;
        for (Finding f : list.stream().sorted(Comparator.comparingInt(
                (Finding x) -> FindingCode.AREAS.indexOf(x.code().area()))).toList()) {
            if (!f.code().area().equals(area)) {
                area = f.code().area();
                s.append(" ").append(area).append(System.lineSeparator());
            }
            s.append(String.format("  %-7s %s: %s%n", f.severity().word().toUpperCase(Locale.ROOT), f.code(),
                    f.message()));
            if (f.location() != null) {
                s.append("          at ").append(f.location()).append(System.lineSeparator());
            }
            if (f.hint() != null) {
                s.append("          -> ").append(f.hint()).append(System.lineSeparator());
            }
        }
        return s.toString();
    }

    private static String counts(InspectionReport r) {
        int e = 0;
        int w = 0;
        int i = 0;
        for (Finding f : r.findings()) {
            if (f.severity() == Severity.ERROR) {
                e++;
            } else if (f.severity() == Severity.WARNING) {
                w++;
            } else {
                i++;
            }
        }
        return String.format(" (%d error%s, %d warning%s, %d info)", e, e == 1 ? "" : "s", w, w == 1 ? "" : "s", i);
    }

    private static String or(String v, String dflt) {
        return v == null || v.isBlank() ? dflt : v;
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
