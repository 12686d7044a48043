package io.dnsfailover.controller.schedule;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;

/**
 * Counts, between two {@link #take}s, the probes and group ticks that started late and the slots that were
 * skipped, and which groups they belong to. Thread safe: every probe's end and every tick reports here.
 */
final class Lateness {

    private Instant from;
    private long probes;
    private long lateProbes;
    private long skippedProbes;
    private long lateTicks;
    private long skippedTicks;
    private long maxLateMillis;
    private final Set<String> groups = new HashSet<>();

    Lateness(Instant from) {
        this.from = from;
    }

    /** A probe of {@code group} started {@code lateMillis} after it was due; more than {@code tolerance} is late. */
    synchronized void probe(String group, long lateMillis, long tolerance) {
        probes++;
        if (lateMillis > tolerance) {
            lateProbes++;
            late(group, lateMillis);
        }
    }

    /** {@code n} slots of a target of {@code group} passed without a probe. */
    synchronized void skipped(String group, int n) {
        skippedProbes += n;
        groups.add(group);
    }

    /** A tick of {@code group} started {@code lateMillis} after it was due. */
    synchronized void tick(String group, long lateMillis, long tolerance) {
        if (lateMillis > tolerance) {
            lateTicks++;
            late(group, lateMillis);
        }
    }

    /** A tick of {@code group} was skipped (it could not start within the misfire threshold). */
    synchronized void skippedTick(String group) {
        skippedTicks++;
        groups.add(group);
    }

    private void late(String group, long lateMillis) {
        groups.add(group);
        maxLateMillis = Math.max(maxLateMillis, lateMillis);
    }

    /** What was counted since the last take (or the start), and starts counting afresh at {@code now}. */
    synchronized Window take(Instant now) {
        Window w = new Window(from, now, probes, lateProbes, skippedProbes, lateTicks, skippedTicks, maxLateMillis, Set.copyOf(groups));
        from = now;
        probes = lateProbes = skippedProbes = lateTicks = skippedTicks = maxLateMillis = 0;
        groups.clear();
        return w;
    }

    /** The counts of one stretch of time; {@code groups} had anything late or skipped. */
    record Window(Instant from, Instant to, long probes, long lateProbes, long skippedProbes, long lateTicks, long skippedTicks,
            long maxLateMillis, Set<String> groups) {

        boolean late() {
            return lateProbes + skippedProbes + lateTicks + skippedTicks > 0;
        }

        private static Set<String> union(Set<String> a, Set<String> b) {
            Set<String> all = new HashSet<>(a);
            all.addAll(b);
            return all;
        }

        /** The same counts, the stretch's ends to the second (for lines a human reads). */
        Window toSeconds() {
            return new Window(from.truncatedTo(ChronoUnit.SECONDS), to.truncatedTo(ChronoUnit.SECONDS), probes, lateProbes, skippedProbes,
                    lateTicks, skippedTicks, maxLateMillis, groups);
        }

        /** This stretch and the next one as one. */
        Window plus(Window next) {
            return new Window(from, next.to, probes + next.probes, lateProbes + next.lateProbes, skippedProbes + next.skippedProbes,
                    lateTicks + next.lateTicks, skippedTicks + next.skippedTicks, Math.max(maxLateMillis, next.maxLateMillis),
                    union(groups, next.groups));
        }
    }
}
