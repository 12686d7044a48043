package io.dnsfailover.health;

/**
 * The health of a target, and the outcome of one probe.
 *
 * <p>For one probe: {@link #UP} the probe passed, {@link #DOWN} it failed, {@link #UNKNOWN} it could not
 * run for a reason on the checker's side (no socket, no route from here, shutting down). For a target
 * after thresholds (see {@link HealthTracker}): UP after {@code rise} consecutive passes, DOWN after
 * {@code fall} consecutive failures, UNKNOWN before either, or when the checker cannot tell.
 * UNKNOWN is never evidence that a target is down.
 */
public enum Health {
    UP,
    DOWN,
    UNKNOWN
}
