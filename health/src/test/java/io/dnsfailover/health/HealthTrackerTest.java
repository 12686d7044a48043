package io.dnsfailover.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthTrackerTest {

    private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");

    private final HealthTracker tracker = new HealthTracker(new Thresholds(3, 2));
    private int second;

    private Optional<HealthTracker.Transition> feed(Health state) {
        Instant at = T0.plusSeconds(second++);
        CheckResult result = switch (state) {
            case UP -> CheckResult.up(at, Duration.ofMillis(5), "HTTP 200 from 203.0.113.10:443 in 5 ms");
            case DOWN -> CheckResult.down(at, Duration.ofMillis(1), "connection refused (203.0.113.10:443)");
            case UNKNOWN -> CheckResult.unknown(at, "network is unreachable from the checker (203.0.113.10:443)");
        };
        return tracker.record(result);
    }

    private void feed(Health state, int times) {
        for (int i = 0; i < times; i++) {
            feed(state);
        }
    }

    @Test
    void startsUnknown() {
        assertThat(tracker.health()).isEqualTo(Health.UNKNOWN);
        assertThat(tracker.since()).isNull();
    }

    @Test
    void becomesUpAfterRiseConsecutivePasses() {
        assertThat(feed(Health.UP)).isEmpty();
        assertThat(feed(Health.UP)).hasValueSatisfying(t -> {
            assertThat(t.from()).isEqualTo(Health.UNKNOWN);
            assertThat(t.to()).isEqualTo(Health.UP);
            assertThat(t.consecutive()).isEqualTo(2);
        });
        assertThat(tracker.health()).isEqualTo(Health.UP);
    }

    @Test
    void fallsAfterFallConsecutiveFailures() {
        feed(Health.UP, 2);

        feed(Health.DOWN, 2);
        assertThat(tracker.health()).isEqualTo(Health.UP);
        assertThat(feed(Health.DOWN)).hasValueSatisfying(t -> assertThat(t.to()).isEqualTo(Health.DOWN));

        assertThat(tracker.health()).isEqualTo(Health.DOWN);
        assertThat(tracker.since()).isEqualTo(T0.plusSeconds(4));
    }

    @Test
    void recoversAfterRiseConsecutivePasses() {
        feed(Health.DOWN, 3);

        assertThat(feed(Health.UP)).isEmpty();
        assertThat(tracker.health()).isEqualTo(Health.DOWN);
        assertThat(feed(Health.UP)).hasValueSatisfying(t -> assertThat(t.from()).isEqualTo(Health.DOWN));
        assertThat(tracker.health()).isEqualTo(Health.UP);
    }

    @Test
    void aSingleLostProbeNeverTakesAnUpTargetDown() {
        feed(Health.UP, 2);

        feed(Health.DOWN);
        feed(Health.UP);
        feed(Health.DOWN);
        feed(Health.DOWN);
        feed(Health.UP);

        assertThat(tracker.health()).isEqualTo(Health.UP);
    }

    @Test
    void anUnknownResultBreaksAFailureStreak() {
        feed(Health.UP, 2);

        feed(Health.DOWN, 2);
        feed(Health.UNKNOWN);
        feed(Health.DOWN, 2);

        assertThat(tracker.health()).isEqualTo(Health.UP);
        assertThat(tracker.streak()).isEqualTo(2);
    }

    @Test
    void anUnknownResultBreaksARecoveryStreak() {
        feed(Health.DOWN, 3);

        feed(Health.UP);
        feed(Health.UNKNOWN);
        feed(Health.UP);

        assertThat(tracker.health()).isEqualTo(Health.DOWN);
    }

    @Test
    void fallUnknownResultsInARowMakeHealthUnknownNotDown() {
        feed(Health.UP, 2);

        feed(Health.UNKNOWN, 2);
        assertThat(tracker.health()).isEqualTo(Health.UP);
        assertThat(feed(Health.UNKNOWN)).hasValueSatisfying(t -> assertThat(t.to()).isEqualTo(Health.UNKNOWN));

        assertThat(tracker.health()).isEqualTo(Health.UNKNOWN);
    }

    @Test
    void describesATransitionWithItsEvidence() {
        feed(Health.UP, 2);

        feed(Health.DOWN, 2);
        HealthTracker.Transition transition = feed(Health.DOWN).orElseThrow();

        assertThat(transition.describe()).isEqualTo("DOWN: 3 × connection refused (203.0.113.10:443) since 2026-11-21T12:00:02Z");
    }
}
