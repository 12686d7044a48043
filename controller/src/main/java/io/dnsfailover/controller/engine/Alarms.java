package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.Durations;
import io.dnsfailover.controller.notify.Notification;
import io.dnsfailover.controller.state.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Alarms with a memory: each distinct condition (a guard refusal of one value, a provider failing, every
 * target down, state lost) is journalled once when it starts and once when it clears, notified once when it
 * starts (or once it has lasted {@code notifyAfter}), at most once per {@code remindEvery} while it lasts, and
 * once when it clears if it was notified. An immutable value; {@link #update} is pure.
 *
 * @param active the conditions holding now, by key
 */
public record Alarms(Map<String, Alarm> active) {

    public static final Alarms NONE = new Alarms(Map.of());

    public Alarms {
        active = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(active));
    }

    /**
     * A condition that holds now.
     *
     * @param key what makes it distinct, e.g. {@code guard:pdns:foreign-value:[203.0.113.99]}
     * @param since when it began (it may have begun before it was first seen, e.g. a provider's first failure)
     * @param notifyAfter how long it must last before it is notified ({@code ZERO}: at once)
     * @param summary one line, e.g. {@code atlanta1: provider pdns is failing}
     * @param evidence why, one line each
     * @param data the fields of its journal lines
     */
    public record Condition(String key, Notification.Kind kind, Event.Type journal, Instant since, Duration notifyAfter,
            String summary, List<String> evidence, Map<String, Object> data) {

        public Condition {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(since, "since");
            evidence = List.copyOf(evidence);
            data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
        }
    }

    /**
     * A condition as remembered.
     *
     * @param notifiedAt when it was last notified (start or reminder), or {@code null} when not yet
     */
    public record Alarm(Condition condition, Instant notifiedAt) {}

    /** The alarms after one look at the conditions, and what to journal and notify. */
    public record Step(Alarms next, List<Effect> effects) {}

    /**
     * @param holding every condition that holds now (for this group or daemon-wide scope)
     * @param group the group, for notifications ({@code null} daemon-wide)
     */
    public Step update(Collection<Condition> holding, String group, Instant now, Duration remindEvery) {
        Map<String, Alarm> next = new LinkedHashMap<>();
        List<Effect> effects = new ArrayList<>();
        for (Condition seen : holding) {
            Alarm was = active.get(seen.key());
            // a condition keeps the time it was first seen, however each tick words it
            Condition c = was == null || !was.condition().since().isBefore(seen.since()) ? seen
                    : new Condition(seen.key(), seen.kind(), seen.journal(), was.condition().since(), seen.notifyAfter(), seen.summary(),
                            seen.evidence(), seen.data());
            Instant notifiedAt = was == null ? null : was.notifiedAt();
            if (was == null) {
                effects.add(journal(c, "started"));
                effects.add(new Effect.Log(true, c.summary() + (c.evidence().isEmpty() ? "" : ": " + String.join("; ", c.evidence()))));
            }
            if (notifiedAt == null && !c.since().plus(c.notifyAfter()).isAfter(now)) {
                effects.add(notify(c, group, now, Notification.Phase.STARTED));
                notifiedAt = now;
            } else if (notifiedAt != null && !notifiedAt.plus(remindEvery).isAfter(now)) {
                effects.add(notify(c, group, now, Notification.Phase.REMINDER));
                notifiedAt = now;
            }
            next.put(c.key(), new Alarm(c, notifiedAt));
        }
        for (Alarm a : active.values()) {
            if (!next.containsKey(a.condition().key())) {
                Condition c = a.condition();
                effects.add(journal(c, "cleared"));
                effects.add(new Effect.Log(false, c.summary() + ": resolved after " + lasted(c.since(), now)));
                if (a.notifiedAt() != null) {
                    effects.add(new Effect.Notify(new Notification(c.kind(), group, now, c.summary() + ": resolved after "
                            + lasted(c.since(), now), c.evidence(), List.of(), Notification.Phase.RESOLVED)));
                }
            }
        }
        return new Step(new Alarms(next), effects);
    }

    private static Effect journal(Condition c, String phase) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("phase", phase);
        data.put("since", c.since().toString());
        data.putAll(c.data());
        return new Effect.Journal(c.journal(), data);
    }

    private static Effect notify(Condition c, String group, Instant now, Notification.Phase phase) {
        String summary = phase == Notification.Phase.REMINDER ? c.summary() + " (for " + lasted(c.since(), now) + ")" : c.summary();
        return new Effect.Notify(new Notification(c.kind(), group, now, summary, c.evidence(), List.of(), phase));
    }

    private static String lasted(Instant since, Instant now) {
        return Durations.format(Duration.between(since, now).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
}
