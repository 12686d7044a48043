package io.dnsfailover.controller.engine;

import static io.dnsfailover.controller.engine.TickWorld.B;
import static io.dnsfailover.controller.engine.TickWorld.HAND;
import static io.dnsfailover.controller.engine.TickWorld.P;
import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.controller.notify.Notification;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.health.Health;
import io.dnsfailover.providers.RecordSet;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Alarms with a memory: notified once when a condition starts, once when it clears, reminders at most every remindEvery. */
class TickAlarmsTest {

    @Test
    void aGuardRefusalHeldForSixtySecondsIsNotifiedOnceAndJournalledOnce() {
        TickWorld w = TickWorld.failover("", "a").serving(P).ticks(3);
        w.probe("primary", Health.DOWN).ticks(3);
        assertThat(w.dns("a").values()).containsExactly(B);
        int plans = w.store.events(Event.Type.PLAN).size();
        w.dns("a").record = RecordSet.of(w.key(), 60, HAND);
        w.cacheFor = Duration.ZERO; // even reading every tick, the condition is one condition
        w.ticks(60);
        assertThat(w.notified(Notification.Kind.GUARD_REFUSAL)).hasSize(1);
        assertThat(w.notified(Notification.Kind.GUARD_REFUSAL).get(0).phase()).isEqualTo(Notification.Phase.STARTED);
        assertThat(w.notified(Notification.Kind.GUARD_REFUSAL).get(0).evidence().get(0))
                .contains("serves [192.0.2.99]", "someone changed it by hand");
        assertThat(w.store.events(Event.Type.GUARD)).hasSize(1);
        assertThat(w.store.events(Event.Type.PLAN)).as("the refused plan once, not every tick").hasSize(plans + 1);
        assertThat(w.dns("a").values()).containsExactly(HAND);
    }

    @Test
    void aClearedRefusalIsJournalledAndNotifiedOnceAsResolved() {
        TickWorld w = TickWorld.failover("", "a").serving(P).ticks(3);
        w.dns("a").record = RecordSet.of(w.key(), 60, HAND);
        w.cacheFor = Duration.ZERO;
        w.probe("primary", Health.DOWN).ticks(10);
        w.dns("a").record = RecordSet.of(w.key(), 60, P); // the human puts it back
        w.ticks(10);
        assertThat(w.notified(Notification.Kind.GUARD_REFUSAL)).extracting(Notification::phase)
                .containsExactly(Notification.Phase.STARTED, Notification.Phase.RESOLVED);
        assertThat(w.store.events(Event.Type.GUARD)).extracting(e -> e.data().get("phase")).containsExactly("started", "cleared");
        assertThat(w.dns("a").values()).as("and then the failover goes ahead").containsExactly(B);
    }

    @Test
    void aNewHandSetValueIsANewCondition() {
        TickWorld w = TickWorld.failover("", "a").serving(P).ticks(3);
        w.cacheFor = Duration.ZERO;
        w.dns("a").record = RecordSet.of(w.key(), 60, HAND);
        w.probe("primary", Health.DOWN).ticks(5);
        w.dns("a").record = RecordSet.of(w.key(), 60, "192.0.2.100");
        w.ticks(5);
        assertThat(w.notified(Notification.Kind.GUARD_REFUSAL)).extracting(Notification::phase)
                .containsExactly(Notification.Phase.STARTED, Notification.Phase.STARTED, Notification.Phase.RESOLVED);
    }

    @Test
    void remindsAtMostOncePerRemindEveryWhileAConditionLasts() {
        TickWorld w = TickWorld.failover("", "a").serving(P).ticks(3);
        w.remindEvery = Duration.ofSeconds(20);
        w.dns("a").record = RecordSet.of(w.key(), 60, HAND);
        w.probe("primary", Health.DOWN).ticks(63);
        assertThat(w.notified(Notification.Kind.GUARD_REFUSAL)).extracting(Notification::phase).containsExactly(
                Notification.Phase.STARTED, Notification.Phase.REMINDER, Notification.Phase.REMINDER, Notification.Phase.REMINDER);
        assertThat(w.notified(Notification.Kind.GUARD_REFUSAL).get(1).summary()).contains("(for 20s)");
        assertThat(w.store.events(Event.Type.GUARD)).as("reminders are not journalled").hasSize(1);
    }

    @Test
    void aFailingProviderIsJournalledAtItsFirstFailureAndNotifiedAfterProviderFailingAfter() {
        TickWorld w = TickWorld.failover("", "a").serving(P).ticks(3);
        Instant first = w.now;
        w.dns("a").readFault = t -> t.isBefore(first.plusSeconds(45)) ? "a: the token lacks permission Zone.DNS edit (HTTP 403)" : null;
        w.cacheFor = Duration.ZERO;
        w.tick();
        assertThat(w.store.events(Event.Type.PROVIDER)).singleElement().satisfies(e -> {
            assertThat(e.data()).containsEntry("phase", "started").containsEntry("provider", "a");
            assertThat((String) e.data().get("error")).contains("lacks permission Zone.DNS edit");
        });
        assertThat(w.notified(Notification.Kind.PROVIDER_FAILING)).isEmpty();
        w.ticks(29);
        assertThat(w.notified(Notification.Kind.PROVIDER_FAILING)).as("before providerFailingAfter (30 s)").isEmpty();
        w.tick();
        assertThat(w.notified(Notification.Kind.PROVIDER_FAILING)).singleElement().satisfies(n -> {
            assertThat(n.phase()).isEqualTo(Notification.Phase.STARTED);
            assertThat(n.evidence()).anySatisfy(e -> assertThat(e).contains("lacks permission Zone.DNS edit"));
        });
        w.ticks(20);
        assertThat(w.notified(Notification.Kind.PROVIDER_FAILING)).extracting(Notification::phase)
                .containsExactly(Notification.Phase.STARTED, Notification.Phase.RESOLVED);
        assertThat(w.store.events(Event.Type.PROVIDER)).extracting(e -> e.data().get("phase")).containsExactly("started", "cleared");
    }

