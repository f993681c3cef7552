package dev.preflight.core.provision;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Rerunnable figures for docs/benchmarks.md ("Shared log"), run by scripts/bench-shared-log.sh against a
 * PostgreSQL superuser URL (the script starts a throwaway one):
 * {@code push URL DIR RECORDS} — push throughput from one station and from eight at once (RECORDS each);
 * {@code load URL RECORDS} — a new database holding RECORDS records (for the export), printed as DB=URL;
 * {@code lookup URL LOOKUPS} — CARD_HISTORY lookups of random cards in that database: the query alone on an
 * open connection, and a whole lookup as an inspection does it (connect, query, close).
 */
public final class SharedLogBenchmark {
    private SharedLogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        SharedLogUrl admin = SharedLogUrl.parse(args[1]);
        switch (args[0]) {
            case "push" -> {
                Path dir = Path.of(args[2]);
                int records = Integer.parseInt(args[3]);
                for (int stations : new int[] {1, 8}) {
                    SharedLogUrl db = create(admin, "bench_push_" + stations);
                    List<ProvisioningLog> logs = new ArrayList<>();
                    for (int i = 1; i <= stations; i++) {
                        String name = "station-" + stations + "-" + i;
                        System.setProperty("preflight.station", name);
                        Path keys = dir.resolve(name + "-keys");
                        StationKey.in(keys);
                        ProvisioningLog log = new ProvisioningLog(dir.resolve(name + ".jsonl"), keys);
                        Files.deleteIfExists(log.file());
                        Files.deleteIfExists(PushState.fileFor(log.file()));
                        SharedLogTest.build(log, records);
                        logs.add(log);
                    }
                    System.clearProperty("preflight.station");
                    SharedLog.open(db).close();
                    ExecutorService pool = Executors.newFixedThreadPool(stations);
                    long t0 = System.nanoTime();
                    List<Future<Long>> done = new ArrayList<>();
                    for (ProvisioningLog log : logs) {
                        done.add(pool.submit(() -> {
                            try (SharedLog s = SharedLog.open(db)) {
                                return s.push(log).pushed();
                            }
                        }));
                    }
                    long total = 0;
                    for (Future<Long> f : done) {
                        total += f.get();
                    }
                    double s = (System.nanoTime() - t0) / 1e9;
                    pool.shutdown();
                    System.out.printf("push, %d station(s) at once, %,d records each: %,d records in %.1f s = %,.0f"
                            + " records/s%n", stations, records, total, s, total / s);
                    drop(admin, db);
                }
            }
            case "load" -> {
                SharedLogUrl db = create(admin, "bench_export");
                long t0 = System.nanoTime();
                SharedExportMillionTest.load(db, Integer.parseInt(args[2]));
                System.out.printf("loaded %,d records in %.1f s%n", Integer.parseInt(args[2]),
                        (System.nanoTime() - t0) / 1e9);
                System.out.println("DB=" + db);
            }
            case "lookup" -> {
                SharedLogUrl db = admin;
                int n = Integer.parseInt(args[2]);
                Random random = new Random(42);
                List<Double> query = new ArrayList<>();
                List<Double> whole = new ArrayList<>();
                try (SharedLog s = SharedLog.open(db)) {
                    s.lookup("warm-up");
                    for (int i = 0; i < n; i++) {
                        String id = String.format("cid:1b-%08x", random.nextInt(1_000_000));
                        long t = System.nanoTime();
                        SharedLog.Seen seen = s.lookup(id);
                        query.add((System.nanoTime() - t) / 1e6);
                        if (seen.count() != 1) {
                            throw new IllegalStateException(id + " seen " + seen.count() + " times");
                        }
                    }
                }
                for (int i = 0; i < n; i++) {
                    String id = String.format("cid:1b-%08x", random.nextInt(1_000_000));
                    long t = System.nanoTime();
                    try (SharedLog s = SharedLog.reading(db, 2)) {
                        s.lookup(id);
                    }
                    whole.add((System.nanoTime() - t) / 1e6);
                }
                report("CARD_HISTORY query on an open connection", query);
                report("CARD_HISTORY lookup with its own connection", whole);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static SharedLogUrl create(SharedLogUrl admin, String name) throws Exception {
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.properties(10, System.getenv()));
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        }
        return new SharedLogUrl(admin.host(), admin.port(), name, admin.user(), admin.params());
    }

    static void drop(SharedLogUrl admin, SharedLogUrl db) throws Exception {
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.properties(10, System.getenv()));
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db.database() + " WITH (FORCE)");
        }
    }

    private static void report(String what, List<Double> ms) {
        List<Double> s = new ArrayList<>(ms);
        Collections.sort(s);
        System.out.printf("%s: median %.2f ms, p90 %.2f ms, max %.2f ms (%d lookups in 1,000,000 records)%n", what,
                s.get(s.size() / 2), s.get(s.size() * 9 / 10), s.get(s.size() - 1), s.size());
    }
}
