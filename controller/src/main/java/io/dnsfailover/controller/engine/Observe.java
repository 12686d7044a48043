package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.Durations;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.decide.TargetStatus;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.controller.state.TargetHealth;
import io.dnsfailover.health.CheckResult;
import io.dnsfailover.health.Health;
import io.dnsfailover.health.HealthStreak;
import io.dnsfailover.health.HealthTracker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's observe step, pure: probe results through fall/rise into each target's health, what the
 * decision sees of it, what to save, and a journal line per change of health.
 */
public final class Observe {

    private Observe() {}

    /**
     * @param health each target's health after these results
     * @param changed true when any target's health changed
     */
    public record Step(List<HealthStreak> health, List<TargetStatus> statuses, Map<String, TargetHealth> toSave, boolean changed,
            List<Effect> effects) {}

    /**
     * One result of one target through fall/rise.
     *
     * @param next the target's health after it
     * @param transition true when it changed the target's health
     * @param effects a log and a journal line when it did
     */
    public record One(HealthStreak next, boolean transition, List<Effect> effects) {}

    /** Feeds {@code result} to target {@code i}, whose health was {@code before}. */
    public static One record(GroupConfig g, int i, HealthStreak before, CheckResult result) {
        HealthStreak.Step s = before.next(result);
        Optional<HealthTracker.Transition> t = s.transition();
        if (t.isEmpty()) {
            return new One(s.next(), false, List.of());
        }
        String target = g.targets().get(i).name();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("target", target);
        data.put("from", t.get().from().name());
        data.put("to", t.get().to().name());
        data.put("consecutive", t.get().consecutive());
        data.put("since", String.valueOf(t.get().streakStart()));
        data.put("reason", t.get().last().reason());
        String fast = "";
        if (before.turning() && fastProbing(g)) {
            // the streak that made this change was confirmed at fastInterval, from its first result on
            data.put("fastSince", String.valueOf(t.get().streakStart()));
            data.put("fastInterval", Durations.format(g.check().fastInterval()));
            fast = "; probed every " + Durations.format(g.check().fastInterval()) + " since " + Observation.seconds(t.get().streakStart());
        }
        List<Effect> fx = List.of(
                new Effect.Log(false, "group " + g.name() + ": " + target + " " + t.get().from() + " -> " + t.get().to() + " ("
                        + t.get().describe() + fast + ")"),
                new Effect.Journal(Event.Type.HEALTH, data));
        return new One(s.next(), true, fx);
    }

    /** {@code results} in the group's target order (one per target): one round of probes, all fresh. */
    public static Step step(GroupConfig g, List<HealthStreak> before, List<CheckResult> results) {
        List<HealthStreak> after = new ArrayList<>();
        List<Effect> fx = new ArrayList<>();
        boolean changed = false;
        for (int i = 0; i < before.size(); i++) {
            One one = record(g, i, before.get(i), results.get(i));
            after.add(one.next());
            fx.addAll(one.effects());
            changed |= one.transition();
        }
        return new Step(after, statuses(g, after), toSave(g, after), changed, fx);
    }

    /** True when the group's check probes a turning target faster than its interval. */
    static boolean fastProbing(GroupConfig g) {
        return g.check().fastInterval().compareTo(g.check().interval()) < 0;
    }

    /**
     * What the decision sees of each target watched by the daemon at {@code now}: as {@link #statuses(GroupConfig, List)},
     * except that a target whose latest result started more than two intervals ago is UNKNOWN, never UP or DOWN.
     */
    public static List<TargetStatus> statuses(GroupConfig g, List<HealthStreak> health, Instant now) {
        List<TargetStatus> out = new ArrayList<>(statuses(g, health));
        Instant staleBefore = now.minus(g.check().interval().multipliedBy(2));
        for (int i = 0; i < out.size(); i++) {
            CheckResult last = health.get(i).last();
            if (last != null && last.startedAt().isBefore(staleBefore)) {
                TargetStatus s = out.get(i);
                long age = Duration.between(last.startedAt(), now).toSeconds();
                out.set(i, new TargetStatus(s.name(), s.value(), Health.UNKNOWN, null, "no probe result for " + age + " s, more than two intervals"
                        + " (the last, at " + Observation.seconds(last.startedAt()) + ": " + last.reason() + ")", true));
            }
        }
        return out;
    }

    /**
     * True once every target has left the initial UNKNOWN (its first fall or rise results agreed): before that,
     * a group's health is not worth saving, so that start-up writes each group's state once, not once per target.
     */
    public static boolean settled(List<HealthStreak> health) {
        return health.stream().allMatch(h -> h.since() != null);
    }

    /** What the decision sees of each target watched by the daemon (thresholds applied). */
    public static List<TargetStatus> statuses(GroupConfig g, List<HealthStreak> health) {
        List<TargetStatus> out = new ArrayList<>();
        for (int i = 0; i < health.size(); i++) {
            HealthStreak h = health.get(i);
            GroupConfig.TargetConfig target = g.targets().get(i);
            out.add(new TargetStatus(target.name(), Observation.value(g, target), h.health(), h.since(), evidence(g, h), h.last() != null));
        }
        return out;
    }

    /** The health to save for each target checked at least once, by name. */
    public static Map<String, TargetHealth> toSave(GroupConfig g, List<HealthStreak> health) {
        Map<String, TargetHealth> out = new LinkedHashMap<>();
        for (int i = 0; i < health.size(); i++) {
            HealthStreak h = health.get(i);
            if (h.last() != null) {
                out.put(g.targets().get(i).name(), new TargetHealth(h.health(), h.since(), h.last().startedAt(), h.last().reason()));
            }
        }
        return out;
    }

    /**
     * e.g. {@code 3 × connection refused (203.0.113.10:443) since 2026-11-21T12:00:03Z}, and while a streak
     * against the health is under way {@code ..., probed every 250ms since then}.
     */
    static String evidence(GroupConfig g, HealthStreak h) {
        CheckResult last = h.last();
        if (last == null) {
            return "not checked yet";
        }
        if (h.streakState() == Health.UP && h.health() == Health.UP) {
            return "UP since " + Observation.seconds(h.since()) + "; " + last.reason();
        }
        String fast = h.turning() && fastProbing(g) ? ", probed every " + Durations.format(g.check().fastInterval()) + " since then" : "";
        return h.streak() + " × " + last.reason() + " since " + Observation.seconds(h.streakStart()) + fast;
    }
}
