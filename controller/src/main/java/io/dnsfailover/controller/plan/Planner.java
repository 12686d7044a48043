package io.dnsfailover.controller.plan;

import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.decide.Decision;
import io.dnsfailover.providers.Capabilities;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Diffs a decision against what each provider serves, and applies the safety rails (DESIGN §3 guard):
 * never fight a value a human set, never a record another install owns, never publish an empty record,
 * never a TTL the provider cannot hold. {@code force} overrides the first two. Pure: the reads are its input.
 *
 * <p>A provider that serves the record {@linkplain RecordSet#proxied() proxied} is planned on its values alone:
 * its TTL is the provider's, so a TTL that differs is no change, and a change of values keeps that TTL.
 */
public final class Planner {

    private Planner() {}

    /**
     * What one provider serves: its record set (empty when none) and its ownership marker, or why it could
     * not be read.
     *
     * @param marker the TXT record at the marker's name (empty when none, or when the provider cannot hold one)
     * @param capabilities what the provider can hold
     */
    public record Current(String provider, Optional<RecordSet> served, Optional<RecordSet> marker, String error,
            Capabilities capabilities) {

        public static Current served(String provider, Optional<RecordSet> set, Optional<RecordSet> marker, Capabilities capabilities) {
            return new Current(provider, set, marker, null, capabilities);
        }

        public static Current served(String provider, Optional<RecordSet> set, Capabilities capabilities) {
            return served(provider, set, Optional.empty(), capabilities);
        }

        public static Current failed(String provider, String error, Capabilities capabilities) {
            return new Current(provider, Optional.empty(), Optional.empty(), error, capabilities);
        }

        /** True when the provider can hold the ownership marker. */
        public boolean holdsMarker() {
            return capabilities != null && capabilities.supports(RecordType.TXT);
        }
    }

    /**
     * @param current one entry per provider of the group that may be written now, in the group's order
     * @param lastWritten the values dnsfailover itself wrote last (the guard accepts them as ours)
     * @param force override the foreign-value and ownership rails (an operator said so)
     * @param owner this install's identity, for the ownership marker
     */
    public static Plan plan(GroupConfig g, Decision decision, List<Current> current, List<String> lastWritten, boolean force,
            String owner) {
        RecordKey key = new RecordKey(g.record().zone(), g.record().name(), g.record().type());
        List<Plan.ProviderChange> changes = new ArrayList<>();
        List<Plan.Refusal> refusals = new ArrayList<>();
        List<Plan.Unreadable> unreadable = new ArrayList<>();
        for (Current c : current) {
            if (c.error() != null) {
                unreadable.add(new Plan.Unreadable(c.provider(), c.error()));
            }
        }
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
                continue;
            }
            if (c.capabilities() != null && desired.ttl() < c.capabilities().minimumTtl()) {
                refusals.add(new Plan.Refusal(c.provider(), Plan.Rule.TTL_TOO_LOW, c.provider() + " keeps no TTL below "
                        + c.capabilities().minimumTtl() + " s, and the record's TTL is " + desired.ttl() + " s; raise record.ttl", false));
                continue;
            }
            RecordSet live = c.served().orElse(null);
            if (live != null && live.satisfies(desired)) {
                continue; // a proxied set with the decided values: its TTL is the provider's, and no write changes it
            }
            if (live != null && !targets.containsAll(live.values()) && !ours.equals(new HashSet<>(live.values()))) {
                refusals.add(new Plan.Refusal(c.provider(), Plan.Rule.FOREIGN_VALUE, c.provider() + " serves " + live.values()
                        + " for " + key + ", which is no target of " + g.name() + " and not what dnsfailover last wrote"
                        + (lastWritten.isEmpty() ? "" : " (" + lastWritten + ")") + ": someone changed it by hand, and "
                        + "dnsfailover does not overwrite that; fix the record, or use --force", true));
            }
            Change marker = null;
            if (c.holdsMarker()) {
                Optional<Ownership.Claim> claim = Ownership.claim(c.marker());
                if (claim.isPresent() && !claim.get().isOurs(owner) && !g.takeover()) {
                    refusals.add(new Plan.Refusal(c.provider(), Plan.Rule.OWNED_ELSEWHERE, c.provider() + ": " + key
                            + " is managed by another dnsfailover install (" + claim.get().describe() + ", in the TXT record "
                            + Ownership.markerKey(key).name() + "); this install is owner=" + owner + " and does not write it. "
                            + "Stop the other install, or set takeover: true on group " + g.name() + ", or use --force", true));
                }
                if (claim.isEmpty() || !claim.get().isOurs(owner)) {
                    RecordSet mark = Ownership.marker(key, desired.ttl(), owner);
                    marker = c.marker().map(m -> Change.replace(m, mark)).orElseGet(() -> Change.create(mark));
                }
            }
            changes.add(new Plan.ProviderChange(c.provider(), live == null ? Change.create(desired)
                    : Change.replace(live, servable(live, desired)), marker));
        }
        if (force) {
            refusals.removeIf(Plan.Refusal::forcible);
        }
        return new Plan(g.name(), key, decision, desired, changes, refusals, unreadable);
    }

    /**
     * What a provider will serve once {@code desired} is written over {@code live}: {@code desired} itself, but
     * for a proxied set its values with the TTL the provider keeps, still proxied (a plan never shows a TTL
     * change that cannot be made).
     */
    static RecordSet servable(RecordSet live, RecordSet desired) {
        return live.proxied() ? desired.withTtl(live.ttl()).asProxied() : desired;
    }
}
