package io.dnsfailover.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of one probe of one target.
 *
 * @param state UP (passed), DOWN (failed) or UNKNOWN (could not run, for a reason on the checker's side)
 * @param latency time from the start of the probe to its verdict; {@code null} when the probe never ran
 * @param reason one line a human can act on, e.g. {@code HTTP 503 from 203.0.113.10:443 in 41 ms}
 * @param startedAt when the probe started
 */
public record CheckResult(Health state, Duration latency, String reason, Instant startedAt) {

    public CheckResult {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason must say what happened, but was empty");
        }
        if (latency != null && latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, but was " + latency);
        }
    }

    /** The probe passed. */
    public static CheckResult up(Instant startedAt, Duration latency, String reason) {
        return new CheckResult(Health.UP, latency, reason, startedAt);
    }

    /** The probe failed because of the target. */
    public static CheckResult down(Instant startedAt, Duration latency, String reason) {
        return new CheckResult(Health.DOWN, latency, reason, startedAt);
    }

    /** The probe could not run or could not tell, for a reason on the checker's side; no latency. */
    public static CheckResult unknown(Instant startedAt, String reason) {
        return new CheckResult(Health.UNKNOWN, null, reason, startedAt);
    }

    /** Latency in whole milliseconds, or {@code null} when the probe never ran. */
    public Long latencyMillis() {
        return latency == null ? null : latency.toMillis();
    }
}
