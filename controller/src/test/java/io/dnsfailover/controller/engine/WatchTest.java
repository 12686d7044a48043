package io.dnsfailover.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.controller.config.ConfigLoader;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.health.CheckResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchTest {

    @TempDir
    Path dir;

    GroupConfig group(String fast) {
        return new ConfigLoader(n -> null).parse("w.yaml", """
                providers:
                  mem: { type: inmemory }
                groups:
                  www:
                    record: { zone: w.test, name: www.w.test, type: A, ttl: 5 }
                    providers: [mem]
                    targets: [ { name: a, address: 127.0.0.1 }, { name: b, address: 127.0.0.2 } ]
                    check: { type: tcp, port: 80, interval: 1s, %s timeout: 500ms, fall: 2, rise: 1 }
                """.formatted(fast), dir).groups().get("www");
    }

    static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");

    static CheckResult up(int s) {
        return CheckResult.up(T0.plusSeconds(s), Duration.ofMillis(1), "TCP connect in 1 ms");
    }

    static CheckResult down(int s) {
        return CheckResult.down(T0.plusSeconds(s), Duration.ofMillis(1), "connection refused");
    }

    @Test
    void aChangeAsksForADecisionOnlyOnceEveryTargetHasAHealth() {
        Watch w = new Watch(group(""));
        assertThat(w.record(0, up(0)).decide()).as("b has no health yet").isFalse();
        assertThat(w.record(1, up(0)).decide()).isTrue();
        assertThat(w.record(1, up(1)).decide()).as("no change").isFalse();
    }

    @Test
    void aTurningTargetIsProbedFastUnlessFastIntervalIsTheInterval() {
        Watch w = new Watch(group(""));
        w.record(0, up(0));
        assertThat(w.record(0, down(1)).fast()).as("UP, one failure: turning").isTrue();
        assertThat(w.record(0, down(2)).fast()).as("DOWN now: settled").isFalse();
        Watch off = new Watch(group("fastInterval: 1s,"));
        off.record(0, up(0));
        assertThat(off.record(0, down(1)).fast()).isFalse();
        assertThat(Observe.fastProbing(group("fastInterval: 1s,"))).isFalse();
        assertThat(Observe.fastProbing(group("fastInterval: 999ms,"))).isTrue();
    }

    @Test
    void aTakeHandsOverTheLinesOfTheChangesOnce() {
        Watch w = new Watch(group(""));
        w.record(0, up(0));
        Watch.Taken first = w.take();
        assertThat(first.changed()).isTrue();
        assertThat(first.effects()).hasSize(2);
        Watch.Taken second = w.take();
        assertThat(second.changed()).isFalse();
        assertThat(second.effects()).isEmpty();
        assertThat(second.health()).isEqualTo(w.health());
    }
}
