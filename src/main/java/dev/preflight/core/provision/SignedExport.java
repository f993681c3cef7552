package dev.preflight.core.provision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/**
 * Exports that prove themselves: the CSV, JSON or HTML of {@link LogExport} plus a head, signed with
 * the station's key, over exactly what the file shows (docs/decisions/0011). The head names the
 * records by sequence number, the SHA-256 of the exported content, the log they were taken from
 * (record count, last hash, problems found when exporting) and the filter, so the export can be
 * checked on its own with the station's public key ({@link ExportVerifier}).
 *
 * <ul>
 * <li>CSV: the rows, then one last row with a single field {@code #preflight-export-head {...}}; the
 * content is the bytes before that row.</li>
 * <li>JSON: the array of records, then one last element {@code {"preflightExportHead": {...}}}; the content
 * is the records' canonical JSON (keys sorted, compact), so re-indenting does not matter.</li>
 * <li>HTML: the report with a visible "signed by" line, and the head in a
 * {@code <script type="application/json" id="preflight-export-head">} element; the content is the file
 * without that element.</li>
 * </ul>
 */
public final class SignedExport {
    public static final String FORMAT = "preflight-export-head/1";
    static final String CSV_MARK = "#preflight-export-head ";
    static final String JSON_FIELD = "preflightExportHead";
    static final String HTML_OPEN = "<script type=\"application/json\" id=\"preflight-export-head\">";
    static final String HTML_CLOSE = "</script>\n";
    static final String TITLE = "Preflight provisioning report";

    private SignedExport() {
    }

    /**
     * What the export was taken from: the log's last record (seq and hash; 0 and the genesis hash when
     * empty), how many problems checking the log found, and the filter used (name to value, only those set).
     */
    public record Source(long logRecords, String logLastHash, int logProblems, Map<String, String> filter) {
        /** The source for records read from a log that {@code check} describes. */
        public static Source of(List<ObjectNode> all, LogCheck check, Map<String, String> filter) {
            ObjectNode last = all.isEmpty() ? null : all.get(all.size() - 1);
            return new Source(last == null ? 0 : last.path("seq").asLong(),
                    last == null ? ProvisioningLog.GENESIS : last.path("hash").asText(), check.problems().size(),
                    filter);
        }
    }

    /** The export in {@code format} ("csv", "json" or "html") signed with this station's key. */
    public static String render(List<ObjectNode> records, String format, Source source) throws IOException {
        return render(records, format, source, StationKey.ofThisStation());
    }

    /** As {@link #render(List, String, Source)} with {@code key}; IllegalArgumentException for another format. */
    public static String render(List<ObjectNode> records, String format, Source source, StationKey key)
            throws IOException {
        StringWriter out = new StringWriter();
        ExportWriter w = new ExportWriter(out, format, key, LogExport.Tally.of(records), true);
        for (ObjectNode r : records) {
            w.add(r);
        }
        w.finish(h -> {
            h.putObject("log").put("count", source.logRecords()).put("lastHash", source.logLastHash())
                    .put("problems", source.logProblems());
            putFilter(h, source.filter());
        });
        return out.toString();
    }

    static void putFilter(ObjectNode head, Map<String, String> filter) {
        if (filter != null && !filter.isEmpty()) {
            ObjectNode f = head.putObject("filter");
            filter.forEach(f::put);
        }
    }

    /** Sequence numbers as ranges: 1-3,5,7-8 ("" for none). */
    static String ranges(List<Long> seqs) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < seqs.size(); i++) {
            int j = i;
            while (j + 1 < seqs.size() && seqs.get(j + 1) == seqs.get(j) + 1) {
                j++;
            }
            s.append(s.length() == 0 ? "" : ",").append(seqs.get(i)).append(j > i ? "-" + seqs.get(j) : "");
            i = j;
        }
        return s.toString();
    }
}
