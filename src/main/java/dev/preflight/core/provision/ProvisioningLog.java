package dev.preflight.core.provision;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
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
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The provisioning log: append-only JSON Lines, one record per verification or edit. Every record
 * carries a sequence number, the previous record's hash and its own hash (SHA-256 of its canonical
 * JSON without "hash" and "sig"); a signed head beside the log ({@link LogHead}) holds the record count
 * and last hash, signed with the station's Ed25519 key, so records removed from the end, or altered
 * with the whole chain recomputed, are found without trusting the file. See docs/decisions/0011.
 *
 * <p>An append takes an exclusive lock (a per-file monitor in this JVM, a {@link FileLock} across
 * processes), reads only the tail of the file, writes one line, fsyncs, then replaces the head. A line
 * left unfinished by a crash is sealed off by the next append, which lists it in its record.
 */
public final class ProvisioningLog {
    public static final String GENESIS = "0".repeat(64);
    static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    /**
     * How the log's lines, its head and exports are read: a key written twice, or anything after the value,
     * makes the text unreadable. Hashes and signatures cover the parsed value, so without this a reader that
     * keeps the first of two keys, or reads on to the next value as jq does, sees what was never signed.
     */
    static final ObjectReader STRICT = JSON.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A file kept beside {@code log}: its name without ".jsonl", then {@code suffix} (e.g. ".head"). */
    static Path beside(Path log, String suffix) {
        String name = log.getFileName().toString();
        String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        return log.resolveSibling(base + suffix);
    }
    /** Fields a record's hash leaves out. */
    static final Set<String> UNHASHED = Set.of("hash", "sig");
    private static final ConcurrentHashMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path keyDir;

    /** The log in {@code file}, signed with this station's key from the data folder. */
    public ProvisioningLog(Path file) {
        this(file, null);
    }

    /** The log in {@code file}, signed with the key kept in {@code keyDir} (null: the station's). */
    public ProvisioningLog(Path file, Path keyDir) {
        this.file = file;
        this.keyDir = keyDir;
    }

    public Path file() {
        return file;
    }

    /** The signed head kept beside the log. */
    public Path headFile() {
        return LogHead.fileFor(file);
    }

    private Path keyDir() {
        return keyDir != null ? keyDir : StationKey.defaultDir();
    }

    /** Records read, and lines that could not be read (1-based line numbers with the reason). */
    public record Contents(List<ObjectNode> records, List<String> problems) {
    }

    /** How a line that is not a record came to be there. */
    enum LineState { RECOVERED, UNSEALED, UNREADABLE }

    /** Receives the log front to back. */
    interface Visitor {
        void record(ObjectNode r);

        void line(long number, LineState state);
    }

