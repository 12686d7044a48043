package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.decide.Decision;
import io.dnsfailover.controller.decide.TargetStatus;
import io.dnsfailover.controller.notify.Notification;
import io.dnsfailover.controller.plan.Plan;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.health.Health;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The lasting conditions a tick can find, as {@link Alarms.Condition}s: what makes each distinct, and its words. */
public final class Conditions {

    private Conditions() {}

    /** A guard refusal: distinct per provider, rule and the value refused, so a new hand-set value is news again. */
    static Alarms.Condition refused(GroupConfig g, Plan plan, Plan.Refusal r, Instant now) {
        String live = plan.changes().stream().filter(c -> c.provider().equals(r.provider()))
                .map(c -> c.change().expected() == null ? "[]" : c.change().expected().values().toString()).findFirst().orElse("");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("provider", r.provider());
        data.put("rule", r.rule().written());
        data.put("message", r.message());
        return new Alarms.Condition("guard:" + r.provider() + ":" + r.rule().written() + ":" + live, Notification.Kind.GUARD_REFUSAL,
                Event.Type.GUARD, now, Duration.ZERO, g.name() + ": a change was refused" + (r.provider().isEmpty() ? "" : " on " + r.provider()),
                List.of(r.message(), "wanted: " + plan.decision().reason()), data);
    }

    /** A provider failing: one condition per provider, from its first failure; notified after {@code after}. */
    static Alarms.Condition providerFailing(GroupConfig g, String provider, ProviderView v, Duration after) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("provider", provider);
        data.put("error", v.failure());
        return new Alarms.Condition("provider:" + provider, Notification.Kind.PROVIDER_FAILING, Event.Type.PROVIDER, v.failingSince(),
                after, g.name() + ": provider " + provider + " is failing", List.of(provider + ": " + v.failure()), data);
    }

    /** Every target DOWN (UNKNOWN is no evidence, so it never counts as down). */
    static boolean allDown(List<TargetStatus> statuses) {
        return !statuses.isEmpty() && statuses.stream().allMatch(t -> t.health() == Health.DOWN);
    }

    static Alarms.Condition allDown(GroupConfig g, List<TargetStatus> statuses, Decision d, Instant now) {
        return new Alarms.Condition("all-down", Notification.Kind.ALL_DOWN, Event.Type.ALL_DOWN, now, Duration.ZERO,
                g.name() + ": every target is DOWN", statuses.stream().map(t -> t.name() + ": " + t.evidence()).toList(),
                Map.of("decision", d.reason()));
    }

    /** A node of a cluster blinded for the group's targets: one condition per node. */
    public static Alarms.Condition blinded(GroupConfig g, String node, List<String> evidence, Instant now) {
        return new Alarms.Condition("blinded:" + node, Notification.Kind.BLINDED, Event.Type.BLINDED, now, Duration.ZERO,
                g.name() + ": node " + node + " sees every target DOWN while other nodes see them UP (its own network?)",
                evidence, Map.of("node", node, "evidence", evidence));
    }

    static Alarms.Condition stateLost(String group, String why, Instant now) {
        return new Alarms.Condition("state-lost", Notification.Kind.STATE_LOST, Event.Type.STATE_LOST, now, Duration.ZERO,
                (group == null ? "dnsfailover" : group) + ": state lost, restored from the daemon's memory", List.of(why), Map.of("why", why));
    }
}
