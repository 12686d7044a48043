package io.dnsfailover.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.ConfigLoader;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.provider.ProviderRegistry;
import io.dnsfailover.controller.provider.Providers;
import io.dnsfailover.controller.provider.Resilience;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.controller.state.StateUnusableException;
import io.dnsfailover.health.Checker;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsProvider;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's loop ({@link Engine}, {@link GroupLoop}) and the one-shot commands' ({@link OneShotRun}) in
 * process and without waiting: TCP checks against sockets on loopback (fall 1, rise 1), the in-memory
 * provider, a state store in memory whose problems a test sets.
 */
class LoopsTest {

    static final AtomicInteger RUN = new AtomicInteger();
    static final String HOST = "www.loops.test";
    static final RecordKey KEY = new RecordKey("loops.test", HOST, RecordType.A);
    static final RecordKey MARKER = new RecordKey("loops.test", "_dnsfailover." + HOST, RecordType.TXT);

    @TempDir
    Path dir;

    ServerSocket primary;
    ServerSocket backup;
    int port;
    String providerName;
    DnsProvider dns;
    final MemoryStore store = new MemoryStore();
    final AtomicInteger restores = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        primary = new ServerSocket();
        primary.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        port = primary.getLocalPort();
        backup = new ServerSocket();
        backup.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), port));
        providerName = "loops-" + RUN.incrementAndGet();
        dns = ProviderRegistry.load().factory("inmemory").orElseThrow().create(new ProviderSettings(providerName, Map.of()));
        dns.apply(List.of(Change.create(RecordSet.of(KEY, 5, "127.0.0.1"))));
    }

    @AfterEach
    void stop() throws IOException {
        primary.close();
        backup.close();
    }

    Config config(String owner) {
        String yaml = """
                owner: %s
                providers:
                  %s: { type: inmemory }
                groups:
                  www:
                    record: { zone: loops.test, name: %s, type: A, ttl: 5 }
                    providers: [%s]
                    targets: [ { name: primary, address: 127.0.0.1 }, { name: backup, address: 127.0.0.2 } ]
                    check: { type: tcp, port: %d, interval: 1s, timeout: 300ms, fall: 1, rise: 1 }
                    failbackAfter: 1h
                    holdDown: 0s
                """.formatted(owner, providerName, HOST, providerName, port);
        return new ConfigLoader(n -> null).parse("loops.yaml", yaml, dir);
    }

    static final Resilience ONCE = new Resilience(1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5), 10, 50f,
            Duration.ofMinutes(1));

    Engine engine(Options options) {
        Config c = config("team-a");
        return new Engine(c, Providers.open(c, ProviderRegistry.load(), ONCE), store, Checker.builder().build(), null,
                Clock.systemUTC(), options, restores::incrementAndGet);
    }

    OneShotRun oneShot(EffectRunner.Mode mode, String owner) {
        return new OneShotRun(config(owner), store, mode, ONCE, Clock.systemUTC());
    }

    GroupConfig group() {
        return config("team-a").groups().get("www");
    }

    List<String> served() {
        return dns.read(KEY).map(RecordSet::values).orElse(List.of());
    }

    List<Event.Type> types() {
        return store.events.stream().map(Event::type).toList();
    }

    @Test
    void theDaemonFailsOverOnTheTickThePrimaryFailsAndRemembersWhatItWrote() throws IOException {
        try (Engine engine = engine(Options.DAEMON)) {
            TickResult first = engine.runOnce("www");
            assertThat(first.plan().hasChanges()).as("a record already right is not written").isFalse();
            assertThat(served()).containsExactly("127.0.0.1");
            assertThat(dns.read(MARKER)).as("the marker is claimed with the first write").isEmpty();

            primary.close();
            engine.runOnce("www");
            assertThat(served()).containsExactly("127.0.0.2");
            assertThat(store.group("www").published()).containsExactly("127.0.0.2");
            assertThat(store.group("www").lastSwitch()).isNotNull();
            assertThat(dns.read(MARKER).orElseThrow().values()).containsExactly("heritage=dnsfailover,owner=team-a");
            assertThat(engine.memory("www").known().published()).containsExactly("127.0.0.2");
            assertThat(types()).contains(Event.Type.HEALTH, Event.Type.DECISION, Event.Type.PLAN, Event.Type.APPLY,
                    Event.Type.VERIFY);

            TickResult steady = engine.runOnce("www");
            assertThat(steady.plan().hasChanges()).isFalse();
            assertThat(served()).containsExactly("127.0.0.2");
        }
    }

    @Test
    void aStoreThatLostItsStateIsRestoredFromMemoryEveryTickItIsBrokenAndAlarmedOnce() throws IOException {
        try (Engine engine = engine(Options.DAEMON)) {
            primary.close();
            engine.runOnce("www");
            GroupState known = store.group("www");
            assertThat(known.published()).containsExactly("127.0.0.2");

            store.groups.clear();
            store.problems = List.of("the state directory /x is gone");
            engine.runOnce("www");
            engine.runOnce("www");
            assertThat(store.restored).containsExactly("www", "www");
            assertThat(restores).hasValue(2);
            assertThat(store.group("www").published()).containsExactly("127.0.0.2");
            assertThat(store.group("www").lastSwitch()).isEqualTo(known.lastSwitch());
            assertThat(served()).containsExactly("127.0.0.2");
            assertThat(store.events(Event.Type.STATE_LOST)).hasSize(1).first().satisfies(e -> {
                assertThat(e.group()).isNull();
                assertThat(e.data().toString()).contains("the state directory /x is gone");
            });

            store.problems = List.of();
            engine.runOnce("www");
            assertThat(restores).hasValue(2);
            assertThat(store.events(Event.Type.STATE_LOST)).as("one line when it starts, one when it clears").hasSize(2);
        }
    }

    @Test
    void aGroupStateDeletedBetweenTheTicksReadAndItsSaveIsNotSavedAfreshWithoutItsPinButRestoredAndAlarmed()
            throws IOException {
        store.groups.put("www", GroupState.EMPTY.withOverride("backup", java.time.Instant.now()));
        try (Engine engine = engine(Options.DAEMON)) {
            engine.runOnce("www");
            assertThat(served()).as("pinned").containsExactly("127.0.0.2");

            // the primary's health changes (a save of health is due), and the file goes just after the tick read it
            primary.close();
            store.vanishAfterRead = true;
            engine.runOnce("www");
            assertThat(store.groups).as("nothing saved on top of the lost state").doesNotContainKey("www");
            assertThat(engine.memory("www").known().override()).as("what the tick saved, kept in memory").isEqualTo("backup");
            assertThat(engine.memory("www").known().health().get("primary").health()).as("with the change that was not saved")
                    .isEqualTo(io.dnsfailover.health.Health.DOWN);

            engine.runOnce("www");
            assertThat(store.group("www").override()).as("the pin restored").isEqualTo("backup");
            assertThat(store.group("www").health()).as("with the health the lost save held").containsKey("primary");
            assertThat(store.events(Event.Type.STATE_LOST)).singleElement()
                    .satisfies(e -> assertThat(e.group()).isEqualTo("www"));
            assertThat(served()).containsExactly("127.0.0.2");
        }
    }

    /** Two nodes' engines on one store, sharing (or not) what their ticks remember, ticking the group in turn. */
    List<Event> allDownStartedWithTwoNodesInTurn(SharedMemory.Store share) {
        Config c = config("team-a");
        try (Engine a = new Engine(c, Providers.open(c, ProviderRegistry.load(), ONCE), store, Checker.builder().build(), null,
                Clock.systemUTC(), Options.DAEMON, () -> {}, HealthSource.LOCAL, share);
             Engine b = new Engine(c, Providers.open(c, ProviderRegistry.load(), ONCE), store, Checker.builder().build(), null,
                Clock.systemUTC(), Options.DAEMON, () -> {}, HealthSource.LOCAL, share)) {
            a.runOnce("www");
            b.runOnce("www");
            primary.close();
            backup.close();
            for (int i = 0; i < 3; i++) {
                a.runOnce("www");
                b.runOnce("www");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return store.events(Event.Type.ALL_DOWN).stream().filter(e -> "started".equals(e.data().get("phase"))).toList();
    }

    @Test
    void nodesThatShareTheirTicksMemoryJournalAnAlarmOnceWhicheverTicks() {
        Map<String, SharedMemory> shared = new java.util.concurrent.ConcurrentHashMap<>();
        SharedMemory.Store share = new SharedMemory.Store() {
            @Override
            public java.util.Optional<SharedMemory> load(String group) {
                return java.util.Optional.ofNullable(shared.get(group)).map(m -> SharedMemory.fromJson(m.toJson()));
            }

            @Override
            public void save(String group, SharedMemory memory) {
                shared.put(group, memory);
            }
        };
        assertThat(allDownStartedWithTwoNodesInTurn(share)).hasSize(1);
        assertThat(shared.get("www").version()).isPositive();
    }

    @Test
    void nodesThatDoNotShareIt_eachJournalTheAlarm() {
        assertThat(allDownStartedWithTwoNodesInTurn(null)).as("the failure the sharing mends").hasSize(2);
    }

    @Test
    void aDryRunNeitherWritesNorRestores() throws IOException {
        try (Engine engine = engine(Options.DAEMON.withDryRun(true))) {
            primary.close();
            store.problems = List.of("the state directory /x is gone");
            engine.runOnce("www");
            assertThat(served()).containsExactly("127.0.0.1");
            assertThat(dns.read(MARKER)).isEmpty();
            assertThat(store.restored).isEmpty();
            assertThat(restores).hasValue(0);
            assertThat(store.events).isNotEmpty().allSatisfy(e -> assertThat(e.dryRun()).isTrue());
        }
    }

    @Test
    void aTickThatFailsIsJournalledAndTheNextStartsAfresh() throws IOException {
        try (Engine engine = engine(Options.DAEMON)) {
            store.readFails = new IllegalStateException("disk on fire");
            primary.close();
            assertThat(engine.runOnce("www")).isNull();
            assertThat(store.events(Event.Type.ERROR)).singleElement()
                    .satisfies(e -> assertThat(e.data()).containsEntry("error", "disk on fire"));
            assertThat(served()).containsExactly("127.0.0.1");
            store.readFails = null;
            assertThat(engine.runOnce("www")).isNotNull();
            assertThat(served()).containsExactly("127.0.0.2");
        }
    }

    @Test
    void aGroupStateThatCannotBeUsedUnderTheDaemonIsRestoredFromItsMemory() throws IOException {
        try (Engine engine = engine(Options.DAEMON)) {
            primary.close();
            engine.runOnce("www");
            store.broken.put("www", "state file groups/www.json cannot be used");
            engine.runOnce("www");
            assertThat(store.restored).containsExactly("www");
            assertThat(store.group("www").published()).containsExactly("127.0.0.2");
            assertThat(store.events(Event.Type.STATE_LOST)).singleElement()
                    .satisfies(e -> assertThat(e.group()).isEqualTo("www"));
        }
    }

    @Test
    void anUnknownGroupIsAnError() {
        try (Engine engine = engine(Options.DAEMON)) {
            assertThatThrownBy(() -> engine.runOnce("ww")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no group 'ww'");
        }
    }

    @Test
    void aOneShotFailoverPinsWritesAndWaitsForItsWrite() {
        try (OneShotRun run = oneShot(EffectRunner.Mode.LIVE, "team-a")) {
            OneShotRun.Result r = run.run(group(), new Operator.Pin("backup", false));
            assertThat(r.held()).isNull();
            assertThat(r.decision().targets()).containsExactly("backup");
            assertThat(r.outcomes()).hasSize(1);
            assertThat(r.anyWriteFailed()).isFalse();
            assertThat(served()).containsExactly("127.0.0.2");
            assertThat(store.group("www").override()).isEqualTo("backup");
            assertThat(store.group("www").published()).containsExactly("127.0.0.2");
            assertThat(r.statuses()).extracting(s -> s.name() + " " + s.health()).containsExactly("primary UP", "backup UP");

            OneShotRun.Result back = run.run(group(), new Operator.Failback());
            assertThat(back.decision().targets()).containsExactly("primary");
            assertThat(served()).containsExactly("127.0.0.1");
            assertThat(store.group("www").override()).isNull();
        }
    }

    @Test
    void aOneShotPreviewPlansButChangesNothing() throws IOException {
        primary.close();
        try (OneShotRun run = oneShot(EffectRunner.Mode.PREVIEW, "team-a")) {
            OneShotRun.Result r = run.run(group(), Operator.AUTOMATIC);
            assertThat(r.decision().targets()).containsExactly("backup");
            assertThat(r.plan().hasChanges()).isTrue();
            assertThat(r.outcomes()).isEmpty();
        }
        assertThat(served()).containsExactly("127.0.0.1");
        assertThat(store.groups).isEmpty();
        assertThat(store.events).isEmpty();
    }

    @Test
    void aOneShotOfAnotherOwnerIsHeldAndNamesTheOwner() {
        try (OneShotRun run = oneShot(EffectRunner.Mode.LIVE, "team-a")) {
            run.run(group(), new Operator.Pin("backup", false));
        }
        assertThat(dns.read(MARKER)).isPresent();
        try (OneShotRun other = oneShot(EffectRunner.Mode.LIVE, "team-b")) {
            OneShotRun.Result r = other.run(group(), new Operator.Failback());
            assertThat(r.outcomes()).isEmpty();
            assertThat(r.plan().refusals()).singleElement().satisfies(f -> {
                assertThat(f.rule()).isEqualTo(io.dnsfailover.controller.plan.Plan.Rule.OWNED_ELSEWHERE);
                assertThat(f.message()).contains("team-a");
            });
        }
        assertThat(served()).containsExactly("127.0.0.2");
    }

    @Test
    void aOneShotOnAnUnusableStateRefusesToRun() {
        store.broken.put("www", "state file groups/www.json is from a newer dnsfailover");
        try (OneShotRun run = oneShot(EffectRunner.Mode.LIVE, "team-a")) {
            assertThatThrownBy(() -> run.run(group(), new Operator.Pin("backup", false)))
                    .isInstanceOf(StateUnusableException.class).hasMessageContaining("from a newer dnsfailover");
        }
        assertThat(served()).containsExactly("127.0.0.1");
    }
}
