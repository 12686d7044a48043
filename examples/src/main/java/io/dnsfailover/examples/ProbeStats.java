package io.dnsfailover.examples;

import java.util.Arrays;

/**
 * The probes of a measuring window, counted as DESIGN §10's budgets count them, from each target's arrivals.
 *
 * <p>A target's gaps are the times between consecutive probes whose later probe is in the window; each gap
 * longer than the interval is that probe's lateness. The longest gap also counts a target's open gaps: from its
 * last probe before the window (or the window's start) to its first in it, and from its last one to the
 * window's end. A gap of about {@code n} intervals (rounded) after a probe has skipped {@code n - 1} probes
 * (all {@code n}, counted from the window's start, for a target not probed before it), so lateness of less than half
 * an interval, or the phase at which the window begins, never counts as a skip.
 *
 * @param probedLastInterval targets probed at least once in the window's last interval plus 1 s (the lateness the budget allows)
 * @param probedEver targets probed at least once since the start
 * @param lateP50Ms the median lateness over all probes in the window, in milliseconds; p99 and max alike
 * @param longestGapMs the longest time any target went without a probe in the window
 * @param skipped probes missing in the window, over all targets
 */
record ProbeStats(int probedLastInterval, int probedEver, long lateP50Ms, long lateP99Ms, long lateMaxMs, long longestGapMs, long skipped) {

    /** A probe this much later than one interval after the previous one is still within budget (longest gap < interval + 1 s). */
    static final long LATE_ALLOWED_MS = 1000;

    /** @param arrivals each target's probe arrivals, epoch milliseconds, ascending */
    static ProbeStats of(long[][] arrivals, long windowStart, long windowEnd, long intervalMs) {
        int probedLast = 0;
        int probedEver = 0;
        long longest = 0;
        long skipped = 0;
        long[] lateness = new long[Arrays.stream(arrivals).mapToInt(times -> times.length).sum()];
        int lateCount = 0;
        for (long[] times : arrivals) {
            if (times.length > 0 && times[0] < windowEnd) {
                probedEver++;
            }
            long previous = windowStart;
            boolean previousIsProbe = false;
            for (long t : times) {
                if (t < windowStart) {
                    previous = t;
                    previousIsProbe = true;
                } else if (t < windowEnd) {
                    long gap = t - previous;
                    if (previousIsProbe) {
                        lateness[lateCount++] = Math.max(0, gap - intervalMs);
                    }
                    longest = Math.max(longest, gap);
                    skipped += skippedIn(gap, intervalMs, previousIsProbe);
                    previous = t;
                    previousIsProbe = true;
                }
            }
            if (previousIsProbe && previous >= windowEnd - intervalMs - LATE_ALLOWED_MS) {
                probedLast++;
            }
            longest = Math.max(longest, windowEnd - previous);
            skipped += skippedIn(windowEnd - previous, intervalMs, previousIsProbe);
        }
        long[] sorted = Arrays.copyOf(lateness, lateCount);
        Arrays.sort(sorted);
        return new ProbeStats(probedLast, probedEver, percentile(sorted, 50), percentile(sorted, 99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1], longest, skipped);
    }

    /** From a probe, the next is due one interval later; from the window's start, at once. */
    private static long skippedIn(long gapMs, long intervalMs, boolean fromProbe) {
        return Math.max(0, Math.round((double) gapMs / intervalMs) - (fromProbe ? 1 : 0));
    }

    /** Nearest rank; 0 when there are no values. */
    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
