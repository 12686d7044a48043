package io.dnsfailover.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.ConfigLoader;
import io.dnsfailover.controller.demo.DemoWebServer;
import io.dnsfailover.controller.notify.Notification;
import io.dnsfailover.controller.notify.Notifications;
import io.dnsfailover.controller.notify.Notifier;
import io.dnsfailover.controller.provider.ProviderRegistry;
import io.dnsfailover.controller.provider.Providers;
import io.dnsfailover.controller.provider.Resilience;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.controller.state.FileStateStore;
import io.dnsfailover.health.Checker;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One group's ticks, in process: real web servers on loopback, the in-memory provider, a real state directory. */
class EngineTest {

    static final AtomicInteger RUN = new AtomicInteger();
    static final String HOST = "www.engine.test";
    static final RecordKey KEY = new RecordKey("engine.test", HOST, RecordType.A);

    @TempDir
    Path dir;

    DemoWebServer primary;
    DemoWebServer backup;
    String providerName;
    DnsProvider dns;
    FileStateStore store;
    final List<Notification> sent = new CopyOnWriteArrayList<>();
    Config.Alarms alarms = Config.Alarms.DEFAULT;

    @BeforeEach
    void start() throws Exception {
        primary = DemoWebServer.start("127.0.0.1", 0, HOST, "primary");
        backup = DemoWebServer.start("127.0.0.2", primary.port(), HOST, "backup");
        providerName = "engine-" + RUN.incrementAndGet();
        dns = ProviderRegistry.load().factory("inmemory").orElseThrow().create(new ProviderSettings(providerName, Map.of()));
        dns.apply(List.of(Change.create(RecordSet.of(KEY, 5, "127.0.0.1"))));
        store = FileStateStore.open(dir.resolve("state"));
    }

    @AfterEach
    void stop() {
        primary.close();
        backup.close();
        store.close();
    }

    Engine engine(boolean dryRun) {
        return engine(dryRun, "", "", Options.DAEMON.withDryRun(dryRun));
    }

    /** {@code extraProviders} are more provider lines; {@code extraNames} more names for the group's list (", x"). */
    Engine engine(boolean dryRun, String extraProviders, String extraNames, Options options) {
        String yaml = """
                providers:
                  %s: { type: inmemory }
                %s
                groups:
                  www:
                    record: { zone: engine.test, name: %s, type: A, ttl: 5 }
                    providers: [%s%s]
                    targets: [ { name: primary, address: 127.0.0.1 }, { name: backup, address: 127.0.0.2 } ]
                    check: { type: http, port: %d, path: /healthz, expectBody: ok, interval: 1s, timeout: 500ms, fall: 2, rise: 1 }
                    failbackAfter: 2s
                    holdDown: 0s
                """.formatted(providerName, extraProviders.indent(2).stripTrailing(), HOST, providerName, extraNames, primary.port());
        Config parsed = new ConfigLoader(n -> null).parse("engine.yaml", yaml, dir);
        Config c = new Config(parsed.file(), parsed.providers(), parsed.groups(), parsed.notifiers(), parsed.state(), parsed.owner(),
                alarms, parsed.cluster(), parsed.warnings());
        Notifier recording = new Notifier() {
            @Override
            public String describe() {
                return "recording";
            }

            @Override
            public void send(Notification n) {
                sent.add(n);
            }
        };
        Resilience once = new Resilience(1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(20), 10, 50f, Duration.ofMinutes(1));
        return new Engine(c, Providers.open(c, ProviderRegistry.load(), once), store, Checker.builder().build(),
                new Notifications(List.of(recording), Notifications.Retry.DEFAULT), Clock.systemUTC(), options);
    }

    List<String> served() {
        return dns.read(KEY).map(RecordSet::values).orElse(List.of());
    }

    List<Event.Type> journalTypes() {
        return store.journal().read().stream().map(Event::type).toList();
    }

    @Test
    void failsOverWhenThePrimaryStopsAndFailsBackWhenItHasBeenUpLongEnough() throws Exception {
        try (Engine engine = engine(false)) {
            engine.runOnce("www");
            assertThat(served()).containsExactly("127.0.0.1");

            primary.close();
            engine.runOnce("www");
            assertThat(served()).as("one failed probe never moves traffic").containsExactly("127.0.0.1");
            engine.runOnce("www");
            assertThat(served()).containsExactly("127.0.0.2");
            assertThat(store.load().group("www").published()).containsExactly("127.0.0.2");
            assertThat(journalTypes()).contains(Event.Type.HEALTH, Event.Type.DECISION, Event.Type.PLAN, Event.Type.APPLY, Event.Type.VERIFY);
            await().atMost(Duration.ofSeconds(10)).until(() -> sent.stream().anyMatch(n -> n.kind() == Notification.Kind.FAILOVER));
            Notification failover = sent.stream().filter(n -> n.kind() == Notification.Kind.FAILOVER).findFirst().orElseThrow();
            assertThat(String.join("\n", failover.evidence())).contains("primary DOWN: 2 × connection refused");

            primary = DemoWebServer.start("127.0.0.1", backup.port(), HOST, "primary");
            engine.runOnce("www");
            assertThat(served()).as("failback waits for failbackAfter").containsExactly("127.0.0.2");
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() -> {
                engine.runOnce("www");
                return served().equals(List.of("127.0.0.1"));
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> sent.stream().anyMatch(n -> n.kind() == Notification.Kind.FAILBACK));
        }
    }

