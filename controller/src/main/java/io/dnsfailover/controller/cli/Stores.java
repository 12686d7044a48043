package io.dnsfailover.controller.cli;

import io.dnsfailover.controller.config.ClusterConfig;
import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.provider.Resilience;
import io.dnsfailover.controller.state.DatabaseStateStore;
import io.dnsfailover.controller.state.FileStateStore;
import io.dnsfailover.controller.state.StateStore;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;

/**
 * The state store each command uses: the state directory of a single node, or the cluster's database
 * ({@code cluster:}), fenced as a daemon or as a one-shot command, which holds each group's lease while it saves.
 */
final class Stores {

    /** Slack on top of a write's own budget before its lease lapses. */
    static final Duration WRITE_MARGIN = Duration.ofSeconds(5);

    private Stores() {}

    /** For a command that only reads: {@code null} when a single node's state directory does not exist. */
    static StateStore forReading(Config c) {
        if (c.cluster() != null) {
            return DatabaseStateStore.open(c.cluster(), Clock.systemUTC());
        }
        return Files.isDirectory(c.state().dir()) ? FileStateStore.open(c.state()) : null;
    }

    /** For a one-shot command that may save (and write to providers with {@code resilience}). */
    static StateStore forCommand(Config c, Resilience resilience) {
        return open(c, DatabaseStateStore.Fence.COMMAND, resilience);
    }

    /** For the daemon. */
    static StateStore forDaemon(Config c, Resilience resilience) {
        return open(c, DatabaseStateStore.Fence.DAEMON, resilience);
    }

    private static StateStore open(Config c, DatabaseStateStore.Fence fence, Resilience resilience) {
        ClusterConfig cluster = c.cluster();
        if (cluster == null) {
            return FileStateStore.open(c.state());
        }
        DatabaseStateStore store = DatabaseStateStore.open(cluster, Clock.systemUTC());
        // between writes a group's lease is free at once: Quartz runs one tick of a group at a time, on any node, so
        // only a write needs fencing (from a node that decided, paused, and woke after another one took over)
        store.fence(fence, Duration.ZERO, writeHold(c, resilience));
        return store;
    }

    /**
     * The longest a write may take: its budget (two attempts' time, or an interval), within which its last attempt
     * may start, plus that attempt's own timeout, and a margin.
     */
    static Duration writeHold(Config c, Resilience resilience) {
        Duration twice = resilience.callTimeout().multipliedBy(2);
        Duration interval = longestInterval(c);
        return (twice.compareTo(interval) > 0 ? twice : interval).plus(resilience.callTimeout()).plus(WRITE_MARGIN);
    }

    private static Duration longestInterval(Config c) {
        return c.groups().values().stream().map(GroupConfig::check).map(k -> k.interval()).max(Duration::compareTo)
                .orElse(Duration.ofSeconds(10));
    }

    /** Where the state is, for the daemon's first line and messages. */
    static String where(Config c, StateStore store) {
        return c.cluster() != null ? store.toString() : "state in " + c.state().dir();
    }
}
