package io.dnsfailover.controller.engine;

import static io.dnsfailover.controller.engine.TickWorld.B;
import static io.dnsfailover.controller.engine.TickWorld.HAND;
import static io.dnsfailover.controller.engine.TickWorld.P;
import static io.dnsfailover.controller.engine.TickWorld.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.controller.state.Event;
import io.dnsfailover.health.Health;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The read-cache policy of the pure tick, on a fake clock. */
class TickReadsTest {

    @Test
    void readsEveryProviderOnTheFirstTickThenReusesAGoodReadUntilTheCacheExpires() {
        TickWorld w = TickWorld.failover("", "a", "b").serving(P);
        w.cacheFor = Duration.ofSeconds(30);
        assertThat(w.tick().plan()).isNotNull();
        assertThat(w.dns("a").reads).isEqualTo(1);
        assertThat(w.dns("b").reads).isEqualTo(1);
        w.ticks(29);
        assertThat(w.dns("a").reads).as("within the cache period").isEqualTo(1);
        w.tick();
        assertThat(w.dns("a").reads).as("at 30 s the cache has expired").isEqualTo(2);
        assertThat(w.dns("b").reads).isEqualTo(2);
    }

    @Test
    void aFailedReadIsNeverReusedTheNextTickReadsAgain() {
        TickWorld w = TickWorld.failover("", "a").serving(P);
        Instant recovers = T0.plusSeconds(5);
        w.dns("a").readFault = t -> t.isBefore(recovers) ? "a: HTTP 503 Service Unavailable" : null;
        w.ticks(5);
        assertThat(w.dns("a").reads).as("one read per tick while it fails").isEqualTo(5);
        w.ticks(3);
        assertThat(w.dns("a").reads).as("then the good read is cached").isEqualTo(6);
    }

    @Test
    void aFailoverNeededDuringTenSecondsOfProviderFailureIsPublishedWithinTwoIntervalsOfItsRecovery() {
        TickWorld w = TickWorld.failover("", "a").serving(P);
        w.ticks(3);
        Instant outage = w.now;
        Instant recovers = outage.plusSeconds(10);
        w.dns("a").readFault = t -> !t.isBefore(outage) && t.isBefore(recovers) ? "a: HTTP 503 Service Unavailable" : null;
        w.dns("a").writeFault = w.dns("a").readFault;
        w.probe("primary", Health.DOWN);
        Instant published = null;
        for (int i = 0; i < 30 && published == null; i++) {
            Instant at = w.now;
            w.tick();
            if (w.dns("a").values().contains(B)) {
                published = at;
            }
        }
        assertThat(published).as("published").isNotNull();
        assertThat(Duration.between(recovers, published)).as("after the provider recovered")
                .isLessThanOrEqualTo(w.g.check().interval().multipliedBy(2));
    }

    @Test
    void readsEveryProviderAgainWhenAnotherProcessWrote() {
        TickWorld w = TickWorld.failover("", "a", "b").serving(P);
        w.ticks(3);
        int before = w.dns("a").reads;
        // an operator's one-shot failover, in another process, wrote and recorded it
        w.dns("a").record = io.dnsfailover.providers.RecordSet.of(w.key(), 60, B);
        w.dns("b").record = io.dnsfailover.providers.RecordSet.of(w.key(), 60, B);
        w.store.update("www", s -> s.withPublished(java.util.List.of(B), w.now, w.now).withOverride("backup", w.now));
        w.tick();
        assertThat(w.dns("a").reads).isEqualTo(before + 1);
        w.ticks(3);
        assertThat(w.dns("a").reads).as("once, not every tick").isEqualTo(before + 1);
        assertThat(w.dns("a").values()).containsExactly(B);
    }

    @Test
    void readsAProviderAgainInTheSameTickRightBeforeWritingIt() {
        TickWorld w = TickWorld.failover("", "a").serving(P);
        w.ticks(3);
        int before = w.dns("a").reads;
        w.probe("primary", Health.DOWN).ticks(2);
        assertThat(w.dns("a").reads).as("nothing to write yet: cached").isEqualTo(before);
        w.tick();
        assertThat(w.dns("a").values()).containsExactly(B);
        assertThat(w.dns("a").reads).as("one read before the write").isEqualTo(before + 1);
    }

    @Test
    void whileAHandSetValueIsRefusedItReadsNoMoreThanTheCacheAllows() {
        TickWorld w = TickWorld.failover("", "a").serving(P);
        w.cacheFor = Duration.ofSeconds(60);
        w.ticks(3);
        w.dns("a").record = io.dnsfailover.providers.RecordSet.of(w.key(), 60, HAND);
        w.probe("primary", Health.DOWN);
        int before = w.dns("a").reads;
        w.ticks(120);
        assertThat(w.dns("a").values()).as("never overwritten").containsExactly(HAND);
        assertThat(w.dns("a").reads - before).as("one read per cache period, not two per tick").isBetween(2, 3);
        assertThat(w.store.events(Event.Type.GUARD)).as("one line when the refusal starts").hasSize(1);
    }

    @Test
    void aConflictOnWriteIsReadAgainNextTickAndIsNoProviderFailure() {
        TickWorld w = TickWorld.failover("", "a").serving(P);
        w.ticks(3);
        w.probe("primary", Health.DOWN).ticks(2);
        TickWorld.FakeDns a = w.dns("a");
        a.beforeWrite = () -> {
            a.record = io.dnsfailover.providers.RecordSet.of(w.key(), 60, HAND);
            a.beforeWrite = () -> {};
        };
        w.tick();
        assertThat(a.values()).as("the conflicting write wrote nothing").containsExactly(HAND);
        assertThat(w.memory.provider("a").failing()).as("a conflict is not the provider failing").isFalse();
        assertThat(w.memory.provider("a").stale()).isTrue();
        int reads = a.reads;
        w.tick();
        assertThat(a.reads).as("read again at once").isEqualTo(reads + 1);
        assertThat(a.values()).as("and the hand-set value is then refused, never overwritten").containsExactly(HAND);
    }
}
