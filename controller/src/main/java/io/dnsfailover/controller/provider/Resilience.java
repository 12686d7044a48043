package io.dnsfailover.controller.provider;

import java.time.Duration;

/**
 * How provider calls are retried and limited: one policy for every adapter (adapters never retry).
 *
 * @param maxAttempts attempts per call, the first included
 * @param initialBackoff wait before the first retry; it doubles each time, with ±50 % jitter
 * @param maxBackoff the longest wait between attempts, also the cap on a provider's retry-after hint
 * @param callTimeout the limit on one attempt
 * @param breakerMinimumCalls calls seen before the circuit breaker may open
 * @param breakerFailureRate percentage of transient failures among recent calls that opens the breaker
 * @param breakerOpenFor how long an open breaker refuses calls before letting a trial call through
 */
public record Resilience(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration callTimeout,
        int breakerMinimumCalls, float breakerFailureRate, Duration breakerOpenFor) {

    /** 4 attempts from 500 ms doubling to at most 30 s; 30 s per attempt; breaker at 50 % of 10 calls, open 60 s. */
    public static final Resilience DEFAULT = new Resilience(4, Duration.ofMillis(500), Duration.ofSeconds(30),
            Duration.ofSeconds(30), 10, 50f, Duration.ofSeconds(60));

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
    }
}
