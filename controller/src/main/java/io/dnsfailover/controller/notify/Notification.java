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
 */
public record Notification(Kind kind, String group, Instant at, String summary, List<String> evidence, List<String> changes) {

    /** What happened. */
    public enum Kind {
        FAILOVER,
        FAILBACK,
        ALL_DOWN,
        GUARD_REFUSAL,
        PROVIDER_FAILING;

        /** {@code failover}, {@code all-down}, ... as in webhook payloads. */
        public String written() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public Notification {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(summary, "summary");
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
