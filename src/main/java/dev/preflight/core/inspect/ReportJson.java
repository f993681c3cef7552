package dev.preflight.core.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.boot.PartitionInfo;
import dev.preflight.core.ext4.Ext4Superblock;
import dev.preflight.core.integrity.IntegrityChecker;
import dev.preflight.core.release.Release;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.Locus;
import dev.preflight.core.wear.WearReport;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The JSON form of an {@link InspectionReport}. Built field by field so that names and order are
 * an explicit, documented contract (docs/cli.md), not an accident of record component names.
 */
public final class ReportJson {
    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {
    }

    public static String write(InspectionReport r, String toolVersion) {
        try {
            return MAPPER.writeValueAsString(tree(r, toolVersion)) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode tree(InspectionReport r, String toolVersion) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("preflightVersion", toolVersion);
        ObjectNode src = root.putObject("source");
        src.put("path", r.source().path());
        src.put("kind", r.source().kind());
        src.put("size", r.source().size());
        src.put("compression", r.source().compression());
        src.put("innerFile", r.source().innerFile());
        if (r.partitionTable() == null) {
            root.putNull("partitionTable");
        } else {
            ObjectNode t = root.putObject("partitionTable");
            t.put("scheme", r.partitionTable().scheme());
            t.put("diskId", r.partitionTable().diskId());
            t.put("sectorSize", r.partitionTable().sectorSize());
            ArrayNode parts = t.putArray("partitions");
            for (PartitionInfo p : r.partitionTable().partitions()) {
                partition(parts.addObject(), p);
            }
        }
        if (r.boot() == null) {
            root.putNull("boot");
        } else {
            ObjectNode b = root.putObject("boot");
            b.put("partition", r.boot().partition());
            b.put("label", r.boot().label());
            b.put("filesystem", r.boot().filesystem());
            b.put("foundBy", r.boot().foundBy());
            b.put("fileCount", r.boot().fileCount());
            b.put("totalFileBytes", r.boot().totalFileBytes());
            b.put("freeBytes", r.boot().freeBytes());
            b.put("dirty", r.boot().dirty());
        }
        ObjectNode os = root.putObject("os");
        if (r.os() != null) {
            os.put("deviceType", r.os().deviceType());
            os.put("version", r.os().version());
            os.put("variant", r.os().variant());
            os.put("flasher", r.os().flasher());
            os.put("name", r.os().name());
            os.put("imageVersionInfo", r.os().imageVersionInfo());
            os.put("configLocation", r.os().configLocation());
        } else {
            os.putNull("deviceType");
            os.putNull("version");
            os.putNull("variant");
            os.put("flasher", false);
        }
        config(root, r);
        integrity(root, r);
        wear(root, r);
        release(root, r);
        findings(root.putArray("findings"), r.findings());
        root.put("verdict", r.verdict().word());
        root.put("durationMillis", r.durationMillis());
        return root;
    }

    /** The documented shape of findings, shared by every JSON output. */
    public static void findings(ArrayNode into, List<Finding> findings) {
        for (Finding f : findings) {
            ObjectNode n = into.addObject();
            n.put("code", f.code().name());
            n.put("severity", f.severity().word());
            n.put("message", f.message());
            n.put("location", f.location());
            n.put("hint", f.hint());
            n.put("area", f.code().area());
            locus(n, f);
        }
    }

    /** The additive "locus" object (only the parts that apply) and "subject" of a finding. */
    private static void locus(ObjectNode n, Finding f) {
        Locus l = f.locus();
        if (l != null) {
            ObjectNode o = n.putObject("locus");
            putIf(o, "partition", l.partition());
            if (l.file() != null) {
                o.put("file", l.file());
            }
            putIf(o, "line", l.line());
            putIf(o, "relatedLine", l.relatedLine());
            if (l.jsonPointer() != null) {
                o.put("jsonPointer", l.jsonPointer());
            }
            if (l.connection() != null) {
                o.put("connection", l.connection());
            }
        }
        if (f.subject() != null) {
            n.put("subject", f.subject());
        }
    }

    private static void putIf(ObjectNode o, String name, Integer value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static void config(ObjectNode root, InspectionReport r) {
        if (r.config() == null) {
            root.putNull("config");
            return;
        }
        ObjectNode c = root.putObject("config");
        c.put("present", r.config().present());
        c.put("sizeBytes", r.config().sizeBytes());
        c.put("valid", r.config().valid());
        c.put("format", r.config().format());
        ArrayNode keys = c.putArray("keys");
        r.config().keys().forEach(keys::add);
        c.put("deviceType", r.config().deviceType());
        c.put("applicationId", r.config().applicationId());
        c.put("uuid", r.config().uuid());
        c.put("hostname", r.config().hostname());
        c.put("state", r.config().state());
        c.put("sha256WithoutSecrets", r.config().sha256WithoutSecrets());
    }

    private static void integrity(ObjectNode root, InspectionReport r) {
        if (r.integrity() == null) {
            root.putNull("integrity");
            return;
        }
        ObjectNode i = root.putObject("integrity");
        i.put("fingerprint", r.integrity().fingerprintFile());
        ObjectNode counts = i.putObject("counts");
        r.integrity().counts().forEach((k, v) -> counts.put(camel(k.name()), v));
        ArrayNode files = i.putArray("files");
        for (IntegrityChecker.FileResult f : r.integrity().files()) {
            ObjectNode n = files.addObject();
            n.put("path", f.path());
            n.put("status", camel(f.status().name()));
            n.put("judgement", f.judgement().name().toLowerCase(Locale.ROOT));
            n.put("expectedMd5", f.expectedMd5());
            n.put("actualMd5", f.actualMd5());
        }
    }

    private static void wear(ObjectNode root, InspectionReport r) {
        if (r.wear() == null) {
            root.putNull("wear");
            return;
        }
        ObjectNode w = root.putObject("wear");
        w.put("capacityBytes", r.wear().capacityBytes());
        w.put("registers", r.wear().registers());
        if (r.wear().cid() == null) {
            w.putNull("cid");
        } else {
            ObjectNode c = w.putObject("cid");
            c.put("manufacturerId", r.wear().cid().manufacturerId());
            c.put("likelyVendor", r.wear().cid().vendor());
            c.put("oem", r.wear().cid().oem());
            c.put("product", r.wear().cid().product());
            c.put("revision", r.wear().cid().revision());
            c.put("serial", String.format("0x%08x", r.wear().cid().serial()));
            c.put("manufactured", r.wear().cid().manufactured() == null ? null : r.wear().cid().manufactured().toString());
        }
        w.put("csdCapacityBytes", r.wear().cidCapacityBytes());
        ArrayNode signals = w.putArray("signals");
        for (WearReport.Signal s : r.wear().signals()) {
            ObjectNode n = signals.addObject();
            n.put("name", s.name());
            n.put("value", s.value());
            n.put("source", s.source());
            n.put("meaning", s.meaning());
        }
    }

    /** The preloaded release (never its environment or config values, which may hold secrets). */
    private static void release(ObjectNode root, InspectionReport r) {
        Release rel = r.release();
        if (rel == null) {
            root.putNull("release");
            return;
        }
        ObjectNode n = root.putObject("release");
        n.put("appUuid", rel.appUuid());
        n.put("appId", rel.appId());
        n.put("appName", rel.appName());
        n.put("commit", rel.commit());
        n.put("releaseId", rel.releaseId());
        n.put("format", rel.format());
        n.put("state", rel.state());
        n.put("pinDevice", rel.pinDevice());
        ArrayNode services = n.putArray("services");
        for (Release.Service s : rel.services()) {
            ObjectNode o = services.addObject();
            o.put("name", s.name());
            o.put("image", s.image());
            o.put("inStore", s.inStore());
        }
        ArrayNode stored = n.putArray("storedImages");
        rel.storedImages().forEach(stored::add);
    }

    /** NOT_LISTED -> notListed. */
    static String camel(String constant) {
        String[] parts = constant.toLowerCase(Locale.ROOT).split("_");
        StringBuilder s = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            s.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return s.toString();
    }

    private static void partition(ObjectNode n, PartitionInfo p) {
        n.put("number", p.number());
        n.put("kind", p.kind());
        n.put("label", p.label());
        n.put("gptName", p.gptName());
        n.put("typeId", p.typeId());
        n.put("typeName", p.typeName());
        n.put("start", p.start());
        n.put("size", p.size());
        n.put("bootable", p.bootable());
        n.put("filesystem", p.filesystem());
        Ext4Superblock sb = p.ext4();
        if (sb == null) {
            return;
        }
        ObjectNode e = n.putObject("ext4");
        e.put("uuid", sb.uuid());
        e.put("sizeBytes", sb.sizeBytes());
        e.put("freeBytes", sb.freeBytes());
        e.put("cleanlyUnmounted", sb.cleanlyUnmounted());
        e.put("errorCount", sb.errorCount());
        e.put("firstErrorTime", iso(sb.firstErrorTime()));
        e.put("lastErrorTime", iso(sb.lastErrorTime()));
        e.put("lifetimeWritesKiB", sb.kbytesWritten());
        e.put("mountCount", sb.mountCount());
        e.put("lastMountTime", iso(sb.lastMount()));
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
