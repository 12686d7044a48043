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
import io.dnsfailover.providers.testkit.FaultProxy;
import io.dnsfailover.providers.testkit.PowerDnsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Measures failover while the provider fails (DESIGN §10: "during N s of provider failure: published within 2
 * intervals after the provider recovers"). A real PowerDNS on loopback, reached only through a
 * {@link FaultProxy}; two web servers; the daemon with interval 1 s, timeout 500 ms, fall 3 and its default
 * resilience policy. Each run stops the primary at a random phase of the check cycle and, at the same moment,
 * makes the proxy answer every API request with HTTP 503 for N seconds; it then polls the authoritative
 * answer every 10 ms until it is the backup, brings the primary back and waits for the failback. For each N
 * it prints the time from the outage to the backup being served, and from the provider's recovery to it.
 *
 * <p>Run: {@code mvn -q -pl examples -am install -DskipTests && mvn -q -pl examples exec:exec
 * -Dbenchmark.main=io.dnsfailover.examples.ProviderFaultBenchmark}, or {@code java -cp CLASSPATH
 * io.dnsfailover.examples.ProviderFaultBenchmark [RUNS [N,N,...]]} with the examples module's class path (default
 * 3 runs each of N = 0,10,40; about four minutes). Needs pdns-server and pdns-backend-sqlite3. Not a test: it
 * asserts nothing and is not run by the build.
 */
public final class ProviderFaultBenchmark {

    static final String ZONE = "faults.test";
    static final String NAME = "www." + ZONE;
    static final String PRIMARY = "127.0.0.1";
    static final String BACKUP = "127.0.0.2";
    static final Duration DEADLINE = Duration.ofSeconds(30);

    private ProviderFaultBenchmark() {}

    /** One run: nanoseconds from the outage, and from the provider's recovery, to the backup being served. */
    record Sample(long fromOutage, long fromRecovery) {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int[] storms = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray() : new int[] {0, 10, 40};
        Path dir = Files.createTempDirectory("dnsfailover-faults-");
        try (PowerDnsServer pdns = PowerDnsServer.start(); FaultProxy proxy = FaultProxy.start(pdns.apiUrl())) {
            pdns.createZone(ZONE);
            DemoWebServer backup = DemoWebServer.start(BACKUP, 0, NAME, "backup");
            int port = backup.port();
            DemoWebServer primary = DemoWebServer.start(PRIMARY, port, NAME, "primary");
            RecordKey key = new RecordKey(ZONE, NAME, RecordType.A);
            try (DnsProvider seed = ProviderRegistry.load().factory("powerdns").orElseThrow()
                    .create(new ProviderSettings("seed", Map.of("endpoint", pdns.apiUrl(), "apiKey", pdns.apiKey())))) {
                seed.apply(List.of(Change.create(RecordSet.of(key, 5, PRIMARY))));
            }
            Config config = new ConfigLoader(n -> null).parse("faults.yaml", """
                    owner: provider-fault-benchmark
                    providers:
                      pdns: { type: powerdns, endpoint: "%s", apiKey: "%s" }
                    groups:
                      www:
                        record: { zone: %s, name: %s, type: A, ttl: 5 }
                        providers: [pdns]
                        targets: [ { name: primary, address: %s }, { name: backup, address: %s } ]
                        check: { type: http, port: %d, path: /healthz, expectBody: ok, interval: 1s, timeout: 500ms, fall: 3, rise: 1 }
                        failbackAfter: 1s
                        holdDown: 0s
                    """.formatted(proxy.url(), pdns.apiKey(), ZONE, NAME, PRIMARY, BACKUP, port), dir);
            List<List<Sample>> results = new ArrayList<>();
            try (FileStateStore store = FileStateStore.open(dir.resolve("state"));
                    Engine engine = new Engine(config, Providers.open(config, ProviderRegistry.load(), Resilience.DEFAULT), store,
                            Checker.builder().build(), Notifications.from(List.of()), Clock.systemUTC(), Options.DAEMON);
                    Daemon daemon = Daemon.start(config, engine)) {
                System.out.printf("provider fault benchmark: PowerDNS %s behind a fault proxy, interval 1s, timeout 500ms, fall 3,"
                        + " breaker open %d ms at most; %d run(s) per N = %s s of HTTP 503%n", pdns.dnsAddress(),
                        Resilience.DEFAULT.openingAtMost(Duration.ofSeconds(1)).breakerOpenFor().toMillis(), runs, Arrays.toString(storms));
                for (int storm : storms) {
                    List<Sample> samples = new ArrayList<>();
                    for (int run = 1; run <= runs; run++) {
                        FailoverBenchmark.waitUntil(() -> answer(pdns).equals(List.of(PRIMARY)), "the primary to be served");
                        Thread.sleep(1000 + ThreadLocalRandom.current().nextLong(1000)); // settled, then a random phase
                        long outage = System.nanoTime();
                        if (storm > 0) {
                            proxy.inject(FaultProxy.Fault.status(503), Duration.ofSeconds(storm));
                        }
                        primary.close();
                        waitUntil(() -> answer(pdns).equals(List.of(BACKUP)), "the backup to be served", Duration.ofSeconds(storm).plus(DEADLINE));
                        long served = System.nanoTime();
                        long recovered = storm > 0 ? proxy.lastSwitchNanos() : outage;
                        Sample s = new Sample(served - outage, served - recovered);
                        samples.add(s);
                        System.out.printf("N=%2d s run %d: outage -> backup served %6d ms; provider recovered -> backup served %s%n", storm,
                                run, s.fromOutage() / 1_000_000, storm > 0 ? (s.fromRecovery() / 1_000_000) + " ms" : "n/a");
                        primary = DemoWebServer.start(PRIMARY, port, NAME, "primary");
                    }
                    results.add(samples);
                }
                FailoverBenchmark.waitUntil(() -> answer(pdns).equals(List.of(PRIMARY)), "the last failback");
            } finally {
                primary.close();
                backup.close();
            }
            System.out.println();
            System.out.println("provider 503 for | runs | outage -> backup served (s)  | provider recovered -> backup served (s)");
            System.out.println("                 |      | median    min    max         | median    min    max");
            for (int i = 0; i < storms.length; i++) {
                List<Sample> s = results.get(i);
                long[] out = s.stream().mapToLong(Sample::fromOutage).sorted().toArray();
                long[] rec = s.stream().mapToLong(Sample::fromRecovery).sorted().toArray();
                System.out.printf("%13d s  | %4d | %6.2f %6.2f %6.2f         | %s%n", storms[i], s.size(), sec(median(out)), sec(out[0]),
                        sec(out[out.length - 1]), storms[i] == 0 ? "  n/a (no fault)"
                                : String.format("%6.2f %6.2f %6.2f", sec(median(rec)), sec(rec[0]), sec(rec[rec.length - 1])));
            }
            System.out.println("budgets (DESIGN §10): no fault: interval x fall + 1 s = 4 s; during N s of provider failure: published"
                    + " within 2 intervals (2 s) after the provider recovers");
        } finally {
            FailoverBenchmark.deleteTree(dir);
        }
    }

    static List<String> answer(PowerDnsServer pdns) {
        return DnsQuery.ask(pdns.dnsAddress(), NAME, RecordType.A).values();
    }

    /** Polls every 10 ms, the measurement's resolution. */
    static void waitUntil(java.util.function.Supplier<Boolean> condition, String what, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("gave up waiting " + deadline.toSeconds() + " s for " + what);
            }
            Thread.sleep(10);
        }
    }

    static long median(long[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double sec(long nanos) {
        return nanos / 1e9;
    }
}
