package io.dnsfailover.controller.schedule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where in its interval each of many periodic things runs: phases spread evenly over the interval, in the order
 * of a stable hash of their names, so that n things of one interval start one every interval/n, and each keeps
 * its phase from run to run as long as the config does not change. Instants on a phase are counted from the
 * epoch: {@code phase + k·interval}.
 */
final class Phases {

    private Phases() {}

    /** The phase (milliseconds into {@code interval}) of each name, in the order given. */
    static long[] spread(List<String> names, long interval) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(i -> hash(names.get(i))).thenComparing(names::get));
        long[] phase = new long[names.size()];
        for (int k = 0; k < order.size(); k++) {
            phase[order.get(k)] = k * interval / names.size();
        }
        return phase;
    }

    /** The first instant on {@code phase} at or after {@code t}. */
    static long firstAtOrAfter(long t, long phase, long interval) {
        long base = t - Math.floorMod(t, interval) + phase;
        return base >= t ? base : base + interval;
    }

    /** String.hashCode is fixed by the language, so the order is the same in every run; mixed so that similar names scatter. */
    private static int hash(String name) {
        int h = name.hashCode() * 0x9E3779B1;
        return h ^ (h >>> 15);
    }
}
