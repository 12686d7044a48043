package io.dnsfailover.examples;

import java.util.Arrays;

/** When each target's connections arrived, in epoch milliseconds, in arrival order. Thread safe. */
final class Arrivals {

    private final long[][] times;
    private final int[] counts;

    Arrivals(int targets) {
        times = new long[targets][16];
        counts = new int[targets];
    }

    synchronized void record(int target, long epochMillis) {
        if (counts[target] == times[target].length) {
            times[target] = Arrays.copyOf(times[target], counts[target] * 2);
        }
        times[target][counts[target]++] = epochMillis;
    }

    /** A copy of every target's arrivals so far; taken under the lock, so the caller may format it at leisure. */
    synchronized long[][] snapshot() {
        long[][] copy = new long[times.length][];
        for (int i = 0; i < times.length; i++) {
            copy[i] = Arrays.copyOf(times[i], counts[i]);
        }
        return copy;
    }
}
