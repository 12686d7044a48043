package io.dnsfailover.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a target's streak runs against its health: the daemon probes it faster until it settles. */
class HealthStreakTurningTest {

    static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");

    static HealthStreak feed(HealthStreak h, Health... results) {
        for (Health r : results) {
            h = h.next(new CheckResult(r, r == Health.UNKNOWN ? null : Duration.ZERO, "scripted " + r, T0)).next();
        }
        return h;
    }

    @Test
    void anUpTargetFailingOrADownOnePassingIsTurningUntilItsThresholdOrABrokenStreak() {
        HealthStreak start = HealthStreak.initial(new Thresholds(3, 2));
        assertThat(start.turning()).as("the initial UNKNOWN").isFalse();
        assertThat(feed(start, Health.DOWN).turning()).as("from UNKNOWN no streak is a turn").isFalse();
        HealthStreak up = feed(start, Health.UP, Health.UP);
        assertThat(up.turning()).isFalse();
        assertThat(feed(up, Health.DOWN).turning()).isTrue();
        assertThat(feed(up, Health.DOWN, Health.DOWN).turning()).isTrue();
        assertThat(feed(up, Health.DOWN, Health.DOWN, Health.DOWN).turning()).as("DOWN now").isFalse();
        assertThat(feed(up, Health.DOWN, Health.UP).turning()).as("the streak broke").isFalse();
        assertThat(feed(up, Health.UNKNOWN).turning()).as("a probe that could not run is no failure").isFalse();
        HealthStreak down = feed(up, Health.DOWN, Health.DOWN, Health.DOWN);
        assertThat(feed(down, Health.UP).turning()).isTrue();
        assertThat(feed(down, Health.UP, Health.UP).turning()).as("UP again").isFalse();
    }
}
