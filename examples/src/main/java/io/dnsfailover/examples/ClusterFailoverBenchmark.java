package io.dnsfailover.examples;

import io.dnsfailover.controller.demo.DemoWebServer;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.testkit.PostgresServer;
import io.dnsfailover.providers.testkit.PowerDnsServer;
import io.dnsfailover.controller.provider.ProviderRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The failover budget of a cluster (DESIGN §10: three nodes, quorum 2, failover within one interval of the single
 * node's figure): the same setup as {@link FailoverBenchmark} (a real PowerDNS on loopback, interval 1 s, fall 3,
 * the primary stopped at a random phase, the authoritative answer polled every 10 ms), measured first with one
 * node in this JVM and then with three daemons as processes (the launcher), each probing from its own source
 * address (127.0.1.N), sharing a real PostgreSQL on loopback; without fast probing and with {@code fastInterval}
 * 250 ms. The budget of each cluster figure is the single node's median and worst of the same kind plus 1 s.
 *
 * <p>Run: {@code mvn -q -pl examples -am install -DskipTests && mvn -q -pl examples exec:exec
 * -Dbenchmark.main=io.dnsfailover.examples.ClusterFailoverBenchmark} (optional argument: runs, default 10). Needs
 * pdns-server, pdns-backend-sqlite3 and postgresql.
 */
public final class ClusterFailoverBenchmark {

    static final List<String> NODES = List.of("atlanta", "frankfurt", "singapore");
    static final Duration START_DEADLINE = Duration.ofSeconds(120);

