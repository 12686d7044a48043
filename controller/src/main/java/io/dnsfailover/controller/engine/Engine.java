package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.notify.Notifications;
import io.dnsfailover.controller.provider.Providers;
import io.dnsfailover.controller.provider.ResilientProvider;
import io.dnsfailover.controller.state.StateStore;
import io.dnsfailover.health.Checker;
import io.dnsfailover.providers.Capabilities;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's loop body for every group: {@link #runOnce} is one tick of one group (DESIGN §3). The
 * scheduler only decides when to call it. Before every tick it looks at the state store itself (a few file
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
            loops.put(g.name(), new GroupLoop(g, settings, store, checker, calls, runner, clock, callTimeout));
        }
    }

    public Engine(Config config, Providers providers, StateStore store, Checker checker, Notifications notifications, Clock clock,
            Options options) {
        this(config, providers, store, checker, notifications, clock, options, () -> {});
    }

    /** One tick of one group. Never throws: failures are journalled and logged. */
    public TickResult runOnce(String group) {
        GroupLoop loop = loops.get(group);
        if (loop == null) {
            throw new IllegalArgumentException("no group '" + group + "'");
        }
        checkStore();
        return loop.runOnce();
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
