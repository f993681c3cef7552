package dev.preflight.core.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an export made by {@link SignedExport} with nothing but the station's public key: the head's
 * signature, then that the file's records are exactly the ones the head names (count, sequence
 * numbers, SHA-256 of the content), and for JSON each record's own hash.
 */
public final class ExportVerifier {
    private ExportVerifier() {
    }

    /** The outcome: problems (exit 1 when any) and a one-line summary of what the signed head says. */
    public record Result(String format, long records, List<String> problems, String summary) {
        public boolean intact() {
            return problems.isEmpty();
        }
    }

    /** What was read from the file: the head (null when there is none) and what the content actually is. */
    private record Parsed(String format, ObjectNode head, String contentSha256, long count, List<Long> seqs,
                          List<String> recordProblems) {
    }

    /**
     * The export is read whole, and its text and the copies its checks make take about {@value #HEAP_PER_BYTE}
     * times its size: a larger file than the heap allows is refused with the way to check it (exit 2)
     * instead of running the heap out.
     */
    public static Result verify(Path file, PublicKey key) throws IOException {
        requireRoom(file, Files.size(file), Runtime.getRuntime().maxMemory());
        return verify(file, Files.readString(file, StandardCharsets.UTF_8), key);
    }

    /**
     * Heap an export takes per byte while it is checked (its bytes, text, body, records and copies): 7-7.5
     * measured for CSV and JSON exports of 11 and 42 MB (the smallest -Xmx that checked them).
     */
    static final int HEAP_PER_BYTE = 8;

