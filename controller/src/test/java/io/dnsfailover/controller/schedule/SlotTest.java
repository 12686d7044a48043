package io.dnsfailover.controller.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where a target's next probe falls, and what counts as late or skipped: pure arithmetic on epoch milliseconds. */
class SlotTest {

    static ProbeSchedule.Slot slot(long phase) {
        ProbeSchedule.Slot s = new ProbeSchedule.Slot("g", 0, "t", 10_000, 2_500);
        s.phase = phase;
        return s;
    }

    @Test
    void theFirstInstantOnThePhaseIsAtOrAfterTheGivenOne() {
        ProbeSchedule.Slot s = slot(3_000);
        assertThat(s.onPhase(1_000_000)).isEqualTo(1_003_000);
        assertThat(s.onPhase(1_003_000)).as("on the phase itself").isEqualTo(1_003_000);
        assertThat(s.onPhase(1_003_001)).isEqualTo(1_013_000);
        assertThat(Phases.firstAtOrAfter(1_009_999, 3_000, 10_000)).isEqualTo(1_013_000);
    }

    @Test
    void aRegularProbeIsFollowedOneIntervalLaterAndABehindOneByTheLatestSlotPassed() {
        ProbeSchedule.Slot s = slot(3_000);
        s.due = 1_003_000;
        assertThat(s.next(1_003_050, true)).isEqualTo(1_013_000);
        assertThat(s.skippedBefore(1_013_000)).isZero();
        // the probe ended 2.5 intervals after its slot: the latest slot passed starts now, late; one slot skipped
        assertThat(s.next(1_028_000, true)).isEqualTo(1_023_000);
        assertThat(s.skippedBefore(1_023_000)).isEqualTo(1);
        assertThat(s.next(1_013_000, true)).as("ended exactly at the next slot").isEqualTo(1_013_000);
    }

    @Test
    void afterAFastProbeOrAFailureTheNextSlotOnThePhaseFromNow() {
        ProbeSchedule.Slot s = slot(3_000);
        s.due = 1_005_500; // a fast probe's time: not on the phase
        assertThat(s.next(1_005_600, true)).isEqualTo(1_013_000);
        assertThat(s.skippedBefore(1_013_000)).as("nothing was skipped by fast probing").isZero();
        s.due = 1_003_000;
        assertThat(s.next(1_004_000, false)).isEqualTo(1_013_000);
    }

    @Test
    void lateMeansAQuarterIntervalAtMostOneSecond() {
        assertThat(slot(0).lateAfter).isEqualTo(1_000);
        assertThat(new ProbeSchedule.Slot("g", 0, "t", 2_000, 500).lateAfter).isEqualTo(500);
    }

    @Test
    void latenessCountsProbesLateBeyondTheToleranceSkippedSlotsAndTheirGroups() {
        Instant t0 = Instant.parse("2026-12-03T12:00:00Z");
        Lateness l = new Lateness(t0);
        l.probe("a", 1_000, 1_000);
        l.probe("b", 1_001, 1_000);
        l.probe("c", -5, 1_000);
        l.skipped("d", 2);
        l.tick("e", 1_000, 1_000);
        l.tick("f", 1_500, 1_000);
        l.skippedTick("g");
        Lateness.Window w = l.take(t0.plusSeconds(10));
        assertThat(List.of(w.probes(), w.lateProbes(), w.skippedProbes(), w.lateTicks(), w.skippedTicks(), w.maxLateMillis()))
                .containsExactly(3L, 1L, 2L, 1L, 1L, 1_500L);
        assertThat(w.groups()).isEqualTo(Set.of("b", "d", "f", "g"));
        assertThat(w.late()).isTrue();
        assertThat(w.from()).isEqualTo(t0);
        Lateness.Window next = l.take(t0.plusSeconds(20));
        assertThat(next.late()).as("counting starts afresh").isFalse();
        assertThat(next.probes()).isZero();
        assertThat(next.groups()).isEmpty();
        assertThat(next.from()).isEqualTo(t0.plusSeconds(10));
        Lateness.Window both = w.plus(new Lateness.Window(t0, t0, 5, 2, 3, 4, 6, 10, Set.of("z")));
        assertThat(List.of(both.probes(), both.lateProbes(), both.skippedProbes(), both.lateTicks(), both.skippedTicks(), both.maxLateMillis()))
                .containsExactly(8L, 3L, 5L, 5L, 7L, 1_500L);
        assertThat(both.groups()).contains("z", "b");
    }
}
