package io.dnsfailover.examples;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.ConfigLoader;
import io.dnsfailover.controller.demo.DemoWebServer;
import io.dnsfailover.controller.engine.Engine;
import io.dnsfailover.controller.engine.Options;
import io.dnsfailover.controller.notify.Notifications;
import io.dnsfailover.controller.provider.ProviderRegistry;
import io.dnsfailover.controller.provider.Providers;
import io.dnsfailover.controller.provider.Resilience;
import io.dnsfailover.controller.schedule.Daemon;
import io.dnsfailover.controller.state.FileStateStore;
import io.dnsfailover.health.Checker;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.testkit.DnsQuery;
import io.dnsfailover.providers.testkit.PowerDnsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Measures the failover budget (DESIGN §10): from the moment the primary web server stops to the moment
 * the authoritative server (a real PowerDNS on loopback) answers the backup, with interval 1 s and fall 3.
 * Each run stops the primary at a random phase of the check cycle, polls the authoritative answer every
 * 10 ms, then brings the primary back and waits for failback before the next run. Everything on loopback.
 *
 * <p>Run: {@code mvn -q -pl examples -am install -DskipTests && mvn -q -pl examples exec:exec}
 * (optional argument: the number of runs, default 10). Needs pdns-server and pdns-backend-sqlite3.
 */
public final class FailoverBenchmark {

    static final String ZONE = "bench.test";
    static final String NAME = "www." + ZONE;
    static final Duration DEADLINE = Duration.ofSeconds(30);

    private FailoverBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Files.createTempDirectory("dnsfailover-bench-");
        try (PowerDnsServer pdns = PowerDnsServer.start()) {
            pdns.createZone(ZONE);
            RecordKey key = new RecordKey(ZONE, NAME, RecordType.A);
            try (DnsProvider seed = ProviderRegistry.load().factory("powerdns").orElseThrow()
                    .create(new ProviderSettings("seed", Map.of("endpoint", pdns.apiUrl(), "apiKey", pdns.apiKey())))) {
                seed.apply(List.of(Change.create(RecordSet.of(key, 5, "127.0.0.1"))));
            }
            // fastInterval equal to the interval turns fast probing off: the figure before it existed
            List<Long> steady = measure(pdns, dir.resolve("steady"), "1s", runs);
            List<Long> fast = measure(pdns, dir.resolve("fast"), "250ms", runs);
            summary("interval 1s, fall 3, no fast probing", steady, 4000, Long.MAX_VALUE);
            summary("interval 1s, fall 3, fastInterval 250ms", fast, 1500, 2000);
        } finally {
            deleteTree(dir);
        }
    }

    /** Runs the daemon with {@code fastInterval} and measures {@code runs} failovers, each from a random phase. */
    static List<Long> measure(PowerDnsServer pdns, Path dir, String fastInterval, int runs) throws Exception {
        Files.createDirectories(dir);
        DemoWebServer backup = DemoWebServer.start("127.0.0.2", 0, NAME, "backup");
        int port = backup.port();
        DemoWebServer primary = DemoWebServer.start("127.0.0.1", port, NAME, "primary");
        Config config = new ConfigLoader(n -> null).parse("bench.yaml", """
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
                """.formatted(pdns.apiUrl(), pdns.apiKey(), ZONE, NAME, port, fastInterval), dir);
        List<Long> samples = new ArrayList<>();
        try (FileStateStore store = FileStateStore.open(dir.resolve("state"));
                Engine engine = new Engine(config, Providers.open(config, ProviderRegistry.load(), Resilience.DEFAULT), store,
                        Checker.builder().build(), Notifications.from(List.of()), Clock.systemUTC(), Options.DAEMON);
                Daemon daemon = Daemon.start(config, engine)) {
            System.out.printf("failover benchmark: PowerDNS %s, interval 1s, fastInterval %s, timeout 500ms, fall 3, %d runs%n",
                    pdns.dnsAddress(), fastInterval, runs);
            for (int run = 1; run <= runs; run++) {
                waitUntil(() -> answer(pdns).equals(List.of("127.0.0.1")), "the primary to be served");
                Thread.sleep(ThreadLocalRandom.current().nextLong(1000)); // a random phase of the check cycle
                long stopped = System.nanoTime();
                primary.close();
                waitUntil(() -> answer(pdns).equals(List.of("127.0.0.2")), "the backup to be served");
                long ms = (System.nanoTime() - stopped) / 1_000_000;
                samples.add(ms);
                System.out.printf("run %2d: outage -> authoritative answer changed in %5d ms%n", run, ms);
                primary = DemoWebServer.start("127.0.0.1", port, NAME, "primary");
            }
            waitUntil(() -> answer(pdns).equals(List.of("127.0.0.1")), "the primary to be served again");
        } finally {
            primary.close();
            backup.close();
        }
        return samples;
    }

    /** Prints the samples' min, median and worst beside the budget ({@code Long.MAX_VALUE}: none); true when within it. */
    static boolean summary(String what, List<Long> samples, long medianBudget, long worstBudget) {
        List<Long> sorted = samples.stream().sorted().toList();
        long median = median(sorted);
        long worst = sorted.get(sorted.size() - 1);
        boolean pass = median < medianBudget && worst < worstBudget;
        String budget = medianBudget == Long.MAX_VALUE ? "" : "  (budget: median under " + medianBudget + " ms"
                + (worstBudget == Long.MAX_VALUE ? "" : ", worst under " + worstBudget + " ms") + ") " + (pass ? "PASS" : "FAIL");
        System.out.printf("%s: runs: %d  min: %d ms  median: %d ms  worst: %d ms%s%n", what, sorted.size(), sorted.get(0),
                median, worst, budget);
        return pass;
    }

    static long median(List<Long> samples) {
        List<Long> sorted = samples.stream().sorted().toList();
        return sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    }

    static List<String> answer(PowerDnsServer pdns) {
        return DnsQuery.ask(pdns.dnsAddress(), NAME, RecordType.A).values();
    }

    /** Polls every 10 ms, the measurement's resolution. */
    static void waitUntil(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting " + DEADLINE.toSeconds() + " s for " + what);
            }
            Thread.sleep(10);
        }
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
