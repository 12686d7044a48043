package io.dnsfailover.controller.schedule;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.GroupConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A group's regular tick on its own phase ({@link Phases}), so that the groups of one interval tick one after
 * the other instead of all at once.
 */
record PhasedTick(String group, long interval, long phase) {

    static List<PhasedTick> of(Config config) {
        Map<Long, List<String>> byInterval = new LinkedHashMap<>();
        for (GroupConfig g : config.groups().values()) {
            byInterval.computeIfAbsent(g.check().interval().toMillis(), k -> new ArrayList<>()).add(g.name());
        }
        List<PhasedTick> out = new ArrayList<>();
        byInterval.forEach((interval, groups) -> {
            long[] phases = Phases.spread(groups, interval);
            for (int i = 0; i < groups.size(); i++) {
                out.add(new PhasedTick(groups.get(i), interval, phases[i]));
            }
        });
        return out;
    }

    long firstAtOrAfter(long t) {
        return Phases.firstAtOrAfter(t, phase, interval);
    }
}