    static void requireRoom(Path file, long size, long maxHeap) {
        if (size > maxHeap / HEAP_PER_BYTE) {
            long needMiB = (size * HEAP_PER_BYTE >> 20) + 256;
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, String.format("%s is %d MiB: checking an export"
                    + " reads it whole, and this Java heap (%d MiB) can check one of up to %d MiB.", file,
                    size >> 20, maxHeap >> 20, maxHeap / HEAP_PER_BYTE >> 20),
                    String.format("Give Java more memory for this check, e.g. PREFLIGHT_EXTRA_OPTS=-Xmx%dm preflight"
                            + " log verify --export %s --key KEY; or export fewer records at a time (--since, --until,"
                            + " --batch).", needMiB, file), null);
        }
    }

    static Result verify(Path file, String text, PublicKey key) {
        String start = text.stripLeading();
        Parsed p = start.startsWith("[") ? json(file, text) : start.startsWith("<") ? html(text) : csv(text);
        List<String> problems = new ArrayList<>();
        ObjectNode h = p.head();
        if (h == null) {
            problems.add("it carries no signed head: it was made by a Preflight without signed exports, or the head"
                    + " was cut off");
            problems.addAll(p.recordProblems());
            return new Result(p.format(), p.count(), problems, p.count() + " record(s)");
        }
        String keyId = Signatures.keyId(key);
        if (!SignedExport.FORMAT.equals(h.path("format").asText())) {
            problems.add("its head is not a Preflight export head (" + h.path("format").asText() + ")");
        } else if (!keyId.equals(h.path("keyId").asText())) {
            problems.add("it was signed with key " + h.path("keyId").asText() + ", not with the given key " + keyId);
        } else if (!Signatures.verifies(h, h.path("signature").asText(null), key)) {
            problems.add("its signed head was altered: the signature does not verify");
        }
        if (!p.format().equals(h.path("exportFormat").asText())) {
            problems.add("its signed head is for a " + h.path("exportFormat").asText() + " export, not " + p.format());
        }
        if (!p.contentSha256().equals(h.path("contentSha256").asText())) {
            problems.add("the records do not match the signed head: they were changed after the export was signed");
        }
        problems.addAll(p.recordProblems());
        if (p.count() != h.path("count").asLong()) {
            problems.add("it holds " + p.count() + " record(s) but its signed head says " + h.path("count").asLong());
        } else if (p.seqs() != null && h.has("records")
                && !SignedExport.ranges(p.seqs()).equals(h.path("records").asText())) {
            problems.add("it holds records " + SignedExport.ranges(p.seqs()) + " but its signed head lists "
                    + h.path("records").asText());
        }
        long logProblems = h.path("log").path("problems").asLong();
        if (logProblems > 0) {
            problems.add("the station's log had " + logProblems + " problem(s) when this was exported: ask the"
                    + " station for the output of 'preflight log verify'");
        }
        return new Result(p.format(), p.count(), problems, summary(h));
    }

    private static String summary(ObjectNode h) {
        if (h.has("sharedLog")) { // several stations' records: the head counts them by station
            List<String> st = new ArrayList<>();
            h.path("sharedLog").path("stations").fields().forEachRemaining(e -> st.add(e.getKey() + " "
                    + e.getValue().path("exported").asLong()));
            return h.path("count").asLong() + " record(s) from the shared log " + h.path("sharedLog").path("server")
                    .asText() + " (" + (st.isEmpty() ? "no station" : String.join(", ", st)) + filterText(h)
                    + "), exported " + h.path("exportedAt").asText() + " by station " + h.path("station").asText()
                    + ", signed with key " + h.path("keyId").asText();
        }
        StringBuilder s = new StringBuilder().append(h.path("count").asLong()).append(" record(s) (");
        String records = h.path("records").asText();
        s.append(records.isEmpty() ? "none" : (records.matches("\\d+") ? "record " : "records ") + records)
                .append(" of the provisioning log of station ").append(h.path("station").asText())
                .append(", which then held ").append(h.path("log").path("count").asLong()).append(" record(s)");
        s.append(filterText(h));
        return s.append("), exported ").append(h.path("exportedAt").asText()).append(", signed with key ")
                .append(h.path("keyId").asText()).toString();
    }

    private static String filterText(ObjectNode h) {
        JsonNode filter = h.path("filter");
        if (!filter.isObject() || filter.isEmpty()) {
            return "";
        }
        List<String> f = new ArrayList<>();
        filter.fields().forEachRemaining(e -> f.add(e.getKey() + "=" + e.getValue().asText()));
        return "; selected by " + String.join(", ", f);
    }

    private static Parsed json(Path file, String text) {
        JsonNode n;
        List<String> problems = new ArrayList<>();
        try {
            n = ProvisioningLog.STRICT.readTree(text);
        } catch (IOException e) {
            n = null;
        }
        if (n == null) { // readable only leniently: a key written twice, or more after the array
            try {
                n = ProvisioningLog.JSON.readTree(text);
                problems.add("it holds a key written twice or more content after its records: it was edited after"
                        + " it was signed");
            } catch (IOException e) {
                n = null;
            }
        }
        if (n == null || !n.isArray()) {
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, file + " is not a JSON export (a JSON array)"
                    + " that can be read.", "Check that this is the file 'preflight log export --format json' wrote.",
                    null);
        }
        ArrayNode records = ProvisioningLog.JSON.createArrayNode();
        n.forEach(records::add);
        ObjectNode head = null;
        JsonNode last = records.isEmpty() ? null : records.get(records.size() - 1);
        if (last != null && last.path(SignedExport.JSON_FIELD).isObject()) {
            head = (ObjectNode) last.get(SignedExport.JSON_FIELD);
            records.remove(records.size() - 1);
        }
        List<Long> seqs = new ArrayList<>();
        for (JsonNode r : records) {
            seqs.add(r.path("seq").asLong());
            if (r.isObject() && r.has("hash")
                    && !ProvisioningLog.hash((ObjectNode) r).equals(r.path("hash").asText())) {
                problems.add("record " + r.path("seq").asLong() + " was altered (its hash does not match its content)");
            }
        }
        return new Parsed("json", head, Signatures.sha256(Signatures.canonical(records)), records.size(), seqs,
                problems);
    }

    private static Parsed csv(String text) {
        String marker = "\"" + SignedExport.CSV_MARK;
        int at = text.lastIndexOf(marker);
        if (at > 0 && text.charAt(at - 1) != '\n') {
            at = -1;
        }
        String body = at < 0 ? text : text.substring(0, at);
        ObjectNode head = null;
        List<String> problems = new ArrayList<>();
        if (at >= 0) {
            String field = text.substring(at).strip();
            if (field.length() > marker.length() && field.endsWith("\"")) {
                String inner = field.substring(marker.length(), field.length() - 1);
                if (inner.replace("\"\"", "").contains("\"")) { // the head's field ended before the file did
                    problems.add("something was added after its signed head");
                }
                head = object(inner.replace("\"\"", "\""));
            }
        }
        List<List<String>> rows = csvRows(body);
        List<Long> seqs = new ArrayList<>();
        for (List<String> row : rows.subList(Math.min(1, rows.size()), rows.size())) {
            try {
                seqs.add(Long.parseLong(row.get(0)));
            } catch (NumberFormatException e) {
                seqs = null;
                break;
            }
        }
        return new Parsed("csv", head, Signatures.sha256(body.getBytes(StandardCharsets.UTF_8)),
                Math.max(0, rows.size() - 1), seqs, problems);
    }

    private static Parsed html(String text) {
        int open = text.indexOf(SignedExport.HTML_OPEN);
        int close = open < 0 ? -1 : text.indexOf("</script>", open);
        ObjectNode head = null;
        String body = text;
        if (close >= 0) {
            head = object(text.substring(open + SignedExport.HTML_OPEN.length(), close));
            int end = text.startsWith(SignedExport.HTML_CLOSE, close) ? close + SignedExport.HTML_CLOSE.length()
                    : close + "</script>".length();
            body = text.substring(0, open) + text.substring(end);
        }
        int rows = 0;
        for (int i = body.indexOf("<tr class=\""); i >= 0; i = body.indexOf("<tr class=\"", i + 1)) {
            rows++;
        }
        return new Parsed("html", head, Signatures.sha256(body.getBytes(StandardCharsets.UTF_8)), rows, null,
                List.of());
    }

    private static ObjectNode object(String json) {
        try {
            JsonNode n = ProvisioningLog.STRICT.readTree(json);
            return n != null && n.isObject() ? (ObjectNode) n : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks); a trailing empty line is no row. */
    static List<List<String>> csvRows(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                row.add(field.toString().replaceAll("\r$", ""));
                rows.add(row);
                row = new ArrayList<>();
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
