package io.dnsfailover.controller.schedule;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.engine.Engine;
import io.dnsfailover.health.CheckResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every target on its own schedule (DESIGN §3), apart from the group ticks that decide: a target of a
 * check with interval {@code I} is probed at the instants {@code phase + k·I} of the epoch, its phase fixed by
 * its name, the phases of all targets with one interval spread evenly over it. One timer thread only starts
 * probes; their results go to the engine on the checker's threads as they end, and a result that changes a
 * target's health asks its group to decide at once (once every target of the group has a health). A target whose streak turned is probed every
 * {@code fastInterval} until it settles, then back on its phase. One probe of a target at a time: the next
 * starts when it is due and the previous one has ended.
 *
 * <p>Every start is compared with when it was due: {@link Lateness} counts the late ones and the slots
 * skipped (a probe not started within a whole interval of its slot).
 */
final class ProbeSchedule implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProbeSchedule.class);

    /** What the schedule probes and whom it tells: the engine, or a fake in tests. */
    interface Targets {
        /** Starts one probe of target {@code index} of {@code group}; the future completes within the probe's deadline and never fails. */
        CompletableFuture<CheckResult> probe(String group, int index);

        /** Takes one result, as soon as the probe ends. */
        Engine.Observed observe(String group, int index, CheckResult result);

        static Targets of(Engine engine) {
            return new Targets() {
                @Override
                public CompletableFuture<CheckResult> probe(String group, int index) {
                    return engine.probe(group, index);
                }

                @Override
                public Engine.Observed observe(String group, int index, CheckResult result) {
                    return engine.observe(group, index, result);
                }
            };
        }
    }

    private final Targets engine;
    private final Consumer<String> decideNow;
    private final Clock clock;
    private final Lateness lateness;
    private final ScheduledThreadPoolExecutor timer;
    private final List<Slot> slots;
    private volatile boolean closed;

    private ProbeSchedule(Config config, Targets engine, Consumer<String> decideNow, Clock clock, Lateness lateness) {
        this.engine = engine;
        this.decideNow = decideNow;
        this.clock = clock;
        this.lateness = lateness;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "dnsfailover-probe-timer");
            t.setDaemon(true);
            return t;
        });
        this.timer.setRemoveOnCancelPolicy(true);
        this.slots = slots(config);
    }

    /** Starts probing every target of {@code config}; each one's first probe is at its phase in the coming interval. */
    static ProbeSchedule start(Config config, Targets engine, Consumer<String> decideNow, Clock clock, Lateness lateness) {
        ProbeSchedule s = new ProbeSchedule(config, engine, decideNow, clock, lateness);
        long now = clock.millis();
        for (Slot slot : s.slots) {
            slot.due = slot.onPhase(now);
            s.at(slot, slot.due);
        }
        return s;
    }

    /** Every target of every group, with phases spread evenly over each interval ({@link Phases}). */
    static List<Slot> slots(Config config) {
        Map<Long, List<Slot>> byInterval = new LinkedHashMap<>();
        for (GroupConfig g : config.groups().values()) {
            long interval = g.check().interval().toMillis();
            long fast = g.check().fastInterval().toMillis();
            for (int i = 0; i < g.targets().size(); i++) {
                byInterval.computeIfAbsent(interval, k -> new ArrayList<>())
                        .add(new Slot(g.name(), i, g.targets().get(i).name(), interval, fast));
            }
        }
        List<Slot> all = new ArrayList<>();
        byInterval.forEach((interval, same) -> {
            long[] phases = Phases.spread(same.stream().map(s -> s.group + '\u0000' + s.target).toList(), interval);
            for (int k = 0; k < same.size(); k++) {
                same.get(k).phase = phases[k];
            }
            all.addAll(same);
        });
        return all;
    }

    private void at(Slot slot, long dueMillis) {
        if (closed) {
            return;
        }
        long delay = Math.max(0, dueMillis - clock.millis());
        timer.schedule(() -> start(slot), delay, TimeUnit.MILLISECONDS);
    }

    private void start(Slot slot) {
        if (closed) {
            return;
        }
        engine.probe(slot.group, slot.index).whenComplete((result, failure) -> {
            try {
                if (failure != null) {
                    throw new IllegalStateException("the probe failed: " + failure, failure);
                }
                ended(slot, result);
            } catch (RuntimeException e) {
                // never happens by contract; if it does, the target is still probed again, on its phase
                log.error("group {}: after a probe of {}: {}", slot.group, slot.target, e.toString(), e);
                slot.due = slot.next(clock.millis(), false);
                at(slot, slot.due);
            }
        });
    }

    private void ended(Slot slot, CheckResult result) {
        long late = result.startedAt().toEpochMilli() - slot.due;
        lateness.probe(slot.group, late, slot.lateAfter);
        Engine.Observed o = engine.observe(slot.group, slot.index, result);
        if (o.decide()) {
            decideNow.accept(slot.group);
        }
        long now = clock.millis();
        long next = o.fast() ? Math.max(now, result.startedAt().toEpochMilli() + slot.fast) : slot.next(now, true);
        int skipped = slot.skippedBefore(next);
        if (skipped > 0) {
            lateness.skipped(slot.group, skipped);
        }
        slot.due = next;
        at(slot, next);
    }

    /** Slots for tests: every target's phase, in milliseconds into its interval. */
    List<Slot> slots() {
        return slots;
    }

    /** Stops starting probes; probes in flight end on their own (the checker's close cancels them). */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
    }

    /** One target's place in the schedule. Its fields after construction are touched by one probe at a time. */
    static final class Slot {
        final String group;
        final int index;
        final String target;
        final long interval;
        final long fast;
        /** A start later than this after its due time counts as late ({@link Daemon#lateAfter}). */
        final long lateAfter;
        long phase;
        volatile long due;

        Slot(String group, int index, String target, long interval, long fast) {
            this.group = group;
            this.index = index;
            this.target = target;
            this.interval = interval;
            this.fast = fast;
            this.lateAfter = Daemon.lateAfter(java.time.Duration.ofMillis(interval));
        }

        /** The first instant on this target's phase at or after {@code t}. */
        long onPhase(long t) {
            return Phases.firstAtOrAfter(t, phase, interval);
        }

        /**
         * When the next probe is due after one ended at {@code now}: the next slot on the phase after the one
         * just served (the latest one already passed, when the probe ended a whole interval or more after it);
         * after a fast probe or a failure ({@code regular} false), the first slot on the phase from now.
         */
        long next(long now, boolean regular) {
            if (!regular || !onPhase()) {
                return onPhase(now);
            }
            long next = due + interval;
            if (next < now) {
                next += (now - next) / interval * interval;
            }
            return next;
        }

        private boolean onPhase() {
            return Math.floorMod(due - phase, interval) == 0;
        }

        /** How many slots on the phase lie between the one just served and {@code next}, none of them served. */
        int skippedBefore(long next) {
            if (!onPhase()) {
                return 0;
            }
            return (int) Math.max(0, (next - due) / interval - 1);
        }
    }
}
