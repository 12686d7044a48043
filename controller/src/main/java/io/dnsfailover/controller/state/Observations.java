package io.dnsfailover.controller.state;

import io.dnsfailover.health.Health;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A running daemon's latest view of every target, saved every few seconds so that one-shot commands can
 * show it (the age of each target's last probe) and use it instead of probing again while it is fresh.
 *
 * @param at when the daemon saved it
 * @param pid the daemon's process id
 * @param groups per group, per target (in the group's order), what the daemon saw
 */
public record Observations(Instant at, long pid, Map<String, Map<String, Target>> groups) {

    public Observations {
        Objects.requireNonNull(at, "at");
        groups = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(groups));
    }

    /**
     * One target as the daemon saw it.
     *
     * @param health after thresholds
     * @param since when that health began ({@code null} while the initial UNKNOWN)
     * @param lastProbe when the latest probe started ({@code null} before the first ended)
     * @param result the latest probe's own result ({@code null} before the first)
     * @param reason the latest probe's reason ({@code null} before the first)
     * @param fastSince when probing at the check's {@code fastInterval} began, while the target is turning; else {@code null}
     */
    public record Target(Health health, Instant since, Instant lastProbe, Health result, String reason, Instant fastSince) {

        /** True when the latest probe started less than {@code maxAge} before {@code now}. */
        public boolean freshAt(Instant now, Duration maxAge) {
            return lastProbe != null && lastProbe.isAfter(now.minus(maxAge));
        }
    }

    /** The target's entry, or {@code null} when the daemon did not watch it (another config). */
    public Target target(String group, String target) {
        Map<String, Target> g = groups.get(group);
        return g == null ? null : g.get(target);
    }
}
