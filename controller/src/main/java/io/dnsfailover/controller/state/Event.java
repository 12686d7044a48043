package io.dnsfailover.controller.state;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of the journal ({@code events.jsonl}): something that happened to a group, with its inputs.
 * Written as one JSON object: {@code {"at":"2026-11-21T12:00:03.120Z","group":"atlanta1","type":"apply",
 * "dryRun":false, ...data}}. Data values are strings, numbers, booleans, lists or maps of those, and never
 * a secret.
 *
 * @param group the group, or {@code null} for daemon-wide events (start, stop)
 * @param type what happened; see {@link Type}
 * @param dryRun true when written by a dry run (nothing was changed)
 */
public record Event(Instant at, String group, Type type, boolean dryRun, Map<String, Object> data) {

    /** The kinds of journal lines. */
    public enum Type {
        /** the daemon started or stopped */
        DAEMON,
        /** a target's health changed (after thresholds) */
        HEALTH,
        /** a decision that differs from the previous one for the group */
        DECISION,
        /** the changes about to be applied (or, in a dry run, that would be) */
        PLAN,
        /** a safety rail refused a plan */
        GUARD,
        /** a provider write, with its result and duration */
        APPLY,
        /** the read-back after a write */
        VERIFY,
        /** an operator pinned or unpinned a group */
        OVERRIDE,
        /** something failed */
        ERROR
    }

    public Event {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    public static Event of(Instant at, String group, Type type, Map<String, Object> data) {
        return new Event(at, group, type, false, data);
    }
}
