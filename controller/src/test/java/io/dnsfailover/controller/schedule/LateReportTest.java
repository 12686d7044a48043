package io.dnsfailover.controller.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.controller.engine.Effect;
import io.dnsfailover.controller.state.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LateReportTest {

    static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");

    static Lateness.Window window(int k, long late, long skippedTicks, String... groups) {
        Instant from = T0.plus(Daemon.LATE_WINDOW.multipliedBy(k));
        return new Lateness.Window(from, from.plus(Daemon.LATE_WINDOW), 1000, late, 0, 0, skippedTicks, late > 0 ? 1800 : 0, Set.of(groups));
    }

    static Effect.Journal journal(List<Effect> fx) {
        return fx.stream().filter(Effect.Journal.class::isInstance).map(Effect.Journal.class::cast).findFirst().orElseThrow();
    }

    @Test
    void theFirstLateWindowIsReportedAtOnceWithHowManyGroupsHowLateAndSinceWhen() {
        List<Effect> fx = new LateReport().step(window(0, 12, 0, "a", "b"));
        Effect.Journal j = journal(fx);
        assertThat(j.type()).isEqualTo(Event.Type.LATE);
        assertThat(j.data()).containsEntry("groups", 2).containsEntry("lateProbes", 12L).containsEntry("maxLateMs", 1800L)
                .containsEntry("since", T0.toString()).containsEntry("ended", false);
        assertThat(fx).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(Effect.Log.class, l -> {
            assertThat(l.warning()).isTrue();
            assertThat(l.message()).contains("running late since " + T0).contains("12 of 1000 probes late").contains("in 2 groups");
        }));
    }

    @Test
    void whileItLastsItIsReportedAtMostOncePerMinuteWithEverythingCountedSince() {
        LateReport r = new LateReport();
        assertThat(r.step(window(0, 1, 0, "a"))).isNotEmpty();
        int windowsPerMinute = (int) (LateReport.EVERY.toMillis() / Daemon.LATE_WINDOW.toMillis());
        for (int k = 1; k < windowsPerMinute; k++) {
            assertThat(r.step(window(k, 1, 1, "b"))).as("window " + k).isEmpty();
        }
        Effect.Journal j = journal(r.step(window(windowsPerMinute, 1, 1, "c")));
        assertThat(j.data()).containsEntry("lateProbes", (long) windowsPerMinute).containsEntry("skippedTicks", (long) windowsPerMinute)
                .containsEntry("groups", 2).containsEntry("since", T0.toString());
    }

    @Test
    void onTimeForAWholeMinuteEndsItOnceAndSilenceFollows() {
        LateReport r = new LateReport();
        r.step(window(0, 3, 0, "a"));
        int windowsPerMinute = (int) (LateReport.EVERY.toMillis() / Daemon.LATE_WINDOW.toMillis());
        for (int k = 1; k < windowsPerMinute; k++) {
            assertThat(r.step(window(k, 0, 0))).isEmpty();
        }
        List<Effect> ended = r.step(window(windowsPerMinute, 0, 0));
        assertThat(journal(ended).data()).containsEntry("ended", true).containsEntry("since", T0.toString());
        assertThat(r.step(window(windowsPerMinute + 1, 0, 0))).isEmpty();
        assertThat(journal(r.step(window(windowsPerMinute + 2, 1, 0, "z"))).data()).as("a new episode starts afresh")
                .containsEntry("since", T0.plus(Daemon.LATE_WINDOW.multipliedBy(windowsPerMinute + 2)).toString());
    }

    @Test
    void onTimeWindowsReportNothing() {
        LateReport r = new LateReport();
        for (int k = 0; k < 20; k++) {
            assertThat(r.step(window(k, 0, 0))).isEmpty();
        }
        assertThat(Duration.ofMinutes(1)).isEqualTo(LateReport.EVERY);
    }
}
