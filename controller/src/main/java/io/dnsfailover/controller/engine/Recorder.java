package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.plan.Plan;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.controller.state.StateStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a plan and records it: journal lines for every write and read-back, and the new published
 * value in the state. One path for the daemon and the one-shot commands.
 */
public final class Recorder {

    private static final Logger log = LoggerFactory.getLogger(Recorder.class);

    private final StateStore store;
    private final Clock clock;
    private final boolean dryRun;

    public Recorder(StateStore store, Clock clock, boolean dryRun) {
        this.store = store;
        this.clock = clock;
        this.dryRun = dryRun;
    }

    /**
     * What applying did.
     *
     * @param switched true when the published values changed
     * @param changes one line per provider written, e.g. {@code pdns: atlanta1.hosting.com A [..] -> [..]}
     */
    public record Applied(List<Writer.Outcome> outcomes, boolean switched, List<String> changes) {

        public boolean anyFailed() {
            return outcomes.stream().anyMatch(o -> o.error() != null);
        }
    }

    /** Applies an applicable plan through {@code writer}; {@code before} is what was published until now. */
    public Applied apply(Writer writer, GroupConfig g, Plan plan, List<String> before) {
        log.info("group {}: applying\n{}", g.name(), io.dnsfailover.controller.plan.PlanPrinter.text(plan).stripTrailing());
        List<Writer.Outcome> outcomes = writer.apply(plan);
        List<String> changes = new ArrayList<>();
        for (Writer.Outcome o : outcomes) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("provider", o.provider());
            data.put("values", plan.desired().values());
            data.put("ttl", plan.desired().ttl());
            data.put("ok", o.error() == null);
            data.put("durationMs", o.took().toMillis());
            if (o.error() != null) {
                data.put("error", o.error());
                log.warn("group {}: provider {} failed: {}", g.name(), o.provider(), o.error());
            }
            journal(g, Event.Type.APPLY, data);
            if (o.written()) {
                journal(g, Event.Type.VERIFY, Map.of("provider", o.provider(), "verified", o.verified(),
                        "served", o.served().map(s -> s.values()).orElse(List.of())));
            }
            if (o.error() == null) {
                changes.add(o.provider() + ": " + g.record().name() + " " + g.record().type() + " " + before + " -> " + plan.desired().values());
            }
        }
        boolean switched = false;
        if (!changes.isEmpty()) {
            List<String> values = plan.desired().values();
            switched = !new HashSet<>(values).equals(new HashSet<>(before));
            Instant now = clock.instant();
            boolean moved = switched;
            store.update(g.name(), gs -> gs.withPublished(values, moved ? now : gs.lastSwitch(), now));
        }
        return new Applied(outcomes, switched, changes);
    }

    /** Appends one journal line; a journal that cannot be written is logged, never fatal to a failover. */
    public void journal(GroupConfig g, Event.Type type, Map<String, Object> data) {
        try {
            store.journal().append(new Event(clock.instant(), g == null ? null : g.name(), type, dryRun, data));
        } catch (RuntimeException e) {
            log.error("cannot write the journal: {}", e.toString());
        }
    }
}
