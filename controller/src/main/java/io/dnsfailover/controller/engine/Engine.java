package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.notify.Notifications;
import io.dnsfailover.controller.provider.Providers;
import io.dnsfailover.controller.state.StateStore;
import io.dnsfailover.health.Checker;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The controller's loop body for every group: {@link #runOnce} is one tick of one group (DESIGN §3).
 * The scheduler only decides when to call it. Thread safe across groups; one group's ticks must not
 * overlap (the scheduler guarantees it; {@link GroupRunner#runOnce} also holds the group's lock).
 */
public final class Engine implements AutoCloseable {

    private final Map<String, GroupRunner> runners = new LinkedHashMap<>();
    private final Checker checker;
    private final Notifications notifications;
    private final Providers providers;
    private final Writer writer;

    /**
     * @param providers, checker, notifications: owned by the engine from now on (closed by {@link #close})
     */
    public Engine(Config config, Providers providers, StateStore store, Checker checker, Notifications notifications, Clock clock,
            Options options) {
        this.checker = checker;
        this.notifications = notifications;
        this.providers = providers;
        this.writer = new Writer(providers);
        for (GroupConfig g : config.groups().values()) {
            runners.put(g.name(), new GroupRunner(g, writer, store, checker, notifications, clock, options));
        }
    }

    /** One tick of one group. Never throws: failures are journalled and logged. */
    public GroupRunner.Tick runOnce(String group) {
        GroupRunner r = runners.get(group);
        if (r == null) {
            throw new IllegalArgumentException("no group '" + group + "'");
        }
        return r.runOnce();
    }

    @Override
    public void close() {
        checker.close();
        writer.close();
        notifications.close(java.time.Duration.ofSeconds(10));
        providers.close();
    }
}
