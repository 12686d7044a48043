package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.controller.state.GroupState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * At start, a write that was begun and never recorded as ended (the process was killed between the two) is
 * settled from what the providers serve: when a provider serves exactly the values being written, the write
 * landed and they are recorded as ours (so the guard accepts them and the switch time is right); otherwise
 * it did not, and the intent is dropped. Either way it is journalled.
 */
final class Reconcile {

    private Reconcile() {}

    record Step(GroupState state, List<Effect> effects) {}

    static Step atStart(GroupConfig g, GroupState state, Memory mem, Instant now) {
        if (state.writing().isEmpty()) {
            return new Step(state, List.of());
        }
        List<Effect> fx = new ArrayList<>();
        String landedOn = null;
        List<String> served = null;
        for (String p : g.providers()) {
            ProviderView v = mem.provider(p);
            if (v.lastGood() == null || v.readFailing()) {
                continue;
            }
            List<String> values = v.lastGood().record().map(r -> r.values()).orElse(List.of());
            served = served == null ? values : served;
            if (Tick.set(values).equals(Tick.set(state.writing()))) {
                landedOn = p;
                break;
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("values", state.writing());
        data.put("startedAt", String.valueOf(state.writingAt()));
        StateChange change;
        if (landedOn != null) {
            boolean moved = !Tick.set(state.writing()).equals(Tick.set(state.published()));
            change = new StateChange.Published(state.writing(), moved ? (state.writingAt() != null ? state.writingAt() : now)
                    : state.lastSwitch(), now);
            data.put("landed", true);
            data.put("provider", landedOn);
            fx.add(new Effect.Log(true, "group " + g.name() + ": a write of " + state.writing() + " begun at " + state.writingAt()
                    + " before a restart landed on " + landedOn + "; recorded as dnsfailover's"));
        } else {
            change = new StateChange.Writing(List.of(), now);
            data.put("landed", false);
            data.put("served", served == null ? List.of() : served);
            fx.add(new Effect.Log(true, "group " + g.name() + ": a write of " + state.writing() + " begun at " + state.writingAt()
                    + " before a restart did not land (providers serve " + served + ")"));
        }
        fx.add(new Effect.Journal(Event.Type.RECONCILE, data));
        fx.add(new Effect.Save(change));
        return new Step(change.apply(state), fx);
    }
}
