package io.dnsfailover.controller.plan;

import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.decide.Decision;
import io.dnsfailover.providers.Capabilities;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Diffs a decision against what each provider serves, and applies the safety rails (DESIGN §3 guard):
 * never fight a value a human set, never publish an empty record, never a TTL the provider cannot hold.
 * {@code force} overrides the first. Pure: the reads are its input.
 */
public final class Planner {

    private Planner() {}

    /**
     * What one provider serves: its record set (empty when none), or why it could not be read.
     *
     * @param capabilities what the provider can hold
     */
    public record Current(String provider, Optional<RecordSet> served, String error, Capabilities capabilities) {

        public static Current served(String provider, Optional<RecordSet> set, Capabilities capabilities) {
            return new Current(provider, set, null, capabilities);
        }

        public static Current failed(String provider, String error, Capabilities capabilities) {
            return new Current(provider, Optional.empty(), error, capabilities);
        }
    }

    /**
     * @param current one entry per provider of the group, in the group's order
     * @param lastWritten the values dnsfailover itself wrote last (the guard accepts them as ours)
     * @param force override the foreign-value rail (an operator said so)
     */
    public static Plan plan(GroupConfig g, Decision decision, List<Current> current, List<String> lastWritten, boolean force) {
        RecordKey key = new RecordKey(g.record().zone(), g.record().name(), g.record().type());
        List<Plan.ProviderChange> changes = new ArrayList<>();
        List<Plan.Refusal> refusals = new ArrayList<>();
        List<Plan.Unreadable> unreadable = new ArrayList<>();
        if (decision.values().isEmpty()) {
            if (decision.change()) {
                refusals.add(new Plan.Refusal("", Plan.Rule.EMPTY_RECORD, "the decision would leave " + key
                        + " with no value; dnsfailover never publishes an empty record", false));
            }
            return new Plan(g.name(), key, decision, null, changes, refusals, unreadable);
        }
        RecordSet desired = RecordSet.of(key, g.record().ttl(), decision.values());
        Set<String> ours = new HashSet<>(lastWritten);
        Set<String> targets = new HashSet<>();
        g.targets().forEach(t -> targets.add(RecordSet.normaliseValue(key.type(), t.address())));
        for (Current c : current) {
            if (c.error() != null) {
                unreadable.add(new Plan.Unreadable(c.provider(), c.error()));
                continue;
            }
            if (c.capabilities() != null && desired.ttl() < c.capabilities().minimumTtl()) {
                refusals.add(new Plan.Refusal(c.provider(), Plan.Rule.TTL_TOO_LOW, c.provider() + " keeps no TTL below "
                        + c.capabilities().minimumTtl() + " s, and the record's TTL is " + desired.ttl() + "; raise record.ttl", false));
                continue;
            }
            RecordSet live = c.served().orElse(null);
            if (desired.equals(live)) {
                continue;
            }
            if (live != null && !targets.containsAll(live.values()) && !ours.equals(new HashSet<>(live.values()))) {
                refusals.add(new Plan.Refusal(c.provider(), Plan.Rule.FOREIGN_VALUE, c.provider() + " serves " + live.values()
                        + " for " + key + ", which is no target of " + g.name() + " and not what dnsfailover last wrote"
                        + (lastWritten.isEmpty() ? "" : " (" + lastWritten + ")") + ": someone changed it by hand, and "
                        + "dnsfailover does not overwrite that; fix the record, or use --force", true));
            }
            changes.add(new Plan.ProviderChange(c.provider(), live == null ? Change.create(desired) : Change.replace(live, desired)));
        }
        if (force) {
            refusals.removeIf(Plan.Refusal::forcible);
        }
        return new Plan(g.name(), key, decision, desired, changes, refusals, unreadable);
    }
}