    private ClusterFailoverBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path root = ScaleBenchmark.sourceTree();
        Path dir = Files.createTempDirectory("dnsfailover-cluster-bench-");
        boolean pass = true;
        try (PowerDnsServer pdns = PowerDnsServer.start(); PostgresServer postgres = PostgresServer.create()) {
            pdns.createZone(FailoverBenchmark.ZONE);
            RecordKey key = new RecordKey(FailoverBenchmark.ZONE, FailoverBenchmark.NAME, RecordType.A);
            try (DnsProvider seed = ProviderRegistry.load().factory("powerdns").orElseThrow()
                    .create(new ProviderSettings("seed", Map.of("endpoint", pdns.apiUrl(), "apiKey", pdns.apiKey())))) {
                seed.apply(List.of(Change.create(RecordSet.of(key, 5, "127.0.0.1"))));
            }
            for (String fast : List.of("1s", "250ms")) {
                List<Long> single = FailoverBenchmark.measure(pdns, dir.resolve("single-" + fast), fast, runs);
                List<Long> cluster = measure(root, pdns, postgres, dir.resolve("cluster-" + fast), fast, runs);
                String what = fast.equals("1s") ? "no fast probing" : "fastInterval " + fast;
                long singleMedian = FailoverBenchmark.median(single);
                long singleWorst = single.stream().max(Long::compare).orElseThrow();
                FailoverBenchmark.summary("one node, interval 1s, fall 3, " + what, single, Long.MAX_VALUE, Long.MAX_VALUE);
                pass &= FailoverBenchmark.summary("three nodes, quorum 2, interval 1s, fall 3, " + what, cluster, singleMedian + 1000,
                        singleWorst + 1000);
            }
        } finally {
            FailoverBenchmark.deleteTree(dir);
        }
        System.exit(pass ? 0 : 1);
    }

    /** Three daemons on a new database with {@code fastInterval}; {@code runs} failovers, each from a random phase. */
    static List<Long> measure(Path root, PowerDnsServer pdns, PostgresServer postgres, Path dir, String fastInterval, int runs)
            throws Exception {
        Files.createDirectories(dir);
        String database = postgres.createDatabase();
        Files.writeString(dir.resolve("pgpass"), postgres.password());
        DemoWebServer backup = DemoWebServer.start("127.0.0.2", 0, FailoverBenchmark.NAME, "backup");
        int port = backup.port();
        DemoWebServer primary = DemoWebServer.start("127.0.0.1", port, FailoverBenchmark.NAME, "primary");
        List<DaemonProcess> daemons = new ArrayList<>();
        List<Long> samples = new ArrayList<>();
        try {
            for (int i = 0; i < NODES.size(); i++) {
                Path config = dir.resolve(NODES.get(i) + ".yaml");
                // the single node's owner: its ownership marker is on the record already
                Files.writeString(config, """
                        owner: failover-benchmark
                        providers:
                          pdns: { type: powerdns, endpoint: "%s", apiKey: "%s" }
                        groups:
                          www:
                            record: { zone: %s, name: %s, type: A, ttl: 5 }
                            providers: [pdns]
                            targets: [ { name: primary, address: 127.0.0.1 }, { name: backup, address: 127.0.0.2 } ]
                            check: { type: http, port: %d, path: /healthz, expectBody: ok, interval: 1s, fastInterval: %s, timeout: 500ms, fall: 3, rise: 1 }
                            failbackAfter: 1s
                            holdDown: 0s
                        cluster:
                          database: %s
                          user: %s
                          password: ${file:pgpass}
                          node: %s
                          quorum: 2
                          sourceAddress: 127.0.1.%d
                          checkIn: 1s
                        """.formatted(pdns.apiUrl(), pdns.apiKey(), FailoverBenchmark.ZONE, FailoverBenchmark.NAME, port, fastInterval,
                        postgres.jdbcUrl(database), PostgresServer.USER, NODES.get(i), i + 1));
                daemons.add(DaemonProcess.start(root, config, dir.resolve(NODES.get(i) + ".log")));
            }
            long end = System.nanoTime() + START_DEADLINE.toNanos();
            while (alive(postgres, database) < NODES.size()) {
                for (DaemonProcess d : daemons) {
                    d.checkRunning();
                }
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("the three nodes did not all check in within " + START_DEADLINE.toSeconds() + " s");
                }
                Thread.sleep(200);
            }
            System.out.printf("cluster failover benchmark: 3 nodes, quorum 2, PowerDNS %s, interval 1s, fastInterval %s, timeout 500ms,"
                    + " fall 3, %d runs%n", pdns.dnsAddress(), fastInterval, runs);
            for (int run = 1; run <= runs; run++) {
                FailoverBenchmark.waitUntil(() -> FailoverBenchmark.answer(pdns).equals(List.of("127.0.0.1")), "the primary to be served");
                Thread.sleep(2000 + ThreadLocalRandom.current().nextLong(1000)); // every node sees it UP; a random phase
                long stopped = System.nanoTime();
                primary.close();
                FailoverBenchmark.waitUntil(() -> FailoverBenchmark.answer(pdns).equals(List.of("127.0.0.2")), "the backup to be served");
                long ms = (System.nanoTime() - stopped) / 1_000_000;
                samples.add(ms);
                System.out.printf("run %2d: outage -> authoritative answer changed in %5d ms%n", run, ms);
                primary = DemoWebServer.start("127.0.0.1", port, FailoverBenchmark.NAME, "primary");
            }
            FailoverBenchmark.waitUntil(() -> FailoverBenchmark.answer(pdns).equals(List.of("127.0.0.1")), "the primary to be served again");
        } finally {
            for (DaemonProcess d : daemons) {
                d.close();
            }
            primary.close();
            backup.close();
        }
        return samples;
    }

    /** The nodes that saved their observations in the last 3 s. */
    static int alive(PostgresServer postgres, String database) {
        try (Connection c = postgres.connect(database); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM dnsfailover_nodes WHERE seen_at > now() - interval '3 seconds'")) {
            return r.next() ? r.getInt(1) : 0;
        } catch (java.sql.SQLException e) {
            return 0; // not migrated yet: the first node is still starting
        }
    }
}
