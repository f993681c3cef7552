package dev.preflight.core.provision;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.bytes.Sha256;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Writes a signed export (the formats of {@link SignedExport}) one record at a time, hashing the content
 * as it goes: memory stays at one record however many are exported, so a shared log of millions of
 * records streams straight from the database into the file.
 */
final class ExportWriter {
    private final Writer out;
    private final String format;
    private final StationKey key;
    private final MessageDigest digest = Sha256.digest();
    private final List<Long> seqs;
    private final JsonGenerator json;
    private long count;

    /**
     * @param tally    the records about to be written (the HTML report's first line shows it)
     * @param keepSeqs list the records' sequence numbers in the head (a single station's log)
     */
    ExportWriter(Writer out, String format, StationKey key, LogExport.Tally tally, boolean keepSeqs)
            throws IOException {
        this.out = out;
        this.format = format.toLowerCase(Locale.ROOT);
        this.key = key;
        this.seqs = keepSeqs ? new ArrayList<>() : null;
        switch (this.format) {
            case "csv" -> {
                json = null;
                write(LogExport.csvHeader());
            }
            case "json" -> {
                json = ProvisioningLog.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).createGenerator(out);
                json.writeStartArray();
                digest.update((byte) '[');
            }
            case "html" -> {
                json = null;
                write(LogExport.htmlStart(SignedExport.TITLE, tally));
            }
            default -> throw new IllegalArgumentException("the format must be csv, json or html");
        }
    }

    void add(ObjectNode r) throws IOException {
        switch (format) {
            case "csv" -> write(LogExport.csvRow(r));
            case "json" -> {
                if (count > 0) {
                    digest.update((byte) ',');
                }
                digest.update(Signatures.canonical(r));
                ProvisioningLog.JSON.writeTree(json, r);
            }
            default -> write(LogExport.htmlRow(r));
        }
        if (seqs != null) {
            seqs.add(r.path("seq").asLong());
        }
        count++;
    }

    long count() {
        return count;
    }

    /** Signs the head ({@code extras} adds what the export was taken from) and ends the file. */
    void finish(Consumer<ObjectNode> extras) throws IOException {
        switch (format) {
            case "csv" -> {
                ObjectNode head = head(extras);
                out.write(LogExport.csvField(SignedExport.CSV_MARK + ProvisioningLog.JSON.writeValueAsString(head))
                        + "\r\n");
            }
            case "json" -> {
                digest.update((byte) ']');
                ObjectNode head = head(extras);
                json.writeStartObject();
                json.writeFieldName(SignedExport.JSON_FIELD);
                ProvisioningLog.JSON.writeTree(json, head);
                json.writeEndObject();
                json.writeEndArray();
                json.flush();
                out.write(System.lineSeparator());
            }
            default -> {
                write(LogExport.HTML_TABLE_END + "<p class=\"signed\">Signed by Preflight station "
                        + LogExport.esc(key.station()) + " (key " + key.keyId() + "): " + count + " record(s). Check it"
                        + " with <code>preflight log verify --export FILE --key station.pub</code>.</p>\n");
                digest.update(LogExport.HTML_END.getBytes(StandardCharsets.UTF_8));
                ObjectNode head = head(extras);
                // "<" escaped so no value can close the script element early
                out.write(SignedExport.HTML_OPEN + ProvisioningLog.JSON.writeValueAsString(head).replace("<", "\\u003c")
                        + SignedExport.HTML_CLOSE + LogExport.HTML_END);
            }
        }
        out.flush();
    }

    private ObjectNode head(Consumer<ObjectNode> extras) {
        ObjectNode h = ProvisioningLog.JSON.createObjectNode();
        h.put("format", SignedExport.FORMAT);
        h.put("station", key.station());
        h.put("keyId", key.keyId());
        h.put("exportFormat", format);
        h.put("count", count);
        if (seqs != null) {
            h.put("records", SignedExport.ranges(seqs));
        }
        h.put("contentSha256", HexFormat.of().formatHex(digest.digest()));
        extras.accept(h);
        h.put("exportedAt", Instant.now().toString());
        return key.sign(h);
    }

    private void write(String text) throws IOException {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        out.write(text);
    }
}
