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
        ERROR,
        /** a provider started failing (first failure), or recovered: one line each, with the reason */
        PROVIDER,
        /** every target of the group is DOWN, or no longer */
        ALL_DOWN,
        /** the group's state (or the state directory) vanished or broke under the daemon, and was restored from memory */
        STATE_LOST,
        /** a write may have replaced a change someone else made between the read and the write */
        RACED,
        /** at start, a write begun before a crash or kill was found to have landed (or not), and recorded so */
        RECONCILE,
        /** probes started late or were skipped, or group ticks were (how many groups, how late, since when); or they are on time again */
        LATE,
        /** a node of a cluster sees every target of a group DOWN while another node sees one UP (its own network?); or no longer */
        BLINDED;

        /** The name in journal lines: {@code state-lost}, {@code all-down}, ... */
        public String written() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** The type a journal line names, or {@code null} when this version does not know it. */
        public static Type parse(String written) {
            try {
                return valueOf(written.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
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
