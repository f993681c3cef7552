package dev.preflight.core.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Exports of the provisioning log: CSV (RFC 4180), JSON and a printable HTML report. */
public final class LogExport {
    static final String[] COLUMNS = {"seq", "time", "action", "station", "operator", "card.identity",
            "card.capacityBytes", "deviceType", "osVersion", "fleetId", "uuid", "hostname", "verdict", "findingCodes",
            "wear.fullCardWrites", "wear.dataFree", "configSha256WithoutSecrets", "durationMillis", "changes",
            "preflightVersion", "batch", "profileResult", "card.readerSerial", "serial.port", "bootResult"};

    private LogExport() {
    }

    /** Records in [since, until) with the given verdict (null: any). */
    public static List<ObjectNode> filter(List<ObjectNode> records, Instant since, Instant until, String verdict) {
        return filter(records, since, until, verdict, null);
    }

    /** Records in [since, until) with the given verdict and batch (the station profile's name; null: any). */
    public static List<ObjectNode> filter(List<ObjectNode> records, Instant since, Instant until, String verdict,
                                          String batch) {
        return records.stream().filter(r -> batch == null || batch.equals(r.path("batch").asText(null))).filter(r -> {
            Instant t;
            try {
                t = Instant.parse(r.path("time").asText());
            } catch (RuntimeException e) {
                return false;
            }
            return (since == null || !t.isBefore(since)) && (until == null || t.isBefore(until))
                    && (verdict == null || verdict.equalsIgnoreCase(r.path("verdict").asText()));
        }).collect(Collectors.toList());
    }

    static String cell(ObjectNode r, String column) {
        JsonNode n = r;
        for (String part : column.split("\\.")) {
            n = n.path(part);
        }
        if (n.isMissingNode() || n.isNull()) {
            return "";
        }
        if (n.isArray()) {
            StringBuilder s = new StringBuilder();
            n.forEach(x -> s.append(s.length() == 0 ? "" : " ").append(x.asText()));
            return s.toString();
        }
        return n.asText();
    }

    public static String csv(List<ObjectNode> records) {
        StringBuilder s = new StringBuilder(csvHeader());
        records.forEach(r -> s.append(csvRow(r)));
        return s.toString();
    }

    static String csvHeader() {
        return String.join(",", COLUMNS) + "\r\n";
    }

    static String csvRow(ObjectNode r) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < COLUMNS.length; i++) {
            s.append(i == 0 ? "" : ",").append(csvField(cell(r, COLUMNS[i])));
        }
        return s.append("\r\n").toString();
    }

    /** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it as a formula. */
    static String csvField(String v) {
        String value = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !v.matches("-?\\d+(\\.\\d+)?") ? "'" + v : v;
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    /** The export in {@code format} ("csv", "json" or "html"); IllegalArgumentException for another format. */
    public static String render(List<ObjectNode> records, String format) throws IOException {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "csv" -> csv(records);
            case "json" -> json(records);
            case "html" -> html(records, "Preflight provisioning report");
            default -> throw new IllegalArgumentException("the format must be csv, json or html");
        };
    }

    public static String json(List<ObjectNode> records) throws IOException {
        return ProvisioningLog.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(records)
                + System.lineSeparator();
    }

    public static String html(List<ObjectNode> records, String title) {
        StringBuilder s = new StringBuilder(htmlStart(title, Tally.of(records)));
        records.forEach(r -> s.append(htmlRow(r)));
        return s.append(HTML_TABLE_END).append(HTML_END).toString();
    }

    static final String[] HTML_COLUMNS = {"time", "action", "batch", "station", "operator", "card.identity", "deviceType",
            "osVersion", "fleetId", "uuid", "hostname", "verdict", "findingCodes", "wear.fullCardWrites", "changes"};
    static final String HTML_TABLE_END = "</tbody></table>";
    static final String HTML_END = "</body></html>\n";

    /** How many records, and how many of them pass, warn and fail: the HTML report's first line. */
    record Tally(long records, long pass, long warn, long fail) {
        static Tally of(List<ObjectNode> records) {
            return new Tally(records.size(), verdicts(records, "pass"), verdicts(records, "warn"),
                    verdicts(records, "fail"));
        }

        private static long verdicts(List<ObjectNode> records, String verdict) {
            return records.stream().filter(r -> verdict.equals(r.path("verdict").asText())).count();
        }
    }

    /** The report up to its table's first row. */
    static String htmlStart(String title, Tally t) {
        StringBuilder s = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>" + esc(title) + "</title><style>body{font-family:sans-serif;margin:2em}"
                + "table{border-collapse:collapse;width:100%;font-size:12px}th,td{border:1px solid #ccc;padding:4px;"
                + "text-align:left}th{background:#eee}.fail{background:#fde8e7}.warn{background:#fff4d6}"
                + "@media print{body{margin:0}}</style></head><body>\n");
        s.append("<h1>").append(esc(title)).append("</h1>\n<p>").append(t.records()).append(" record(s): ")
                .append(t.pass()).append(" pass, ").append(t.warn()).append(" warn, ").append(t.fail())
                .append(" fail.</p>\n");
        s.append("<table><thead><tr>");
        for (String c : HTML_COLUMNS) {
            s.append("<th>").append(esc(c)).append("</th>");
        }
        return s.append("</tr></thead><tbody>\n").toString();
    }

    static String htmlRow(ObjectNode r) {
        StringBuilder s = new StringBuilder("<tr class=\"").append(esc(r.path("verdict").asText())).append("\">");
        for (String c : HTML_COLUMNS) {
            s.append("<td>").append(esc(cell(r, c))).append("</td>");
        }
        return s.append("</tr>\n").toString();
    }

    static String esc(String v) {
        return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
