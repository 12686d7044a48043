package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.decide.TargetStatus;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.controller.state.TargetHealth;
import io.dnsfailover.health.CheckResult;
import io.dnsfailover.health.Health;
import io.dnsfailover.health.HealthStreak;
import io.dnsfailover.health.HealthTracker;
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

    /** {@code results} in the group's target order (one per target). */
    public static Step step(GroupConfig g, List<HealthStreak> before, List<CheckResult> results) {
        List<HealthStreak> after = new ArrayList<>();
        List<Effect> fx = new ArrayList<>();
        boolean changed = false;
        for (int i = 0; i < before.size(); i++) {
            HealthStreak.Step s = before.get(i).next(results.get(i));
            after.add(s.next());
            Optional<HealthTracker.Transition> t = s.transition();
            if (t.isPresent()) {
                changed = true;
                String target = g.targets().get(i).name();
                fx.add(new Effect.Log(false, "group " + g.name() + ": " + target + " " + t.get().from() + " -> " + t.get().to() + " ("
                        + t.get().describe() + ")"));
                fx.add(new Effect.Journal(Event.Type.HEALTH, Map.of("target", target, "from", t.get().from().name(), "to",
                        t.get().to().name(), "consecutive", t.get().consecutive(), "since", String.valueOf(t.get().streakStart()),
                        "reason", t.get().last().reason())));
            }
        }
        return new Step(after, statuses(g, after), toSave(g, after), changed, fx);
    }

    /** What the decision sees of each target watched by the daemon (thresholds applied). */
    public static List<TargetStatus> statuses(GroupConfig g, List<HealthStreak> health) {
        List<TargetStatus> out = new ArrayList<>();
        for (int i = 0; i < health.size(); i++) {
            HealthStreak h = health.get(i);
            GroupConfig.TargetConfig target = g.targets().get(i);
            out.add(new TargetStatus(target.name(), Observation.value(g, target), h.health(), h.since(), evidence(h), h.last() != null));
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

    /** e.g. {@code 3 × connection refused (203.0.113.10:443) since 2026-11-21T12:00:03Z}. */
    static String evidence(HealthStreak h) {
        CheckResult last = h.last();
        if (last == null) {
            return "not checked yet";
        }
        if (h.streakState() == Health.UP && h.health() == Health.UP) {
            return "UP since " + Observation.seconds(h.since()) + "; " + last.reason();
        }
        return h.streak() + " × " + last.reason() + " since " + Observation.seconds(h.streakStart());
    }
}
