package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.ConfigLoader;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.notify.Notification;
import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.health.CheckResult;
import io.dnsfailover.health.Health;
import io.dnsfailover.providers.Capabilities;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A synchronous stand-in for the daemon's executor, driving the pure {@link Tick} on a fake clock: probes are
 * set per target, providers are fakes whose faults are functions of the time, the store is in memory, and
 * every effect is recorded. Each {@link #tick} is one tick of the daemon, then the clock moves one interval.
 */
final class TickWorld {

    static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");
    static final String P = "203.0.113.10";
    static final String B = "198.51.100.20";
    static final String HAND = "192.0.2.99";

    /** A provider: what it serves, and its faults by time (a reason, or null when it works). */
    static final class FakeDns {
        final String name;
        RecordSet record;
        RecordSet marker;
        Function<Instant, String> readFault = t -> null;
        Function<Instant, String> writeFault = t -> null;
        /** Whether a write fault may pass by itself (a 503) or not (a revoked credential). */
        boolean writeFaultRetryable = true;
        boolean holdsMarker = true;
        /** Runs just before each write: someone else changing the record between our read and our write. */
        Runnable beforeWrite = () -> {};
        int reads;
        int writes;

        FakeDns(String name) {
            this.name = name;
        }

        Capabilities capabilities() {
            return new Capabilities(holdsMarker ? EnumSet.of(RecordType.A, RecordType.TXT) : EnumSet.of(RecordType.A), 1, false, false);
        }

        List<String> values() {
            return record == null ? List.of() : record.values();
        }
    }

    final GroupConfig g;
    final Map<String, FakeDns> dns = new LinkedHashMap<>();
    final MemoryStore store = new MemoryStore();
    final List<Effect> effects = new ArrayList<>();
    final List<Notification> notifications = new ArrayList<>();
    final Map<String, Health> probes = new LinkedHashMap<>();
    String owner = "web1:/var/lib/dnsfailover";
    Duration cacheFor = Duration.ofMinutes(5);
    Duration remindEvery = Duration.ofHours(1);
    Duration providerFailingAfter = Duration.ofSeconds(30);
    Operator operator = Operator.AUTOMATIC;
    Memory memory;
    Instant now = T0;
    TickResult last;

    TickWorld(String groupYaml, String... providers) {
        StringBuilder yaml = new StringBuilder("providers:\n");
        for (String p : providers) {
            yaml.append("  ").append(p).append(": { type: inmemory }\n");
        }
        yaml.append("groups:\n").append(groupYaml.indent(2));
        Config c = new ConfigLoader(Map.<String, String>of()::get).parse("world.yaml", yaml.toString(), Path.of("/tmp"));
        this.g = c.groups().values().iterator().next();
        for (String p : providers) {
            dns.put(p, new FakeDns(p));
        }
        g.targets().forEach(t -> probes.put(t.name(), Health.UP));
        memory = Memory.initial(g);
    }

    /** Two targets (primary P, backup B) at a 1 s interval, fall 3, rise 2, on the given providers. */
    static TickWorld failover(String extra, String... providers) {
        return new TickWorld("""
                www:
                  record: { zone: hosting.com, name: www.hosting.com, type: A, ttl: 60 }
                  providers: [%s]
                  targets: [ { name: primary, address: 203.0.113.10 }, { name: backup, address: 198.51.100.20 } ]
                  check: { type: tcp, port: 80, interval: 1s, timeout: 500ms, fall: 3, rise: 2 }
                  failbackAfter: 10s
                  holdDown: 5s
                """.formatted(String.join(", ", providers)) + extra, providers);
    }

    RecordKey key() {
        return new RecordKey(g.record().zone(), g.record().name(), g.record().type());
    }

    FakeDns dns(String name) {
        return dns.get(name);
    }

    /** Every provider serves {@code value} (ttl 60). */
    TickWorld serving(String value) {
        dns.values().forEach(d -> d.record = RecordSet.of(key(), 60, value));
        return this;
    }

    TickWorld probe(String target, Health h) {
        probes.put(target, h);
        return this;
    }

    TickSettings settings() {
        Map<String, Capabilities> caps = new LinkedHashMap<>();
        dns.forEach((n, d) -> caps.put(n, d.capabilities()));
        return new TickSettings(owner, cacheFor, remindEvery, providerFailingAfter, caps);
    }

    /** One tick at the current time, then the clock moves one interval. */
    TickResult tick() {
        List<CheckResult> results = new ArrayList<>();
        for (GroupConfig.TargetConfig t : g.targets()) {
            Health h = probes.get(t.name());
            results.add(h == Health.UP ? CheckResult.up(now, Duration.ofMillis(3), "TCP connect to " + t.address() + " in 3 ms")
                    : h == Health.DOWN ? CheckResult.down(now, Duration.ofMillis(1), "connection refused (" + t.address() + ":80)")
                    : CheckResult.unknown(now, "no route from the checker"));
        }
        Observe.Step obs = Observe.step(g, memory.health(), results);
        memory = memory.withHealth(obs.health());
        run(obs.effects());
        TickInput in = new TickInput(g, settings(), obs.statuses(), obs.toSave(), obs.changed(), store.read(g.name()), Map.of(),
                Set.of(), operator, now);
        TickResult r = Tick.decide(memory, in);
        for (int pass = 0; !r.readsWanted().isEmpty(); pass++) {
            if (pass == 3) {
                throw new AssertionError("still wants reads of " + r.readsWanted() + " after 3 passes");
            }
            Map<String, ProviderRead> reads = new LinkedHashMap<>();
            for (String p : r.readsWanted()) {
                reads.put(p, read(dns(p)));
            }
            in = in.withReads(reads);
            r = Tick.decide(memory, in);
        }
        memory = r.memory();
        List<WriteOutcome> outcomes = new ArrayList<>();
        run(r.effects());
        for (Effect.Write w : r.writes()) {
            outcomes.add(write(dns(w.provider()), w));
        }
        if (!outcomes.isEmpty()) {
            Written.Step w = Written.take(memory, g, store.read(g.name()).state(), outcomes, Set.of(), now);
            memory = w.memory();
            run(w.effects());
        }
        last = r;
        now = now.plus(g.check().interval());
        return r;
    }

    /** {@code n} ticks. */
    TickWorld ticks(int n) {
        for (int i = 0; i < n; i++) {
            tick();
        }
        return this;
    }

    private ProviderRead read(FakeDns d) {
        d.reads++;
        String fault = d.readFault.apply(now);
        if (fault != null) {
            return ProviderRead.failed(d.name, now, fault);
        }
        return ProviderRead.ok(d.name, now, Optional.ofNullable(d.record), d.holdsMarker ? Optional.ofNullable(d.marker) : Optional.empty());
    }

    private WriteOutcome write(FakeDns d, Effect.Write w) {
        d.beforeWrite.run();
        String fault = d.writeFault.apply(now);
        if (fault != null) {
            return new WriteOutcome(w, false, false, Optional.empty(), fault, false, d.writeFaultRetryable, List.of(), Duration.ofMillis(5), now);
        }
        for (Change c : w.changes()) {
            RecordSet live = c.key().type() == RecordType.TXT ? d.marker : d.record;
            if (!c.isDoneIn(live) && !c.expects(live)) {
                return new WriteOutcome(w, false, false, Optional.empty(), d.name + ": conflict, the record holds " + live, true, false, List.of(),
                        Duration.ofMillis(5), now);
            }
        }
        d.writes++;
        for (Change c : w.changes()) {
            if (c.key().type() == RecordType.TXT) {
                d.marker = c.desired();
            } else {
                d.record = c.desired();
            }
        }
        return new WriteOutcome(w, true, true, Optional.of(d.record), null, false, true, List.of(), Duration.ofMillis(5), now);
    }

    private void run(List<Effect> fx) {
        for (Effect e : fx) {
            effects.add(e);
            if (e instanceof Effect.Journal j) {
                store.journal().append(new io.dnsfailover.controller.state.Event(now, g.name(), j.type(), false, j.data()));
            } else if (e instanceof Effect.Notify n) {
                notifications.add(n.notification());
            } else if (e instanceof Effect.Save s) {
                memory = memory.withKnown(store.update(g.name(), s.change()::apply));
            } else if (e instanceof Effect.Restore r) {
                store.restore(g.name(), r.state());
            }
        }
    }

    GroupState state() {
        return store.group(g.name());
    }

    List<Notification> notified(Notification.Kind kind) {
        return notifications.stream().filter(n -> n.kind() == kind).toList();
    }
}
