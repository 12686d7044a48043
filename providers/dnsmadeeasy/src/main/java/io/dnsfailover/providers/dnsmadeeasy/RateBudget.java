package io.dnsfailover.providers.dnsmadeeasy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;

/**
 * What is left of the account's request budget, as DNS Made Easy reports it on every answer
 * ({@code x-dnsme-requestLimit}, {@code x-dnsme-requestsRemaining}; 150 requests per scrolling 5-minute
 * window by default, shared by every tool on the account).
 *
 * <p>Two uses. When the remaining count is at or below {@link #reserve()}, optional reads pause until
 * the window has scrolled past the answer that said so ({@link #readPause()}), so that the last requests
 * are kept for the writes of a failover; writes are never held back here. And when DNS Made Easy refuses
 * a request for the rate limit, {@link #untilASlotFrees()} is the retry hint: the time until the oldest
 * request this adapter sent within the window leaves it. That is an upper bound on when at least one
 * request is allowed again, whoever spent the rest, since the oldest request of the account is no younger
 * than ours. Rejected requests are not counted and do not pause reads: the controller's retry, after
 * the hint, is what finds out whether the limit has passed. Thread safe.
 */
final class RateBudget {

    /** DNS Made Easy's scrolling window. */
    static final Duration WINDOW = Duration.ofMinutes(5);

    /** Requests kept for writes at the default limit of 150: a failover needs one read and one write per value. */
    static final int READ_RESERVE = 15;

    private static final int MAX_TRACKED = 10_000;

    private final Clock clock;
    private final Deque<Instant> counted = new ArrayDeque<>();
    private int limit = -1;
    private int remaining = -1;
    private Instant observedAt;

    RateBudget(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** An answer that was not a rate-limit refusal: the request counted, and the headers say what is left. */
    synchronized void answered(String limitHeader, String remainingHeader) {
        Instant now = clock.instant();
        prune(now);
        if (counted.size() < MAX_TRACKED) {
            counted.addLast(now);
        }
        int l = parse(limitHeader);
        int r = parse(remainingHeader);
        if (r >= 0) {
            remaining = r;
            limit = l >= 0 ? l : limit;
            observedAt = now;
        }
    }

    /**
     * How long optional reads are paused, empty when they are not: paused while the last answer said at
     * most {@link #reserve()} requests were left and the window has not scrolled past that answer.
     */
    synchronized Optional<Duration> readPause() {
        if (observedAt == null || remaining > reserve()) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), observedAt.plus(WINDOW));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    /** The retry hint after a rate-limit refusal (see the class comment); at least one second. */
    synchronized Duration untilASlotFrees() {
        Instant now = clock.instant();
        prune(now);
        if (counted.isEmpty()) {
            return WINDOW; // others spent the budget, at times we cannot know: the whole window is the bound
        }
        Duration left = Duration.between(now, counted.peekFirst().plus(WINDOW));
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }

    /** The requests kept for writes: a tenth of the limit, at most {@link #READ_RESERVE}, at least one. */
    synchronized int reserve() {
        return limit > 0 ? Math.min(READ_RESERVE, Math.max(1, limit / 10)) : READ_RESERVE;
    }

    /** e.g. {@code 12 of 150 requests left}, for messages; empty before the first answer. */
    synchronized String describe() {
        if (observedAt == null) {
            return "";
        }
        return remaining + (limit >= 0 ? " of " + limit : "") + " requests left";
    }

    private void prune(Instant now) {
        Instant cutoff = now.minus(WINDOW);
        while (!counted.isEmpty() && !counted.peekFirst().isAfter(cutoff)) {
            counted.removeFirst();
        }
    }

    private static int parse(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Math.max(-1, Integer.parseInt(header.trim()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public synchronized String toString() {
        return "RateBudget[" + (observedAt == null ? "unknown" : describe()) + "]";
    }
}
