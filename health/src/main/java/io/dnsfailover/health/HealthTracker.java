package io.dnsfailover.health;

import java.time.Instant;
import java.util.Optional;

/**
 * Turns a stream of probe results for one target into its health, with thresholds both ways.
 *
 * <p>Starts UNKNOWN. {@code fall} consecutive DOWN results make it DOWN, {@code rise} consecutive UP
 * results make it UP. A result of UNKNOWN (the probe could not run) is no evidence either way: it breaks
 * both streaks, and {@code fall} of them in a row make the health UNKNOWN, since we can no longer tell.
 * Not thread safe: one tracker is fed by one caller at a time.
 */
public final class HealthTracker {

    private HealthStreak value;

    /** A tracker starting UNKNOWN, applying these thresholds. */
    public HealthTracker(Thresholds thresholds) {
        this.value = HealthStreak.initial(thresholds);
    }

    /** A change of health caused by a result, with the evidence: the streak that caused it. */
    public record Transition(Health from, Health to, int consecutive, Instant streakStart, CheckResult last) {

        /** e.g. {@code primary DOWN: 3 × connection refused since 12:00:03Z}. */
        public String describe() {
            return to + ": " + consecutive + " × " + last.reason() + " since " + streakStart.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        }
    }

    /** Feeds one result; answers the transition it caused, if any. */
    public Optional<Transition> record(CheckResult result) {
        HealthStreak.Step step = value.next(result);
        value = step.next();
        return step.transition();
    }

    /** The current value. */
    public HealthStreak value() {
        return value;
    }

    /** The health after thresholds. */
    public Health health() {
        return value.health();
    }

    /** When the current health began, or {@code null} while it is the initial UNKNOWN. */
    public Instant since() {
        return value.since();
    }

    /** The state of the current run of identical results, or {@code null} before any result. */
    public Health streakState() {
        return value.streakState();
    }

    /** How many results in a row had the state {@link #streakState()}. */
    public int streak() {
        return value.streak();
    }

    /** When the first result of the current streak started, or {@code null} before any result. */
    public Instant streakStart() {
        return value.streakStart();
    }

    /** The latest result fed, or {@code null}. */
    public CheckResult last() {
        return value.last();
    }
}
