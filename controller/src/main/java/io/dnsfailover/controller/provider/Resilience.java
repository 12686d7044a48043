package io.dnsfailover.controller.provider;

import java.time.Duration;

/**
 * How provider calls are retried and limited: one policy for every adapter (adapters never retry).
 *
 * @param maxAttempts attempts per call, the first included; fewer when the call's deadline comes first
 * @param initialBackoff wait before the first retry; it doubles each time, with ±50 % jitter
 * @param maxBackoff the longest wait between attempts, also the cap on a provider's retry-after hint
 * @param callTimeout the limit on one attempt
 * @param breakerMinimumCalls calls seen before the circuit breaker may open
 * @param breakerFailureRate percentage of transient failures among recent calls that opens the breaker
 * @param breakerOpenFor how long an open breaker refuses calls before letting a trial call through; short,
 *     so that a provider that recovers is used again within an interval or two
 */
public record Resilience(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration callTimeout,
        int breakerMinimumCalls, float breakerFailureRate, Duration breakerOpenFor) {

    /**
     * The daemon's: 3 attempts from 250 ms within the tick's budget, retry-after honoured up to 30 s, 10 s per
     * attempt, the breaker at 50 % of 6 calls, open 5 s (and never longer than the shortest interval of a
     * group on the provider: see {@link #openingAtMost}).
     */
    /** The shortest time a breaker stays open: it still spaces calls to a provider that keeps failing. */
    static final Duration MIN_OPEN = Duration.ofMillis(500);

    public static final Resilience DEFAULT = new Resilience(3, Duration.ofMillis(250), Duration.ofSeconds(30),
            Duration.ofSeconds(10), 6, 50f, Duration.ofSeconds(5));

    public Resilience {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, but was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be 0 <= initialBackoff <= maxBackoff, but was "
                    + initialBackoff + " and " + maxBackoff);
        }
        if (callTimeout.isZero() || callTimeout.isNegative()) {
            throw new IllegalArgumentException("callTimeout must be greater than 0, but was " + callTimeout);
        }
        if (breakerOpenFor.isNegative() || breakerOpenFor.isZero()) {
            throw new IllegalArgumentException("breakerOpenFor must be greater than 0, but was " + breakerOpenFor);
        }
    }

    /** This policy with the breaker open at most {@code limit} (at least 1 s). */
    public Resilience openingAtMost(Duration limit) {
        // a little under the limit: a breaker open for exactly one interval may still be open when the next tick
        // comes, a hair early, and the provider's recovery would then wait a second interval
        Duration shorter = Duration.ofMillis(limit.toMillis() * 4 / 5);
        Duration open = breakerOpenFor.compareTo(shorter) > 0 ? shorter : breakerOpenFor;
        if (open.compareTo(MIN_OPEN) < 0) {
            open = MIN_OPEN;
        }
        return new Resilience(maxAttempts, initialBackoff, maxBackoff, callTimeout, breakerMinimumCalls, breakerFailureRate, open);
    }
}