    @Test
    void neverOverwritesAValueSetByHand() {
        try (Engine engine = engine(false)) {
            engine.runOnce("www");
            dns.apply(List.of(Change.replace(RecordSet.of(KEY, 5, "127.0.0.1"), RecordSet.of(KEY, 5, "203.0.113.99"))));
            primary.close();
            engine.runOnce("www");
            engine.runOnce("www");
            assertThat(served()).containsExactly("203.0.113.99");
            assertThat(journalTypes()).contains(Event.Type.GUARD);
            await().atMost(Duration.ofSeconds(10)).until(() -> sent.stream().anyMatch(n -> n.kind() == Notification.Kind.GUARD_REFUSAL));
        }
    }

    @Test
    void aDryRunWritesNeitherDnsNorStateOnlyDryRunJournalLines() {
        try (Engine engine = engine(true)) {
            primary.close();
            engine.runOnce("www");
            engine.runOnce("www");
            engine.runOnce("www");
            assertThat(served()).containsExactly("127.0.0.1");
            assertThat(store.load().groups()).isEmpty();
            List<Event> events = store.journal().read();
            assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.dryRun()).isTrue());
            assertThat(events).extracting(Event::type).contains(Event.Type.PLAN).doesNotContain(Event.Type.APPLY);
        }
    }

    @Test
    void anOperatorPinHoldsAgainstAHealthyPrimary() {
        try (Engine engine = engine(false)) {
            engine.runOnce("www");
            store.update("www", s -> s.withOverride("backup", Clock.systemUTC().instant()));
            engine.runOnce("www");
            engine.runOnce("www");
            assertThat(served()).containsExactly("127.0.0.2");
            store.update("www", s -> s.withOverride(null, null));
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() -> {
                engine.runOnce("www");
                return served().equals(List.of("127.0.0.1"));
            });
        }
    }

    @Test
    void notifiesOnceWhenEveryTargetIsDownAndKeepsTheRecord() {
        try (Engine engine = engine(false)) {
            engine.runOnce("www");
            primary.close();
            backup.close();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                engine.runOnce("www");
                return sent.stream().anyMatch(n -> n.kind() == Notification.Kind.ALL_DOWN);
            });
            for (int i = 0; i < 4; i++) {
                engine.runOnce("www");
            }
            assertThat(served()).as("whenAllDown: keep").containsExactly("127.0.0.1");
            assertThat(sent.stream().filter(n -> n.kind() == Notification.Kind.ALL_DOWN)).hasSize(1);
            assertThat(sent.stream().filter(n -> n.kind() == Notification.Kind.ALL_DOWN).findFirst().orElseThrow().evidence())
                    .anySatisfy(e -> assertThat(e).startsWith("primary: 2 × connection refused"));
        }
    }

    @Test
    void notifiesWhenAProviderKeepsFailingAndStillWritesTheOthers() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String gone = "gone: { type: powerdns, endpoint: \"http://127.0.0.1:" + closed + "\", apiKey: k }";
        alarms = new Config.Alarms(Duration.ofHours(1), Duration.ZERO);
        try (Engine engine = engine(false, gone, ", gone", Options.DAEMON)) {
            engine.runOnce("www");
            primary.close();
            engine.runOnce("www");
            engine.runOnce("www");
            assertThat(served()).as("the reachable provider is written").containsExactly("127.0.0.2");
            await().atMost(Duration.ofSeconds(10)).until(() -> sent.stream().anyMatch(n -> n.kind() == Notification.Kind.PROVIDER_FAILING));
            assertThat(store.journal().read()).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo(Event.Type.PROVIDER);
                assertThat(e.data()).containsEntry("provider", "gone");
            });
        }
    }

    @Test
    void aHungProviderNeverHoldsUpTheWriteToAHealthyOne() throws Exception {
        // a socket that accepts connections and never answers: every call to it hangs until its time limit (20 s here)
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String hung = "hung: { type: powerdns, endpoint: \"http://127.0.0.1:" + silent.getLocalPort() + "\", apiKey: k }";
            try (Engine engine = engine(false, hung, ", hung", Options.DAEMON)) {
                engine.runOnce("www");
                primary.close();
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    engine.runOnce("www");
                    return served().equals(List.of("127.0.0.2"));
                });
                ProviderView stuck = engine.memory("www").provider("hung");
                assertThat(stuck.lastGood()).as("the hung provider never answered").isNull();
                assertThat(stuck.failing()).as("and its first call has not even timed out: nothing waited for it").isFalse();
            }
        }
    }
}