    @Test
    void aBlipShorterThanProviderFailingAfterIsJournalledButNeverNotified() {
        TickWorld w = TickWorld.failover("", "a").serving(P).ticks(3);
        Instant first = w.now;
        w.cacheFor = Duration.ZERO;
        w.dns("a").readFault = t -> t.isBefore(first.plusSeconds(3)) ? "a: HTTP 503" : null;
        w.ticks(10);
        assertThat(w.notifications).isEmpty();
        assertThat(w.store.events(Event.Type.PROVIDER)).hasSize(2);
    }

    @Test
    void everyTargetDownIsNotifiedOnceAndResolvedOnce() {
        TickWorld w = TickWorld.failover("", "a").serving(P).ticks(3);
        w.probe("primary", Health.DOWN).probe("backup", Health.DOWN).ticks(20);
        assertThat(w.notified(Notification.Kind.ALL_DOWN)).hasSize(1);
        assertThat(w.dns("a").values()).as("whenAllDown: keep").containsExactly(P);
        w.probe("backup", Health.UP).ticks(3);
        assertThat(w.notified(Notification.Kind.ALL_DOWN)).extracting(Notification::phase)
                .containsExactly(Notification.Phase.STARTED, Notification.Phase.RESOLVED);
        assertThat(w.dns("a").values()).containsExactly(B);
    }

    @Test
    void unknownTargetsAreNotAllDown() {
        TickWorld w = TickWorld.failover("", "a").serving(P).ticks(3);
        w.probe("primary", Health.DOWN).probe("backup", Health.UNKNOWN).ticks(10);
        assertThat(w.notified(Notification.Kind.ALL_DOWN)).isEmpty();
    }

    @Test
    void aFailoverIsNotifiedOnceWithItsEvidenceAndAFailbackOnce() {
        TickWorld w = TickWorld.failover("", "a").serving(P).ticks(3);
        w.probe("primary", Health.DOWN).ticks(10);
        assertThat(w.notified(Notification.Kind.FAILOVER)).singleElement().satisfies(n -> {
            assertThat(n.summary()).isEqualTo("www: moved to backup");
            assertThat(n.evidence().get(0)).startsWith("primary DOWN: 3 × connection refused (203.0.113.10:80)");
            assertThat(n.changes()).containsExactly("a: www.hosting.com A [203.0.113.10] -> [198.51.100.20]");
        });
        w.probe("primary", Health.UP).ticks(20);
        assertThat(w.notified(Notification.Kind.FAILBACK)).singleElement()
                .satisfies(n -> assertThat(n.summary()).isEqualTo("www: failed back to primary"));
    }

    @Test
    void aWriteThatKeepsFailingIsOneConditionAndIsRetriedWithBackoffWhenRetryingCannotMendIt() {
        TickWorld w = TickWorld.failover("", "a").serving(P).ticks(3);
        w.dns("a").writeFault = t -> "a: HTTP 403: the token lacks permission Zone.DNS edit";
        w.dns("a").writeFaultRetryable = false;
        w.probe("primary", Health.DOWN).ticks(60);
        assertThat(w.dns("a").values()).containsExactly(P);
        long writes = w.effects.stream().filter(e -> e instanceof Effect.Write).count();
        assertThat(writes).as("1, 2, 4, 8, 16 and 32 s apart, not 58 writes").isBetween(5L, 7L);
        assertThat(w.store.events(Event.Type.PROVIDER)).as("one condition, not one per failed write").hasSize(1);
        assertThat(w.notified(Notification.Kind.PROVIDER_FAILING)).hasSize(1);
        assertThat(w.dns("a").reads).as("a failing write is no reason to read every tick").isLessThan(10);
        w.dns("a").writeFault = t -> null;
        w.ticks(40);
        assertThat(w.dns("a").values()).containsExactly(B);
        assertThat(w.notified(Notification.Kind.PROVIDER_FAILING)).extracting(Notification::phase)
                .containsExactly(Notification.Phase.STARTED, Notification.Phase.RESOLVED);
    }

    @Test
    void aWriteThatFailsForAPassingReasonIsRetriedEveryTick() {
        TickWorld w = TickWorld.failover("", "a").serving(P).ticks(3);
        Instant recovers = w.now.plusSeconds(8);
        w.dns("a").writeFault = t -> t.isBefore(recovers) ? "a: HTTP 503" : null;
        w.probe("primary", Health.DOWN);
        Instant published = null;
        while (published == null) {
            Instant at = w.now;
            w.tick();
            if (w.dns("a").values().contains(B)) {
                published = at;
            }
        }
        assertThat(published).isEqualTo(recovers);
    }
}
