package io.dnsfailover.health;

/**
 * How many consecutive probe results change a target's health.
 *
 * @param fall consecutive failures that make a target DOWN
 * @param rise consecutive passes that make a target UP
 */
public record Thresholds(int fall, int rise) {

    public static final Thresholds DEFAULT = new Thresholds(3, 2);

    public Thresholds {
        if (fall < 1) {
            throw new IllegalArgumentException("fall must be at least 1, but was " + fall);
        }
        if (rise < 1) {
            throw new IllegalArgumentException("rise must be at least 1, but was " + rise);
        }
    }
}
