package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.health.CheckResult;
import io.dnsfailover.health.HealthStreak;
import java.util.ArrayList;
import java.util.List;

/**
 * One group's observations as probes end: each target's health after fall/rise, and the log and journal
 * lines of the changes no tick has taken yet. Probes {@link #record} from the checker's threads whenever they
 * end; the group's tick {@link #take}s what is there, so a tick never waits for a probe. Thread safe.
 */
final class Watch {

    private final GroupConfig g;
    private final List<HealthStreak> health = new ArrayList<>();
    private final List<Effect> pending = new ArrayList<>();
    private boolean changed;

    Watch(GroupConfig g) {
        this.g = g;
        g.targets().forEach(t -> health.add(HealthStreak.initial(g.check().thresholds())));
    }

    /**
     * What one result did to its target.
     *
     * @param decide it changed the target's health and every target of the group has a health of its own: the
     *     group should decide now, not at its next tick (before every target has one, no decision can change anything)
     * @param fast the target's streak is turning: probe it again after {@code fastInterval}, not {@code interval}
     */
    record Recorded(boolean decide, boolean fast) {}

    /** Feeds one result of target {@code i} (in the group's order). */
    synchronized Recorded record(int i, CheckResult result) {
        Observe.One one = Observe.record(g, i, health.get(i), result);
        health.set(i, one.next());
        pending.addAll(one.effects());
        changed |= one.transition();
        return new Recorded(one.transition() && Observe.settled(health), one.next().turning() && Observe.fastProbing(g));
    }

    /** Each target's health now, in the group's order. */
    synchronized List<HealthStreak> health() {
        return List.copyOf(health);
    }

    /**
     * What a tick takes: the health now, the lines of the changes since the last take, and whether there were any.
     */
    record Taken(List<HealthStreak> health, List<Effect> effects, boolean changed) {}

    synchronized Taken take() {
        Taken t = new Taken(List.copyOf(health), List.copyOf(pending), changed);
        pending.clear();
        changed = false;
        return t;
    }
}
