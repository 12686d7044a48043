package io.dnsfailover.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dnsfailover.controller.notify.Notification;
import io.dnsfailover.controller.state.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedMemoryTest {

    static final Instant T0 = Instant.parse("2026-12-04T12:00:00.123456Z");

    @Test
    void roundTripsAlarmsWithTheirConditionsAndWhenTheyWereNotified() {
        Alarms.Condition down = new Alarms.Condition("all-down", Notification.Kind.ALL_DOWN, Event.Type.ALL_DOWN, T0, Duration.ZERO,
                "www: every target is DOWN", List.of("primary: 3 × connection refused"), Map.of("decision", "keep"));
        Alarms.Condition failing = new Alarms.Condition("provider:pdns", Notification.Kind.PROVIDER_FAILING, Event.Type.PROVIDER,
                T0.minusSeconds(5), Duration.ofSeconds(30), "www: provider pdns is failing", List.of(), Map.of("provider", "pdns"));
        Alarms alarms = new Alarms(Map.of("all-down", new Alarms.Alarm(down, T0), "provider:pdns", new Alarms.Alarm(failing, null)));
        SharedMemory m = new SharedMemory(7, "[backup] true", "plan text", alarms);

        SharedMemory back = SharedMemory.fromJson(m.toJson());
        assertThat(back).isEqualTo(m);
        assertThat(back.sameAs(m)).isTrue();
        assertThat(new SharedMemory(8, "[primary] true", "plan text", alarms).sameAs(m)).isFalse();
        assertThat(new SharedMemory(8, "[backup] true", "plan text", Alarms.NONE).sameAs(m)).isFalse();
    }

    @Test
    void replacesTheSharedPartOfAMemoryAndKeepsTheRest() {
        Memory mine = Memory.initial(TickWorld.failover("", "a").g).withLastOutcome("mine").withLastPlan("my plan");
        Memory m = new SharedMemory(1, "shared", null, Alarms.NONE).into(mine);
        assertThat(m.lastOutcome()).isEqualTo("shared");
        assertThat(m.lastPlan()).isNull();
        assertThat(m.health()).isEqualTo(mine.health());
        assertThat(SharedMemory.of(m, 2)).isEqualTo(new SharedMemory(2, "shared", null, Alarms.NONE));
    }

    @Test
    void textThatIsNoSharedMemorySaysSo() {
        assertThatThrownBy(() -> SharedMemory.fromJson("{\"alarms\": 3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a group's shared memory cannot be read");
    }
}
