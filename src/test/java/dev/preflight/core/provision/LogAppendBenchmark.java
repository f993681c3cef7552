package dev.preflight.core.provision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Rerunnable figure for docs/benchmarks.md: the time of one append to an empty log and to a log of
 * 1,000,000 records (built directly, chained and with a signed head, so building takes seconds, not the
 * hours a million fsynced appends would). Run with scripts/bench-log.sh, or:
 * {@code java -cp target/preflight.jar:target/test-classes dev.preflight.core.provision.LogAppendBenchmark
 * DIR [RECORDS] [APPENDS]}
 */
public final class LogAppendBenchmark {
    private LogAppendBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir")).resolve("log-bench");
        long big = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        int appends = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Files.createDirectories(dir);
        Path keys = dir.resolve("keys");
        Path small = dir.resolve("small.jsonl");
        Path large = dir.resolve("large.jsonl");
        Files.deleteIfExists(small);
        Files.deleteIfExists(LogHead.fileFor(small));
        long t0 = System.nanoTime();
        build(large, big, StationKey.in(keys));
        System.out.printf("built %,d records (%,d MiB) in %.1f s%n", big, Files.size(large) >> 20,
                (System.nanoTime() - t0) / 1e9);
        Files.deleteIfExists(dir.resolve("warm.jsonl"));
        // warm-up on a throwaway log, so neither measured log pays for class loading and JIT
        time(new ProvisioningLog(dir.resolve("warm.jsonl"), keys), appends);
        report("empty log (records 1.." + appends + ")", time(new ProvisioningLog(small, keys), appends));
        report(String.format("log of %,d records", big), time(new ProvisioningLog(large, keys), appends));
        long t1 = System.nanoTime();
        LogCheck c = new ProvisioningLog(large, keys).check(StationKey.in(keys).publicKey());
        System.out.printf("log verify of %,d records: %.1f s, %s, heap used %d MiB%n", c.records(),
                (System.nanoTime() - t1) / 1e9, c.intact() ? "intact" : c.problems(),
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    }

    /** A record the size of a real one (CardRecords.of: about 700 bytes with its chain fields). */
    static ObjectNode record(long i) {
        ObjectNode n = ProvisioningLog.JSON.createObjectNode();
        n.put("action", "batch");
        n.put("station", "bench-station");
        n.put("operator", "tech");
        n.put("preflightVersion", "0.9.0");
        ObjectNode card = n.putObject("card");
        card.put("identity", String.format("cid:1b-%08x", i));
        card.put("source", "/dev/sdb");
        card.put("capacityBytes", 31_914_983_424L);
        n.put("deviceType", "raspberrypi4-64");
        n.put("osVersion", "6.0.24+rev1");
        n.put("fleetId", 2_167_000);
        n.put("uuid", String.format("%032x", i));
        n.put("hostname", "pi-" + i);
        n.put("configSha256WithoutSecrets", "9f".repeat(32));
        n.put("verdict", i % 10 == 0 ? "warn" : "pass");
        n.putArray("findingCodes").add("CARD_HISTORY").add("WEAR_UNKNOWN");
        n.putObject("wear");
        n.put("durationMillis", 412);
        n.putArray("changes");
        n.put("batch", "lot-42");
        return n;
    }

    private static void build(Path file, long count, StationKey key) throws IOException {
        String prev = ProvisioningLog.GENESIS;
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        String fakeSig = "A".repeat(86) + "==";
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long i = 1; i <= count; i++) {
                ObjectNode r = record(i);
                r.put("seq", i).put("prevHash", prev).put("time", start.plusSeconds(i).toString());
                r.putObject("signedBy").put("station", key.station()).put("keyId", key.keyId());
                prev = ProvisioningLog.hash(r);
                r.put("hash", prev).put("sig", fakeSig); // signatures of records before the head are never needed
                w.write(ProvisioningLog.JSON.writeValueAsString(r));
                w.write('\n');
            }
        }
        LogHead.write(LogHead.fileFor(file), key.sign(LogHead.statement(key.station(), key.keyId(), count, prev)));
    }

    private static List<Double> time(ProvisioningLog log, int appends) throws IOException {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < appends; i++) {
            ObjectNode r = record(i);
            long t = System.nanoTime();
            log.append(r);
            ms.add((System.nanoTime() - t) / 1e6);
        }
        return ms;
    }

    private static void report(String what, List<Double> ms) {
        List<Double> s = new ArrayList<>(ms);
        Collections.sort(s);
        System.out.printf("append to %s: median %.2f ms, p90 %.2f ms, max %.2f ms (%d appends)%n", what,
                s.get(s.size() / 2), s.get(s.size() * 9 / 10), s.get(s.size() - 1), s.size());
    }
}
