package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.notify.Notification;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.providers.ApplyResult;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pure half of a write's end: given how provider writes ended, the journal lines (apply, verify, raced),
 * the new published value in the state, the failover or failback notification, and what the group now knows
 * of each provider. A write that ends after its tick is taken here by a later tick.
 */
public final class Written {

    private Written() {}

    /** What the outcomes change. */
    public record Step(Memory memory, List<Effect> effects) {}

    /**
     * @param state the group's state as saved now
     * @param stillBusy providers of the group whose writes have not ended
     */
    public static Step take(Memory m, GroupConfig g, GroupState state, List<WriteOutcome> outcomes, Set<String> stillBusy, Instant now) {
        Memory mem = m;
        List<Effect> fx = new ArrayList<>();
        List<WriteOutcome> landed = new ArrayList<>();
        for (WriteOutcome o : outcomes) {
            Effect.Write w = o.write();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("provider", o.provider());
            data.put("values", w.desired().values());
            data.put("ttl", w.desired().ttl());
            data.put("ok", o.ok());
            data.put("durationMs", o.took().toMillis());
            if (!o.ok()) {
                data.put("error", o.error());
                fx.add(new Effect.Log(true, "group " + g.name() + ": provider " + o.provider() + " failed: " + o.error()));
            }
            fx.add(new Effect.Journal(Event.Type.APPLY, data));
            if (o.written()) {
                Map<String, Object> verify = new LinkedHashMap<>();
                verify.put("provider", o.provider());
                verify.put("verified", o.verified());
                verify.put("served", o.served().map(RecordSet::values).orElse(List.of()));
                if (o.served().isPresent() && o.served().get().proxied()) {
                    verify.put("proxied", true); // verified on its values: the TTL is the provider's
                    verify.put("ttl", o.served().get().ttl());
                }
                fx.add(new Effect.Journal(Event.Type.VERIFY, verify));
            }
            for (ApplyResult.Race race : o.races()) {
                fx.addAll(raced(g, o.provider(), race, now));
            }
            ProviderView v = mem.provider(o.provider());
            if (o.written()) {
                Optional<RecordSet> marker = w.changes().stream().filter(c -> c.key().type() == RecordType.TXT && c.desired() != null)
                        .map(Change::desired).findFirst().or(() -> v.lastGood() == null ? Optional.empty() : v.lastGood().marker());
                mem = mem.withProvider(o.provider(), v.written(ProviderRead.ok(o.provider(), o.at(), o.served(), marker), o.verified()));
            } else if (o.conflict()) {
                mem = mem.withProvider(o.provider(), v.invalidated()); // someone changed it: read it again, it is not a failing provider
            } else {
                mem = mem.withProvider(o.provider(), v.writeFailed(o.error(), o.at(), o.retryable(), g.check().interval()));
            }
            if (o.ok()) {
                landed.add(o);
            }
        }
        if (!landed.isEmpty()) {
            RecordSet desired = landed.get(landed.size() - 1).write().desired();
            boolean switched = !Tick.set(desired.values()).equals(Tick.set(state.published()));
            fx.add(new Effect.Save(new StateChange.Published(desired.values(), switched ? now : state.lastSwitch(), now)));
            mem = mem.withWriteSeen(now);
            if (switched) {
                fx.add(new Effect.Notify(switchNotice(g, landed, desired, now)));
            }
        } else if (stillBusy.isEmpty() && !state.writing().isEmpty()) {
            fx.add(new Effect.Save(new StateChange.Writing(List.of(), now)));
        }
        return new Step(mem, fx);
    }

    private static Notification switchNotice(GroupConfig g, List<WriteOutcome> landed, RecordSet desired, Instant now) {
        Effect.Write w = landed.get(landed.size() - 1).write();
        List<String> names = g.targets().stream()
                .filter(t -> desired.values().contains(RecordSet.normaliseValue(g.record().type(), t.address())))
                .map(t -> t.name()).toList();
        Notification.Kind kind = w.failback() ? Notification.Kind.FAILBACK : Notification.Kind.FAILOVER;
        List<String> evidence = new ArrayList<>();
        evidence.add(w.reason());
        evidence.addAll(w.evidence());
        List<String> changes = landed.stream().map(o -> o.provider() + ": " + g.record().name() + " " + g.record().type() + " "
                + o.write().before() + " -> " + o.write().desired().values()).toList();
        String summary = g.name() + ": " + (w.failback() ? "failed back to " : "moved to ") + String.join(", ", names);
        return new Notification(kind, g.name(), now, summary, evidence, changes);
    }

    private static List<Effect> raced(GroupConfig g, String provider, ApplyResult.Race race, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("provider", provider);
        data.put("record", race.key().toString());
        data.put("read", race.read() == null ? List.of() : race.read().values());
        data.put("written", race.written() == null ? List.of() : race.written().values());
        data.put("evidence", race.evidence());
        String summary = g.name() + ": a write to " + provider + " may have replaced a change made by someone else";
        return List.of(new Effect.Journal(Event.Type.RACED, data), new Effect.Log(true, summary + ": " + race.evidence()),
                new Effect.Notify(new Notification(Notification.Kind.RACED, g.name(), now, summary, List.of(race.evidence()),
                        List.of(provider + ": " + race.key() + " read " + (race.read() == null ? "[]" : race.read().values())
                                + ", wrote " + (race.written() == null ? "[]" : race.written().values())))));
    }
}
