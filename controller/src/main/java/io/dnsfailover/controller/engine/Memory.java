package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.health.HealthStreak;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one group's loop remembers between ticks, as an immutable value: the input and output of every
 * {@link Tick}. Nothing here is read from anywhere but the tick's own inputs.
 *
 * @param health per target, in the group's order, its health after thresholds (the daemon; empty for one-shots)
 * @param providers per provider of the group, its cached read and failure
 * @param writeSeen the state's {@code writtenAt} when the providers were last all read: a newer one means
 *     another process (an operator's failover or failback) wrote, and the providers are read again
 * @param known the group's state as this loop last saw or saved it (to restore it if it is lost)
 * @param knownSaved true once the state has been there: its absence after that is a loss, not a fresh start
 * @param lastOutcome the published targets of the latest decision worth a journal line
 * @param lastPlan the text of the latest plan journalled
 * @param alarms the conditions notified, and when
 * @param reconciled true once the start-up reconcile of a write begun before a restart has run
 */
public record Memory(
        List<HealthStreak> health,
        Map<String, ProviderView> providers,
        Instant writeSeen,
        GroupState known,
        boolean knownSaved,
        String lastOutcome,
        String lastPlan,
        Alarms alarms,
        boolean reconciled) {

    public Memory {
        health = List.copyOf(health);
        providers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(providers));
    }

    /** A loop that has seen nothing yet: health UNKNOWN, no read, no alarm. */
    public static Memory initial(GroupConfig g) {
        List<HealthStreak> h = new ArrayList<>();
        g.targets().forEach(t -> h.add(HealthStreak.initial(g.check().thresholds())));
        Map<String, ProviderView> p = new LinkedHashMap<>();
        g.providers().forEach(name -> p.put(name, ProviderView.NEW));
        return new Memory(h, p, null, GroupState.EMPTY, false, null, null, Alarms.NONE, false);
    }

    public ProviderView provider(String name) {
        return providers.getOrDefault(name, ProviderView.NEW);
    }

    public Memory withHealth(List<HealthStreak> h) {
        return new Memory(h, providers, writeSeen, known, knownSaved, lastOutcome, lastPlan, alarms, reconciled);
    }

    public Memory withProvider(String name, ProviderView view) {
        Map<String, ProviderView> p = new LinkedHashMap<>(providers);
        p.put(name, view);
        return new Memory(health, p, writeSeen, known, knownSaved, lastOutcome, lastPlan, alarms, reconciled);
    }

    public Memory withWriteSeen(Instant at) {
        return new Memory(health, providers, at, known, knownSaved, lastOutcome, lastPlan, alarms, reconciled);
    }

    /** The state as saved or seen now. */
    public Memory withKnown(GroupState state) {
        return new Memory(health, providers, writeSeen, state, true, lastOutcome, lastPlan, alarms, reconciled);
    }

    public Memory withLastOutcome(String outcome) {
        return new Memory(health, providers, writeSeen, known, knownSaved, outcome, lastPlan, alarms, reconciled);
    }

    public Memory withLastPlan(String plan) {
        return new Memory(health, providers, writeSeen, known, knownSaved, lastOutcome, plan, alarms, reconciled);
    }

    public Memory withAlarms(Alarms a) {
        return new Memory(health, providers, writeSeen, known, knownSaved, lastOutcome, lastPlan, a, reconciled);
    }

    public Memory withReconciled() {
        return new Memory(health, providers, writeSeen, known, knownSaved, lastOutcome, lastPlan, alarms, true);
    }
}
