package io.dnsfailover.controller.plan;

import io.dnsfailover.controller.decide.Decision;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
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

    /** One provider's change. */
    public record ProviderChange(String provider, Change change) {}

    /**
     * A safety rail that refused the plan.
     *
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
        TTL_TOO_LOW
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
}
