package io.dnsfailover.controller.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What is remembered about one group between ticks and across restarts (one file per group in the state
 * directory; one row in a database store).
 *
 * @param published the values dnsfailover last wrote (or found and accepted at start), normalised; empty when none
 * @param lastWritten the values of dnsfailover's own most recent write, which the guard accepts as "ours"
 * @param lastSwitch when the published target last changed by automation or operator
 * @param override the target an operator pinned the group to, or {@code null}
 * @param overrideAt when it was pinned
 * @param lastDecision the reason of the latest decision
 * @param lastDecisionAt when it was taken
 * @param health latest health per target name
 * @param writing the values of a write that was started and has not ended yet (written before the first
 *     provider call, cleared when the write ends): after a crash, the provider's value is recorded as ours
 *     when it is this one; empty when no write is under way
 * @param writingAt when that write started
 * @param writtenAt when {@code lastWritten} was written; another process's write shows as a change of it
 */
public record GroupState(
        List<String> published,
        List<String> lastWritten,
        Instant lastSwitch,
        String override,
        Instant overrideAt,
        String lastDecision,
        Instant lastDecisionAt,
        Map<String, TargetHealth> health,
        List<String> writing,
        Instant writingAt,
        Instant writtenAt) {

    public static final GroupState EMPTY = new GroupState(List.of(), List.of(), null, null, null, null, null, Map.of(),
            List.of(), null, null);

    public GroupState {
        published = published == null ? List.of() : List.copyOf(published);
        lastWritten = lastWritten == null ? List.of() : List.copyOf(lastWritten);
        health = health == null ? Map.of() : Map.copyOf(health);
        writing = writing == null ? List.of() : List.copyOf(writing);
    }

    public GroupState withOverride(String target, Instant at) {
        return new GroupState(published, lastWritten, lastSwitch, target, target == null ? null : at, lastDecision, lastDecisionAt,
                health, writing, writingAt, writtenAt);
    }

    /** A write of {@code values} ended well at {@code at}; {@code switchedAt} is the new last switch. */
    public GroupState withPublished(List<String> values, Instant switchedAt, Instant at) {
        return new GroupState(values, values, switchedAt, override, overrideAt, lastDecision, lastDecisionAt, health,
                List.of(), null, at);
    }

    public GroupState withDecision(String reason, Instant at) {
        return new GroupState(published, lastWritten, lastSwitch, override, overrideAt, reason, at, health, writing, writingAt,
                writtenAt);
    }

    public GroupState withHealth(Map<String, TargetHealth> newHealth) {
        return new GroupState(published, lastWritten, lastSwitch, override, overrideAt, lastDecision, lastDecisionAt, newHealth,
                writing, writingAt, writtenAt);
    }

    /** A write of {@code values} is starting (or, with an empty list, ended without landing anywhere). */
    public GroupState withWriting(List<String> values, Instant at) {
        return new GroupState(published, lastWritten, lastSwitch, override, overrideAt, lastDecision, lastDecisionAt, health,
                values, values == null || values.isEmpty() ? null : at, writtenAt);
    }

    /** True when nothing at all is remembered. */
    public boolean remembersNothing() {
        return equals(EMPTY);
    }
}
