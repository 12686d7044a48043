package io.dnsfailover.controller.plan;

import io.dnsfailover.controller.decide.Decision;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The changes that take each provider of a group from what it serves to the decision, and what stops
 * them. An immutable value: printing it ({@link PlanPrinter}) and applying it are done elsewhere.
 *
 * @param group the group's name
 * @param key the group's record
 * @param decision the decision the plan carries out
 * @param desired the record set every provider should serve, or {@code null} when the decision publishes nothing
 * @param changes one per provider that differs from {@code desired}, in the group's provider order
 * @param refusals why the plan must not be applied (safety rails); empty when it may
 * @param unreadable providers whose current record could not be read, with the reason
 */
public record Plan(String group, RecordKey key, Decision decision, RecordSet desired, List<ProviderChange> changes,
        List<Refusal> refusals, List<Unreadable> unreadable) {

    public Plan {
        changes = List.copyOf(changes);
        refusals = List.copyOf(refusals);
        unreadable = List.copyOf(unreadable);
    }

    /**
     * One provider's change.
     *
     * @param marker the ownership marker to write with it (claiming the record for this install), or {@code null}
     *     when the provider already holds ours or cannot hold one
     */
    public record ProviderChange(String provider, Change change, Change marker) {

        public ProviderChange(String provider, Change change) {
            this(provider, change, null);
        }

        /** What to apply, in order: the marker first, so that a record is never ours without saying so. */
        public List<Change> all() {
            return marker == null ? List.of(change) : List.of(marker, change);
        }
    }

    /**
     * A safety rail that refused the plan.
     *
     * @param provider the provider it concerns, or empty for the whole plan
     * @param forcible true when {@code --force} overrides it
     */
    public record Refusal(String provider, Rule rule, String message, boolean forcible) {}

    /** The safety rails. */
    public enum Rule {
        /** the provider serves a value that is no target and not what dnsfailover last wrote: a human set it */
        FOREIGN_VALUE,
        /** the plan would leave the record empty */
        EMPTY_RECORD,
        /** the TTL is below what the provider can hold */
        TTL_TOO_LOW,
        /** the ownership marker beside the record names another install */
        OWNED_ELSEWHERE,
        /** an operator asked to publish a target whose check does not pass now */
        UNHEALTHY_TARGET;

        /** {@code foreign-value}, ... as in JSON and the journal. */
        public String written() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** A provider that could not be read. */
    public record Unreadable(String provider, String reason) {}

    public boolean hasChanges() {
        return !changes.isEmpty();
    }

    /** True when there are changes and no refusal stops them. */
    public boolean applicable() {
        return hasChanges() && refusals.isEmpty();
    }

    /** This plan with one more refusal (an operator's precondition that failed). */
    public Plan refusedBy(Refusal r) {
        List<Refusal> all = new ArrayList<>(refusals);
        all.add(r);
        return new Plan(group, key, decision, desired, changes, all, unreadable);
    }

    /** The changed providers' names, in order. */
    public List<String> changedProviders() {
        return changes.stream().map(ProviderChange::provider).toList();
    }
}
