package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.controller.state.StateStore;
import io.dnsfailover.controller.state.TargetHealth;
import io.dnsfailover.health.HealthStreak;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One group's daemon loop: holds its {@link Memory} and, each tick, gathers the inputs (the latest
 * observations of its {@link Watch}, the saved state, provider reads), calls the pure {@link Tick}, and hands
 * the effects to the {@link EffectRunner}. Probing is not part of the tick: probes feed the watch on their
 * own schedule, and a tick never waits for one. A tick waits for providers no longer than its budget (most
 * of the group's interval): what is still running goes on, and the next tick takes its result.
 */
final class GroupLoop {

    private static final Logger log = LoggerFactory.getLogger(GroupLoop.class);

    /** The share of the interval a tick may spend, so that it ends before the next one is due. */
    static final double BUDGET = 0.8;

    /** The least share of the interval a tick waits for its writes to be reported (they go on regardless). */
    static final double WRITE_SHARE = 0.15;

    private final GroupConfig g;
    private final TickSettings settings;
    private final StateStore store;
    private final Watch watch;
    private final Instant started;
    private final ProviderCalls calls;
    private final EffectRunner runner;
    private final Clock clock;
    private final Duration callTimeout;
    private final HealthSource health;
    private final SharedMemory.Store share;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Memory memory;

    GroupLoop(GroupConfig g, TickSettings settings, StateStore store, ProviderCalls calls, EffectRunner runner, Clock clock,
            Duration callTimeout, HealthSource health, SharedMemory.Store share) {
        this.g = g;
        this.health = health;
        this.share = share;
        this.settings = settings;
        this.store = store;
        this.watch = new Watch(g);
        this.started = clock.instant();
        this.calls = calls;
        this.runner = runner;
        this.clock = clock;
        this.callTimeout = callTimeout;
        this.memory = Memory.initial(g);
    }

    Memory memory() {
        return memory;
    }

    GroupConfig group() {
        return g;
    }

    Watch watch() {
        return watch;
    }

    /** One tick. Never throws: a failure is journalled and logged, and the next tick starts afresh from memory. */
    TickResult runOnce() {
        lock.lock();
        try {
            return tick();
        } catch (RuntimeException e) {
            log.error("group {}: tick failed: {}", g.name(), e.toString(), e);
            runner.journal(g.name(), Event.Type.ERROR, Map.of("error", String.valueOf(e.getMessage())));
            return null;
        } finally {
            lock.unlock();
        }
    }

    private TickResult tick() {
        SharedMemory shared = loadShared();
        TickResult r = decideAndRun();
        saveShared(shared);
        return r;
    }

    /** A cluster's shared part of this group's memory, put in place of this node's own; {@code null} without one. */
    private SharedMemory loadShared() {
        if (share == null) {
            return null;
        }
        try {
            Optional<SharedMemory> s = share.load(g.name());
            s.ifPresent(m -> memory = m.into(memory));
            return s.orElse(SharedMemory.of(memory, 0));
        } catch (RuntimeException e) {
            log.warn("group {}: cannot read its shared memory ({}); deciding on this node's own", g.name(), e.getMessage());
            return null;
        }
    }

    /** Saves the shared part when the tick changed it. */
    private void saveShared(SharedMemory before) {
        if (before == null) {
            return;
        }
        SharedMemory now = SharedMemory.of(memory, before.version() + 1);
        if (now.sameAs(before)) {
            return;
        }
        try {
            share.save(g.name(), now);
        } catch (RuntimeException e) {
            log.warn("group {}: cannot save its shared memory ({}); another node's next tick may repeat a journal line",
                    g.name(), e.getMessage());
        }
    }

    private TickResult decideAndRun() {
        Instant start = clock.instant();
        Instant budgetEnd = start.plusMillis((long) (g.check().interval().toMillis() * BUDGET));
        Watch.Taken obs = watch.take();
        memory = memory.withHealth(obs.health());
        run(obs.effects());
        takeFinished(clock.instant());

        Instant now = clock.instant();
        StateStore.GroupRead saved = store.read(g.name());
        HealthSource.Seen seen = health.see(g, obs.health(), obs.changed(), now);
        Map<String, TargetHealth> toSave = worthSaving(obs.health(), now);
        TickInput in = new TickInput(g, settings, seen.statuses(), toSave != null && seen.toSave() != null ? seen.toSave() : toSave,
                seen.changed(), saved, Map.of(), calls.busy(g.name()), Operator.AUTOMATIC, now, seen.conditions());
        TickResult r = Tick.decide(memory, in);
        for (int pass = 0; !r.readsWanted().isEmpty() && pass < 3; pass++) {
            Instant waitUntil = min(clock.instant().plus(callTimeout), budgetEnd);
            in = in.withReads(calls.read(g, r.readsWanted(), waitUntil, now.plus(g.check().interval())));
            r = Tick.decide(memory, in);
        }
        if (!r.readsWanted().isEmpty()) {
            log.warn("group {}: still waiting for reads of {}; deciding next tick", g.name(), r.readsWanted());
            return r;
        }
        memory = r.memory();
        run(r.effects());
        // writes get a share of the interval of their own, even when reads took the whole budget
        Instant least = clock.instant().plusMillis((long) (g.check().interval().toMillis() * WRITE_SHARE));
        takeFinished(budgetEnd.isAfter(least) ? budgetEnd : least);
        return r;
    }

    /**
     * The health to save with a decision, or {@code null} while the group is starting: until every target has
     * a health of its own (or fall and rise have had time enough for that, plus two intervals), so that
     * start-up writes the group's state once, not once per target that settles.
     */
    private Map<String, TargetHealth> worthSaving(List<HealthStreak> health, Instant now) {
        int rounds = Math.max(g.check().thresholds().fall(), g.check().thresholds().rise()) + 2;
        boolean settling = now.isBefore(started.plus(g.check().interval().multipliedBy(rounds)));
        return Observe.settled(health) || !settling ? Observe.toSave(g, health) : null;
    }

    /** Takes the outcomes of writes that ended (waiting until {@code until} for those still running). */
    private void takeFinished(Instant until) {
        List<WriteOutcome> outcomes = calls.finished(g.name(), until);
        if (outcomes.isEmpty()) {
            return;
        }
        StateStore.GroupRead saved = store.read(g.name());
        GroupState state = saved.present() ? saved.state() : memory.known();
        Written.Step w = Written.take(memory, g, state, outcomes, calls.busy(g.name()), clock.instant());
        memory = w.memory();
        run(w.effects());
    }

    private void run(List<Effect> effects) {
        GroupState saved = runner.run(g.name(), effects, memory.knownSaved() ? memory.known() : null,
                w -> calls.write(g, w, clock.instant().plus(writeBudget())));
        if (saved != null) {
            memory = memory.withKnown(saved);
        }
    }

    /** A write may retry for longer than a tick: it goes on in the background and is reported when it ends. */
    private Duration writeBudget() {
        Duration twice = callTimeout.multipliedBy(2);
        return twice.compareTo(g.check().interval()) > 0 ? twice : g.check().interval();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
