package io.dnsfailover.health;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One target's health after thresholds, as an immutable value: {@link #next} gives the value after one more
 * probe result, and the transition that result caused. The rules are those of {@link HealthTracker}, which
 * is a mutable holder of this value: starts UNKNOWN; {@code fall} consecutive DOWN results make it DOWN,
 * {@code rise} consecutive UP results make it UP; an UNKNOWN result (the probe could not run) breaks both
 * streaks, and {@code fall} of them in a row make the health UNKNOWN.
 *
 * @param health the health after thresholds
 * @param since when that health began, or {@code null} while it is the initial UNKNOWN
 * @param streakState the state of the current run of identical results, or {@code null} before any result
 * @param streak how many results in a row had {@code streakState}
 * @param streakStart when the first result of the current streak started, or {@code null} before any result
 * @param last the latest result, or {@code null}
 */
public record HealthStreak(Thresholds thresholds, Health health, Instant since, Health streakState, int streak,
        Instant streakStart, CheckResult last) {

    public HealthStreak {
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(health, "health");
        if (streak < 0) {
            throw new IllegalArgumentException("streak must not be negative, but was " + streak);
        }
    }

    /** Before any result: UNKNOWN. */
    public static HealthStreak initial(Thresholds thresholds) {
        return new HealthStreak(thresholds, Health.UNKNOWN, null, null, 0, null, null);
    }

    /**
     * True while a streak against the health is under way and has not yet reached its threshold: an UP
     * target failing, or a DOWN one passing. The daemon probes such a target faster ({@code fastInterval})
     * until it changes health or the streak breaks. UNKNOWN results and the initial UNKNOWN health never
     * count: no probe can confirm those sooner.
     */
    public boolean turning() {
        return (health == Health.UP && streakState == Health.DOWN) || (health == Health.DOWN && streakState == Health.UP);
    }

    /** The value after one more result, and the transition it caused, if any. */
    public record Step(HealthStreak next, Optional<HealthTracker.Transition> transition) {}

    /** Feeds one result. */
    public Step next(CheckResult result) {
        Objects.requireNonNull(result, "result");
        boolean continues = result.state() == streakState;
        int n = continues ? streak + 1 : 1;
        Instant start = continues ? streakStart : result.startedAt();
        int needed = result.state() == Health.UP ? thresholds.rise() : thresholds.fall();
        if (n >= needed && health != result.state()) {
            HealthTracker.Transition t = new HealthTracker.Transition(health, result.state(), n, start, result);
            return new Step(new HealthStreak(thresholds, result.state(), result.startedAt(), result.state(), n, start, result),
                    Optional.of(t));
        }
        return new Step(new HealthStreak(thresholds, health, since, result.state(), n, start, result), Optional.empty());
    }
}
