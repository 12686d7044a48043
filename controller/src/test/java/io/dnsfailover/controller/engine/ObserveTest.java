package io.dnsfailover.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.ConfigLoader;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.decide.TargetStatus;
import io.dnsfailover.controller.provider.ProviderRegistry;
import io.dnsfailover.controller.provider.Providers;
import io.dnsfailover.controller.provider.Resilience;
import io.dnsfailover.health.CheckResult;
import io.dnsfailover.health.Checker;
import io.dnsfailover.health.Health;
import io.dnsfailover.health.HealthStreak;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's observations: probes feed them as they end, ticks read them and never wait for a probe. */
class ObserveTest {

    static final AtomicInteger RUN = new AtomicInteger();

    @TempDir
    Path dir;

    final MemoryStore store = new MemoryStore();
    final String provider = "observe-" + RUN.incrementAndGet();
    final RecordKey key = new RecordKey("observe.test", "www.observe.test", RecordType.A);

    Config config(int port) {
        String yaml = """
                providers:
                  %s: { type: inmemory }
                groups:
                  www:
                    record: { zone: observe.test, name: www.observe.test, type: A, ttl: 5 }
                    providers: [%s]
                    targets:
                      - { name: t1, address: 127.0.0.1 }
                      - { name: t2, address: 127.0.0.2 }
                      - { name: t3, address: 127.0.0.3 }
                      - { name: t4, address: 127.0.0.4 }
                    check: { type: http, port: %d, interval: 1s, timeout: 500ms, fall: 3, rise: 2 }
                """.formatted(provider, provider, port);
        return new ConfigLoader(n -> null).parse("observe.yaml", yaml, dir);
    }

    Engine engine(Config c) {
        Resilience once = new Resilience(1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5), 10, 50f, Duration.ofMinutes(1));
        return new Engine(c, Providers.open(c, ProviderRegistry.load(), once), store, Checker.builder().build(), null, Clock.systemUTC(),
                Options.DAEMON);
    }

    void serve(String value) {
        ProviderRegistry.load().factory("inmemory").orElseThrow().create(new ProviderSettings(provider, Map.of()))
                .apply(List.of(Change.create(RecordSet.of(key, 5, value))));
    }

    static CheckResult up() {
        return CheckResult.up(Instant.now(), Duration.ofMillis(2), "HTTP 200 in 2 ms");
    }

    @Test
    void startUpWritesTheGroupsStateOnceThoughItsTargetsSettleOneByOne() {
        serve("127.0.0.1");
        try (Engine engine = engine(config(80))) {
            // phases spread the first probes over the interval: each target settles (rise 2) at its own time, a tick each
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 4; i++) {
                    Engine.Observed o = engine.observe("www", i, up());
                    assertThat(o.decide()).as("a decision is asked for once every target has a health: before, none can change anything")
                            .isEqualTo(round == 1 && i == 3);
                    engine.tick("www");
                }
            }
            for (int i = 0; i < 5; i++) {
                engine.tick("www");
            }
            assertThat(store.updates).as("state writes during start-up").isEqualTo(1);
            assertThat(store.groups.get("www").health()).containsOnlyKeys("t1", "t2", "t3", "t4");
        }
    }

    @Test
    void aTickNeverWaitsForAProbeInFlight() throws IOException {
        serve("127.0.0.1");
        try (ServerSocket hanging = new ServerSocket()) {
            hanging.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            try (Engine engine = engine(config(hanging.getLocalPort()))) {
                CompletableFuture<CheckResult> probe = engine.probe("www", 0); // accepted, never answered: ends at its timeout
                TickResult r = engine.tick("www");
                assertThat(probe).as("the tick returned while the probe still hangs").isNotDone();
                assertThat(r).isNotNull();
                assertThat(probe.join().state()).isEqualTo(Health.DOWN);
            }
        }
    }

    @Test
    void aTargetWhoseLastProbeIsOlderThanTwoIntervalsIsUnknownNeverUp() {
        GroupConfig g = config(80).groups().get("www");
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        List<HealthStreak> health = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HealthStreak h = HealthStreak.initial(g.check().thresholds());
            Instant at = i == 0 ? now.minusMillis(2001) : now.minusMillis(1999);
            for (int k = 0; k < 2; k++) {
                h = h.next(CheckResult.up(at, Duration.ofMillis(1), "HTTP 200")).next();
            }
            health.add(h);
        }
        List<TargetStatus> s = Observe.statuses(g, health, now);
        assertThat(s.get(0).health()).isEqualTo(Health.UNKNOWN);
        assertThat(s.get(0).evidence()).startsWith("no probe result for 2 s, more than two intervals (the last, at 2026-12-03T11:59:57Z");
        assertThat(s.subList(1, 4)).allSatisfy(t -> assertThat(t.health()).isEqualTo(Health.UP));
    }

    @Test
    void aTurningTargetsEvidenceSaysSinceWhenItIsProbedFast() {
        GroupConfig g = config(80).groups().get("www");
        Instant t0 = Instant.parse("2026-12-03T12:00:00Z");
        HealthStreak h = HealthStreak.initial(g.check().thresholds());
        h = h.next(CheckResult.up(t0, Duration.ofMillis(1), "HTTP 200")).next();
        h = h.next(CheckResult.up(t0.plusSeconds(1), Duration.ofMillis(1), "HTTP 200")).next();
        Observe.One fail = Observe.record(g, 0, h, CheckResult.down(t0.plusSeconds(2), Duration.ofMillis(1), "connection refused"));
        assertThat(fail.next().turning()).isTrue();
        assertThat(Observe.statuses(g, List.of(fail.next(), h, h, h)).get(0).evidence())
                .isEqualTo("1 × connection refused since 2026-12-03T12:00:02Z, probed every 250ms since then");
        HealthStreak two = fail.next().next(CheckResult.down(t0.plusMillis(2250), Duration.ofMillis(1), "connection refused")).next();
        Observe.One down = Observe.record(g, 0, two, CheckResult.down(t0.plusMillis(2500), Duration.ofMillis(1), "connection refused"));
        assertThat(down.transition()).isTrue();
        Effect.Journal j = (Effect.Journal) down.effects().get(1);
        assertThat(j.data()).containsEntry("fastSince", "2026-12-03T12:00:02Z").containsEntry("fastInterval", "250ms");
        assertThat(((Effect.Log) down.effects().get(0)).message()).contains("probed every 250ms since 2026-12-03T12:00:02Z");
    }
}
