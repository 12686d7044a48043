package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.notify.Notifications;
import io.dnsfailover.controller.provider.Providers;
import io.dnsfailover.controller.provider.ResilientProvider;
import io.dnsfailover.controller.state.Observations;
import io.dnsfailover.controller.state.StateStore;
import io.dnsfailover.controller.state.StoreUnreachableException;
import io.dnsfailover.health.CheckResult;
import io.dnsfailover.health.Checker;
import io.dnsfailover.health.HealthStreak;
import io.dnsfailover.health.ProbeTarget;
import io.dnsfailover.providers.Capabilities;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's loop body for every group (DESIGN §3): {@link #observe} takes one probe's result of one
 * target whenever it ends, and {@link #tick} is one decision of one group on the latest observations. The
 * schedulers only decide when to call them; {@link #runOnce} probes a group's targets once and then ticks
 * (one round in step, for tools and tests). Before every tick it looks at the state store itself (a few file
 * stats): a state directory that vanished or broke under the daemon is restored from what
 * the groups remember, pins included, and a {@code state-lost} alarm is raised.
 */
public final class Engine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    private final Map<String, GroupLoop> loops = new LinkedHashMap<>();
    private final Checker checker;
    private final Notifications notifications;
    private final Providers providers;
    private final ProviderCalls calls;
    private final StateStore store;
    private final EffectRunner runner;
    private final Clock clock;
    private final Duration remindEvery;
    private final Runnable afterRestore;
    private Alarms storeAlarms = Alarms.NONE;

    /**
     * @param providers, checker, notifications: owned by the engine from now on (closed by {@link #close})
     * @param afterRestore run after the state directory was recreated (the daemon re-takes its lock there)
     */
    public Engine(Config config, Providers providers, StateStore store, Checker checker, Notifications notifications, Clock clock,
            Options options, Runnable afterRestore) {
        this(config, providers, store, checker, notifications, clock, options, afterRestore, HealthSource.LOCAL, null);
    }

    /**
     * @param health where the ticks take their targets' health from (a cluster's quorum, or this node's probes)
     * @param share where a cluster's nodes share what the groups' ticks remember, or {@code null} (a single node)
     */
    public Engine(Config config, Providers providers, StateStore store, Checker checker, Notifications notifications, Clock clock,
            Options options, Runnable afterRestore, HealthSource health, SharedMemory.Store share) {
        this.checker = checker;
        this.notifications = notifications;
        this.providers = providers;
        this.store = store;
        this.clock = clock;
        this.afterRestore = afterRestore;
        this.remindEvery = config.alarms().remindEvery();
        this.calls = new ProviderCalls(providers, clock);
        this.runner = new EffectRunner(store, notifications, clock, options.dryRun() ? EffectRunner.Mode.DRY_RUN : EffectRunner.Mode.LIVE);
        Map<String, Capabilities> caps = new LinkedHashMap<>();
        providers.all().forEach(p -> caps.put(p.name(), p.capabilities()));
        TickSettings settings = new TickSettings(config.owner(), options.readCacheFor(), config.alarms().remindEvery(),
                config.alarms().providerFailingAfter(), caps);
        for (GroupConfig g : config.groups().values()) {
            Duration callTimeout = g.providers().stream().map(providers::get).map(ResilientProvider::policy)
                    .map(p -> p.callTimeout()).max(Duration::compareTo).orElse(Duration.ofSeconds(10));
            loops.put(g.name(), new GroupLoop(g, settings, store, calls, runner, clock, callTimeout, health, share));
        }
    }

    public Engine(Config config, Providers providers, StateStore store, Checker checker, Notifications notifications, Clock clock,
            Options options) {
        this(config, providers, store, checker, notifications, clock, options, () -> {});
    }

    /** One tick of one group on its latest observations; it never waits for a probe. Never throws: failures are journalled and logged. */
    public TickResult tick(String group) {
        GroupLoop loop = loop(group);
        checkStore();
        return loop.runOnce();
    }

    /** Probes every target of the group once, waits for the results, observes them in target order, then ticks. */
    public TickResult runOnce(String group) {
        GroupLoop loop = loop(group);
        List<CheckResult> results = Observation.probeAll(checker, loop.group());
        for (int i = 0; i < results.size(); i++) {
            loop.watch().record(i, results.get(i));
        }
        return tick(group);
    }

    /** Starts one probe of target {@code target} (its index in the group's order); the future never fails. */
    public CompletableFuture<CheckResult> probe(String group, int target) {
        GroupConfig g = loop(group).group();
        return checker.probe(g.check().spec(), new ProbeTarget(g.targets().get(target).address(), g.check().hostName()));
    }

    /**
     * Takes one result of target {@code target} of the group (from any thread, as soon as the probe ends).
     *
     * @return whether the group should tick now (the result changed the target's health, and every target of the
     *     group has a health of its own) and whether the target is turning (probe it again after {@code fastInterval})
     */
    public Observed observe(String group, int target, CheckResult result) {
        Watch.Recorded r = loop(group).watch().record(target, result);
        return new Observed(r.decide(), r.fast());
    }

    /** What one result did: see {@link #observe}. */
    public record Observed(boolean decide, boolean fast) {}

    /** Every group's targets' health now, by group, in target order (for the daemon's snapshot). */
    public Map<String, List<HealthStreak>> health() {
        Map<String, List<HealthStreak>> out = new LinkedHashMap<>();
        loops.forEach((name, loop) -> out.put(name, loop.watch().health()));
        return out;
    }

    /**
     * Saves every target's latest observation, for one-shot commands to show and to use instead of probing (not in a
     * dry run, which writes nothing to the state directory). A failure is logged, except that a database out of
     * reach is thrown for the caller to say once ({@link StoreUnreachableException}).
     */
    public void saveObservations(long pid) {
        if (runner.mode() != EffectRunner.Mode.LIVE) {
            return;
        }
        try {
            store.saveObservations(observations(pid));
        } catch (StoreUnreachableException e) {
            throw e;
        } catch (RuntimeException e) {
            log.warn("cannot save the daemon's observations for status and plan: {}", e.getMessage());
        }
    }

    /** What every target's probes show now, as {@link #saveObservations} saves it (also in a dry run). */
    public Observations observations(long pid) {
        Map<String, Map<String, Observations.Target>> groups = new LinkedHashMap<>();
        for (GroupLoop loop : loops.values()) {
            GroupConfig g = loop.group();
            List<HealthStreak> health = loop.watch().health();
            Map<String, Observations.Target> targets = new LinkedHashMap<>();
            for (int i = 0; i < health.size(); i++) {
                HealthStreak h = health.get(i);
                CheckResult last = h.last();
                targets.put(g.targets().get(i).name(), new Observations.Target(h.health(), h.since(), last == null ? null : last.startedAt(),
                        last == null ? null : last.state(), last == null ? null : last.reason(),
                        h.turning() && Observe.fastProbing(g) ? h.streakStart() : null));
            }
            groups.put(g.name(), targets);
        }
        return new Observations(clock.instant(), pid, groups);
    }

    /** Runs daemon-wide effects (log and journal lines not of one group). */
    public void report(List<Effect> effects) {
        runner.run(null, effects, w -> {});
    }

    private GroupLoop loop(String group) {
        GroupLoop loop = loops.get(group);
        if (loop == null) {
            throw new IllegalArgumentException("no group '" + group + "'");
        }
        return loop;
    }

    /** What a group remembers now (for tests and status). */
    public Memory memory(String group) {
        return loops.get(group).memory();
    }

    private synchronized void checkStore() {
        Instant now = clock.instant();
        List<String> problems;
        try {
            problems = store.problems();
        } catch (RuntimeException e) {
            problems = List.of("the state store cannot be checked: " + e.getMessage());
        }
        List<Alarms.Condition> holding = problems.isEmpty() ? List.of()
                : List.of(Conditions.stateLost(null, String.join("; ", problems), now));
        if (!problems.isEmpty() && runner.mode() == EffectRunner.Mode.LIVE) {
            for (GroupLoop loop : loops.values()) {
                if (loop.memory().knownSaved()) {
                    try {
                        store.restore(loop.group().name(), loop.memory().known());
                    } catch (RuntimeException e) {
                        log.error("group {}: cannot restore its state: {}", loop.group().name(), e.toString());
                    }
                }
            }
            try {
                afterRestore.run();
            } catch (RuntimeException e) {
                log.error("after restoring the state store: {}", e.toString());
            }
        }
        Alarms.Step step = storeAlarms.update(holding, null, now, remindEvery);
        storeAlarms = step.next();
        runner.run(null, step.effects(), w -> {});
    }

    @Override
    public void close() {
        checker.close();
        calls.close();
        if (notifications != null) {
            notifications.close(Duration.ofSeconds(10));
        }
        providers.close();
    }
}
