package dev.preflight.core.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The provisioning log: append-only JSON Lines, one record per verification or edit. Tamper-evident:
 * every record carries a sequence number, the previous record's hash and its own hash (SHA-256 of
 * its canonical JSON without the hash field), so a removed or altered record breaks the chain.
 * Appends take an exclusive file lock (several processes never interleave records) and fsync; a crash
 * mid-append leaves at most one unreadable last line, which readers report and skip.
 */
public final class ProvisioningLog {
    public static final String GENESIS = "0".repeat(64);
    static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final Path file;

    public ProvisioningLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Records read, and lines that could not be read (1-based line numbers with the reason). */
    public record Contents(List<ObjectNode> records, List<String> problems) {
    }

    /** Appends {@code record} (seq, time if missing, prevHash and hash are filled in) and returns it. */
    public ObjectNode append(ObjectNode record) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        // FileLock excludes other processes; within one JVM two channels may not both lock, so also serialise here
        synchronized (lockFor(file)) {
            return appendLocked(record);
        }
    }

    private static final java.util.concurrent.ConcurrentHashMap<Path, Object> LOCKS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static Object lockFor(Path file) {
        return LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new Object());
    }

    private ObjectNode appendLocked(ObjectNode record) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            Contents now = parse(readAll(ch));
            ObjectNode last = now.records().isEmpty() ? null : now.records().get(now.records().size() - 1);
            ObjectNode r = record.deepCopy();
            r.remove("hash");
            r.put("seq", last == null ? 1 : last.path("seq").asLong() + 1);
            r.put("prevHash", last == null ? GENESIS : last.path("hash").asText());
            if (!r.has("time")) {
                r.put("time", java.time.Instant.now().toString());
            }
            r.put("hash", hash(r));
            long size = ch.size();
            StringBuilder line = new StringBuilder();
            if (size > 0 && !endsWithNewline(ch, size)) {
                line.append('\n'); // isolate a line left incomplete by a crash
            }
            line.append(JSON.writeValueAsString(r)).append('\n');
            ByteBuffer b = ByteBuffer.wrap(line.toString().getBytes(StandardCharsets.UTF_8));
            long pos = size;
            while (b.hasRemaining()) {
                pos += ch.write(b, pos);
            }
            ch.force(true);
            return r;
        }
    }

    public Contents read() throws IOException {
        if (!Files.exists(file)) {
            return new Contents(List.of(), List.of());
        }
        return parse(Files.readAllBytes(file));
    }

    /** Problems with the chain: altered, removed or reordered records. Empty when intact. */
    public List<String> verify() throws IOException {
        Contents c = read();
        List<String> problems = new ArrayList<>(c.problems());
        String prev = GENESIS;
        long expectSeq = 1;
        for (ObjectNode r : c.records()) {
            long seq = r.path("seq").asLong();
            String hash = r.path("hash").asText();
            ObjectNode body = r.deepCopy();
            body.remove("hash");
            if (!hash(body).equals(hash)) {
                problems.add("record " + seq + " was altered (its hash does not match its content)");
            }
            if (seq != expectSeq) {
                problems.add(seq > expectSeq ? "record(s) " + expectSeq + (seq - 1 > expectSeq ? "-" + (seq - 1) : "")
                        + " are missing before record " + seq : "record " + seq + " is out of order");
            } else if (!r.path("prevHash").asText().equals(prev)) {
                problems.add("record " + seq + " does not follow the record before it (a record was removed or replaced)");
            }
            prev = hash;
            expectSeq = seq + 1;
        }
        return problems;
    }

    static Contents parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        List<ObjectNode> records = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.isEmpty()) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(l);
                if (n == null || !n.isObject() || !n.has("hash")) {
                    throw new IOException("not a log record");
                }
                records.add((ObjectNode) n);
            } catch (IOException e) {
                boolean last = i == lines.length - 1 || (i == lines.length - 2 && lines[lines.length - 1].isEmpty());
                problems.add("line " + (i + 1) + " is unreadable" + (last ? " (an append was interrupted)" : ""));
            }
        }
        return new Contents(records, problems);
    }

    private static byte[] readAll(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, ch.size()));
        long pos = 0;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static boolean endsWithNewline(FileChannel ch, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1);
        ch.read(b, size - 1);
        return b.get(0) == '\n';
    }

    /** SHA-256 of the canonical (sorted keys, compact) JSON. */
    static String hash(ObjectNode body) {
        try {
            Object canonical = JSON.treeToValue(body, Object.class);
            byte[] bytes = JSON.writeValueAsBytes(canonical);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
