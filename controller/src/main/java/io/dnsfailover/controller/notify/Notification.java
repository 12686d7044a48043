package io.dnsfailover.controller.notify;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Something an operator must hear about, with its evidence and what was changed.
 *
 * @param summary one line, e.g. {@code atlanta1: failed over from primary to backup1}
 * @param evidence why: which checks failed, how, since when (one line each)
 * @param changes what was changed, per provider (one line each); empty when nothing was
 * @param phase for a condition that lasts (all-down, a guard refusal, a provider failing, state lost): whether it
 *     started, still holds (a reminder) or cleared; {@link Phase#EVENT} for something that happened once
 */
public record Notification(Kind kind, String group, Instant at, String summary, List<String> evidence, List<String> changes,
        Phase phase) {

    /** What happened. */
    public enum Kind {
        FAILOVER,
        FAILBACK,
        ALL_DOWN,
        GUARD_REFUSAL,
        PROVIDER_FAILING,
        /** the state of a group (or the state directory) vanished or broke under the daemon, which restored it */
        STATE_LOST,
        /** a write may have replaced a change someone else made between the read and the write */
        RACED,
        /** a node of a cluster sees every target of a group DOWN while another sees one UP */
        BLINDED;

        /** {@code failover}, {@code all-down}, ... as in webhook payloads. */
        public String written() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Where a notification stands in the life of its condition. */
    public enum Phase {
        /** something that happened once (a failover, a failback, a race) */
        EVENT,
        /** a condition began */
        STARTED,
        /** a condition still holds (sent at most once per {@code alarms.remindEvery}) */
        REMINDER,
        /** a condition ended */
        RESOLVED;

        /** {@code started}, ... as in webhook payloads. */
        public String written() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A one-off event. */
    public Notification(Kind kind, String group, Instant at, String summary, List<String> evidence, List<String> changes) {
        this(kind, group, at, summary, evidence, changes, Phase.EVENT);
    }

    public Notification {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(summary, "summary");
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
