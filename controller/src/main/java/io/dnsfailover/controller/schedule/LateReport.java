package io.dnsfailover.controller.schedule;

import io.dnsfailover.controller.engine.Effect;
import io.dnsfailover.controller.state.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the daemon's {@link Lateness} windows into a rate-limited {@code late} event: a warning and a journal line
 * when probes or ticks start running late or are skipped, then at most one per {@link #EVERY} while it lasts
 * (with everything counted since the previous one), and one line when they have been on time for {@link #EVERY}
 * again. Never silent, never a line per tick. Not thread safe: one reporter calls it.
 */
final class LateReport {

    static final Duration EVERY = Duration.ofMinutes(1);

    private Instant since;
    private Instant reported;
    private Lateness.Window unreported;
    private Instant onTimeFrom;

    /** The effects of one more window. */
    List<Effect> step(Lateness.Window window) {
        Lateness.Window w = window.toSeconds();
        if (w.late()) {
            onTimeFrom = null;
            if (since == null) {
                since = w.from();
            }
            unreported = unreported == null ? w : unreported.plus(w);
            if (reported == null || !w.to().isBefore(reported.plus(EVERY))) {
                return report(w.to(), false);
            }
            return List.of();
        }
        if (since == null) {
            return List.of();
        }
        if (onTimeFrom == null) {
            onTimeFrom = w.from();
        }
        if (w.to().isBefore(onTimeFrom.plus(EVERY))) {
            return List.of();
        }
        return report(w.to(), true);
    }

    private List<Effect> report(Instant now, boolean ended) {
        Lateness.Window u = unreported;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("since", since.toString());
        data.put("ended", ended);
        if (u != null) {
            data.put("groups", u.groups().size());
            data.put("probes", u.probes());
            data.put("lateProbes", u.lateProbes());
            data.put("skippedProbes", u.skippedProbes());
            data.put("lateTicks", u.lateTicks());
            data.put("skippedTicks", u.skippedTicks());
            data.put("maxLateMs", u.maxLateMillis());
            data.put("window", u.from() + "/" + u.to());
        }
        String counts = u == null ? "" : ": " + u.lateProbes() + " of " + u.probes() + " probes late and " + u.skippedProbes()
                + " skipped, " + u.lateTicks() + " ticks late and " + u.skippedTicks() + " skipped, in " + u.groups().size()
                + " groups, at most " + u.maxLateMillis() + " ms late (" + u.from() + " to " + u.to() + ")";
        Effect log = ended
                ? new Effect.Log(false, "probes and ticks on time again since " + onTimeFrom + ", after running late since " + since + counts)
                : new Effect.Log(true, "probes or ticks running late since " + since + counts
                        + "; the checker is short of CPU or threads, or the config has more targets than this machine can probe");
        if (ended) {
            since = null;
            reported = null;
            onTimeFrom = null;
        } else {
            reported = now;
        }
        unreported = null;
        return List.of(log, new Effect.Journal(Event.Type.LATE, data));
    }
}
