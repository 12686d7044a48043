package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.decide.Decision;
import io.dnsfailover.controller.plan.Plan;
import java.util.List;
import java.util.Set;

/**
 * What one tick decided. When {@link #readsWanted} is not empty, the tick could not go on: read those
 * providers and run it again with the reads (its memory and effects are then empty and meaningless).
 *
 * @param held why an applicable plan was not written (e.g. a one-shot that must leave every provider equal
 *     could not read one), or {@code null}
 */
public record TickResult(Memory memory, Decision decision, Plan plan, List<Effect> effects, Set<String> readsWanted, String held) {

    public TickResult {
        effects = List.copyOf(effects);
        readsWanted = Set.copyOf(readsWanted);
    }

    static TickResult needs(Memory unchanged, Set<String> providers) {
        return new TickResult(unchanged, null, null, List.of(), providers, null);
    }

    /** The write effects, in order. */
    public List<Effect.Write> writes() {
        return effects.stream().filter(e -> e instanceof Effect.Write).map(e -> (Effect.Write) e).toList();
    }
}