    /** Appends {@code record} (seq, time if missing, prevHash, hash and signature are filled in) and returns it. */
    public ObjectNode append(ObjectNode record) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        StationKey key = StationKey.in(keyDir());
        // FileLock excludes other processes; within one JVM two channels may not both lock, so also serialise here
        synchronized (lockFor(file)) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
                return appendLocked(ch, record, key);
            }
        }
    }

    private static Object lockFor(Path file) {
        return LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new Object());
    }

    private ObjectNode appendLocked(FileChannel ch, ObjectNode record, StationKey key) throws IOException {
        LogTail tail = LogTail.read(ch);
        ObjectNode last = tail.last();
        ObjectNode r = record.deepCopy();
        r.remove(List.of("hash", "sig", "signedBy", "continuity"));
        r.put("seq", last == null ? 1 : last.path("seq").asLong() + 1);
        r.put("prevHash", last == null ? GENESIS : last.path("hash").asText());
        if (!r.has("time")) {
            r.put("time", Instant.now().toString());
        }
        ObjectNode continuity = Continuity.assess(tail, headFile(), key);
        if (!continuity.isEmpty()) {
            r.set("continuity", continuity);
        }
        r.putObject("signedBy").put("station", key.station()).put("keyId", key.keyId());
        r.put("hash", hash(r));
        r.put("sig", key.sign(LogHead.recordStatement(r)).path("signature").asText());
        // a line left unfinished by a crash is ended here, so it stays one line and this record starts clean
        String line = (tail.endsWithNewline() ? "" : "\n") + JSON.writeValueAsString(r) + "\n";
        ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        long pos = ch.size();
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
        ch.force(true);
        LogHead.write(headFile(), key.sign(LogHead.statement(key.station(), key.keyId(), r.path("seq").asLong(),
                r.path("hash").asText())));
        return r;
    }

    /** The last record's sequence number (0 for an empty or missing log), read from the end of the file. */
    public long lastSeq() throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ObjectNode last = LogTail.read(ch).last();
            return last == null ? 0 : last.path("seq").asLong();
        }
    }

    public Contents read() throws IOException {
        List<ObjectNode> records = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        scan(Long.MAX_VALUE, new Visitor() {
            @Override
            public void record(ObjectNode r) {
                records.add(r);
            }

            @Override
            public void line(long number, LineState state) {
                if (state != LineState.RECOVERED) {
                    problems.add("line " + number + " is unreadable"
                            + (state == LineState.UNSEALED ? " (an append was interrupted)" : ""));
                }
            }
        });
        return new Contents(records, problems);
    }

    /** Problems with the log: altered, removed, reordered or unsigned records. Empty when intact. */
    public List<String> verify() throws IOException {
        return check().problems();
    }

    /** The full check, against this station's public key (if it has one yet). */
    public LogCheck check() throws IOException {
        return check(StationKey.existingPublicKey(keyDir()));
    }

    /** The full check against {@code key} (null: no key to check signatures with; see LogCheck.keyMissing). */
    public LogCheck check(PublicKey key) throws IOException {
        long size = 0;
        LogHead head = null;
        String headProblem = null;
        // the head and the length are taken together under the append lock: a concurrent append only adds after it
        synchronized (lockFor(file)) {
            try (FileChannel ch = Files.exists(file) ? FileChannel.open(file, StandardOpenOption.READ) : null;
                 FileLock lock = ch == null ? null : sharedLock(ch)) {
                size = ch == null ? 0 : ch.size();
                head = readHead();
            } catch (LogHead.Unreadable e) {
                headProblem = e.getMessage();
            }
        }
        LogChecker checker = new LogChecker(head, key);
        scan(size, checker);
        return checker.finish(headFile(), headProblem);
    }

    private static FileLock sharedLock(FileChannel ch) {
        try {
            return ch.lock(0, Long.MAX_VALUE, true);
        } catch (IOException e) {
            return null; // a file system without locks: the check still runs, as it did before
        }
    }

    private LogHead readHead() throws IOException {
        return LogHead.read(headFile());
    }

    /**
     * Reads the first {@code limit} bytes line by line. An unreadable line is RECOVERED when the next
     * record lists it as a write it sealed, UNSEALED when it is the unfinished end of the file (the last line,
     * without its '\n', no longer than a record can be); a line that is whole JSON but no record is neither (a
     * crash does not write one).
     */
    void scan(long limit, Visitor v) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<LogLines.Line> pending = new ArrayList<>();
        try (LogLines lines = new LogLines(file, limit)) {
            for (LogLines.Line l = lines.next(); l != null; l = lines.next()) {
                if (l.blank()) {
                    continue;
                }
                ObjectNode r = l.bytes() == null ? null : LogTail.record(l.bytes());
                if (r == null) {
                    pending.add(l);
                    continue;
                }
                List<JsonNode> sealed = Continuity.sealed(r);
                for (LogLines.Line p : pending) {
                    boolean declared = sealed.removeIf(s -> s.path("bytes").asLong() == p.length()
                            && s.path("sha256").asText().equals(p.sha256()));
                    v.line(p.number(), declared && !LogTail.wholeJson(p.bytes()) ? LineState.RECOVERED
                            : LineState.UNREADABLE);
                }
                pending.clear();
                v.record(r);
            }
        }
        // a crash leaves at most the last line unfinished, and no longer than a record can be (MAX_LINE: its
        // bytes were kept); gigabytes of anything after the last record are no interrupted append
        LogLines.Line tail = pending.isEmpty() ? null : pending.get(pending.size() - 1);
        boolean unfinished = tail != null && !tail.terminated() && tail.bytes() != null
                && !LogTail.wholeJson(tail.bytes());
        pending.forEach(p -> v.line(p.number(), unfinished && p == tail ? LineState.UNSEALED : LineState.UNREADABLE));
    }

    /** Receives records with the file offset just after each; returning false stops the reading. */
    interface Positioned {
        boolean record(ObjectNode r, long end) throws IOException;
    }

    /**
     * The records from byte {@code offset} (the start of a line) to the end the file has now, with their end
     * offsets; unreadable lines and an unfinished last line are skipped. Memory stays at one line.
     */
    void recordsFrom(long offset, Positioned v) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (LogLines lines = new LogLines(file, offset, Files.size(file))) {
            for (LogLines.Line l = lines.next(); l != null; l = lines.next()) {
                ObjectNode r = l.bytes() == null || !l.terminated() ? null : LogTail.record(l.bytes());
                if (r != null && !v.record(r, l.end())) {
                    return;
                }
            }
        }
    }

    /**
     * The records whose line holds {@code text} as written (a cheap test on the raw bytes before a line is
     * parsed), front to back; memory stays at one line. For text JSON would escape, every record is parsed.
     */
    public void recordsMentioning(String text, Consumer<ObjectNode> v) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        boolean plain = !text.isEmpty() && text.chars().noneMatch(c -> c == '"' || c == '\\' || c < 0x20 || c == 0x7f);
        if (plain) {
            LogSearch.linesContaining(file, Files.size(file), needle, (buf, off, len) -> {
                ObjectNode r = LogTail.record(buf, off, len);
                if (r != null) {
                    v.accept(r);
                }
            });
            return;
        }
        try (LogLines lines = new LogLines(file, 0, Files.size(file))) {
            for (LogLines.Line l = lines.next(); l != null; l = lines.next()) {
                ObjectNode r = l.bytes() == null ? null : LogTail.record(l.bytes());
                if (r != null) {
                    v.accept(r);
                }
            }
        }
    }

    /** The station key this log is signed with (created on first use). */
    StationKey key() throws IOException {
        return StationKey.in(keyDir());
    }

    /** SHA-256 of the canonical (sorted keys, compact) JSON, without "hash" and "sig". */
    static String hash(ObjectNode record) {
        return Signatures.sha256(Signatures.canonical(record, UNHASHED));
    }

    /** "record 5" or "records 4-5". */
    static String range(long from, long to) {
        return from == to ? "record " + from : "records " + from + "-" + to;
    }
}
