package io.dnsfailover.controller.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What is remembered about one group between ticks and across restarts ({@code state.json}).
 *
 * @param published the values dnsfailover last wrote (or found and accepted at start), normalised; empty when none
 * @param lastWritten the values of dnsfailover's own most recent write, which the guard accepts as "ours"
 * @param lastSwitch when the published target last changed by automation or operator
 * @param override the target an operator pinned the group to, or {@code null}
 * @param overrideAt when it was pinned
 * @param lastDecision the reason of the latest decision
 * @param lastDecisionAt when it was taken
 * @param health latest health per target name
 */
public record GroupState(
        List<String> published,
        List<String> lastWritten,
        Instant lastSwitch,
        String override,
        Instant overrideAt,
        String lastDecision,
        Instant lastDecisionAt,
        Map<String, TargetHealth> health) {

    public static final GroupState EMPTY = new GroupState(List.of(), List.of(), null, null, null, null, null, Map.of());

    public GroupState {
        published = published == null ? List.of() : List.copyOf(published);
        lastWritten = lastWritten == null ? List.of() : List.copyOf(lastWritten);
        health = health == null ? Map.of() : Map.copyOf(health);
    }

    public GroupState withOverride(String target, Instant at) {
        return new GroupState(published, lastWritten, lastSwitch, target, target == null ? null : at, lastDecision, lastDecisionAt, health);
    }

    public GroupState withPublished(List<String> values, Instant switchedAt) {
        return new GroupState(values, values, switchedAt, override, overrideAt, lastDecision, lastDecisionAt, health);
    }

    public GroupState withDecision(String reason, Instant at) {
        return new GroupState(published, lastWritten, lastSwitch, override, overrideAt, reason, at, health);
    }

    public GroupState withHealth(Map<String, TargetHealth> newHealth) {
        return new GroupState(published, lastWritten, lastSwitch, override, overrideAt, lastDecision, lastDecisionAt, newHealth);
    }
}
