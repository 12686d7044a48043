package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.decide.TargetStatus;
import io.dnsfailover.controller.state.StateStore;
import io.dnsfailover.controller.state.TargetHealth;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one tick of one group depends on besides its {@link Memory}; nothing else is consulted.
 *
 * @param statuses every target's status, in the group's order (the daemon's thresholds, or one-shot probes)
 * @param healthToSave the health to save with a decision worth saving ({@code null}: one-shot probes are
 *     no thresholded health and are never saved over the daemon's)
 * @param healthChanged true when a target's health changed in this tick
 * @param state the group's saved state as the store gave it
 * @param reads the provider reads made during this tick, by provider
 * @param busy providers with a write of this group still in flight: nothing else is planned for them
 * @param operator who asks, with the command's input
 * @param now the tick's time
 */
public record TickInput(GroupConfig group, TickSettings settings, List<TargetStatus> statuses,
        Map<String, TargetHealth> healthToSave, boolean healthChanged, StateStore.GroupRead state,
        Map<String, ProviderRead> reads, Set<String> busy, Operator operator, Instant now, List<Alarms.Condition> watched) {

    /** Without conditions found by watching (a single node's input). */
    public TickInput(GroupConfig group, TickSettings settings, List<TargetStatus> statuses,
            Map<String, TargetHealth> healthToSave, boolean healthChanged, StateStore.GroupRead state,
            Map<String, ProviderRead> reads, Set<String> busy, Operator operator, Instant now) {
        this(group, settings, statuses, healthToSave, healthChanged, state, reads, busy, operator, now, List.of());
    }

    public TickInput {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(now, "now");
        statuses = List.copyOf(statuses);
        reads = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reads));
        busy = Set.copyOf(busy);
        watched = List.copyOf(watched);
    }

    /** The same input with more reads (later ones replace earlier ones of the same provider). */
    public TickInput withReads(Map<String, ProviderRead> more) {
        Map<String, ProviderRead> all = new LinkedHashMap<>(reads);
        all.putAll(more);
        return new TickInput(group, settings, statuses, healthToSave, healthChanged, state, all, busy, operator, now, watched);
    }
}
