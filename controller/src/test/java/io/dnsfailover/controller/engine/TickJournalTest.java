package io.dnsfailover.controller.engine;

import static io.dnsfailover.controller.engine.TickWorld.B;
import static io.dnsfailover.controller.engine.TickWorld.P;
import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.controller.notify.Notification;
import io.dnsfailover.controller.plan.Ownership;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.health.Health;
import io.dnsfailover.providers.RecordSet;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the tick journals, logs and hands to a write, and what it decides from when it cannot read. */
class TickJournalTest {

    @Test
    void afterItsOwnWriteTheDaemonReadsNoMoreThanTheCacheAllows() {
        TickWorld w = TickWorld.failover("", "a").serving(P);
        w.ticks(2).probe("primary", Health.DOWN).ticks(3);
        assertThat(w.dns("a").values()).containsExactly(B);
        int reads = w.dns("a").reads;
        w.ticks(5);
        assertThat(w.dns("a").reads).as("the state's record of our own write is no reason to read").isEqualTo(reads);
    }

    @Test
    void aWriteByAnotherProcessIsReadAtTheNextTick() {
        TickWorld w = TickWorld.failover("", "a").serving(P);
        w.ticks(2);
        int reads = w.dns("a").reads;
        w.store.groups.put("www", w.state().withPublished(List.of(P), w.now, w.now));
        w.tick();
        assertThat(w.dns("a").reads).isEqualTo(reads + 1);
        w.ticks(3);
        assertThat(w.dns("a").reads).isEqualTo(reads + 1);
    }

    @Test
    void aDecisionIsJournalledWhenHealthChangesAndNotEveryTick() {
        TickWorld w = TickWorld.failover("", "a").serving(P);
        w.ticks(5);
        assertThat(w.store.events(Event.Type.DECISION)).as("UNKNOWN, then UP").hasSize(2).last().satisfies(e -> assertThat(e.data())
                .containsEntry("targets", List.of("primary")).containsEntry("values", List.of(P))
                .containsEntry("change", false).containsEntry("reason", "primary UP (UP since 2026-12-03T12:00:01Z; TCP connect"
                        + " to 203.0.113.10 in 3 ms)"));
        w.ticks(4);
        assertThat(w.store.events(Event.Type.DECISION)).as("nothing changed").hasSize(2);
        w.probe("backup", Health.DOWN).ticks(4);
        assertThat(w.store.events(Event.Type.DECISION)).as("backup's health changed; what is published did not").hasSize(3);
        w.ticks(4);
        assertThat(w.store.events(Event.Type.DECISION)).hasSize(3);
    }

    @Test
    void theLogSaysWhatItDecidedToPublish() {
        TickWorld w = TickWorld.failover("", "a").serving(P);
        w.ticks(2).probe("primary", Health.DOWN).ticks(3);
        assertThat(w.effects).filteredOn(e -> e instanceof Effect.Log).extracting(e -> ((Effect.Log) e).message())
                .anySatisfy(m -> assertThat(m).startsWith("group www: decided to publish [backup]: primary DOWN: "))
                .noneSatisfy(m -> assertThat(m).startsWith("group www: decided to publish [primary]"));
    }

    @Test
    void aWriteCarriesTheEvidenceOfTheTargetsThatAreNotUp() {
        TickWorld w = TickWorld.failover("", "a").serving(P);
        w.ticks(2).probe("primary", Health.DOWN).ticks(3);
        List<Effect.Write> writes = w.effects.stream().filter(e -> e instanceof Effect.Write).map(e -> (Effect.Write) e).toList();
        assertThat(writes).singleElement().satisfies(wr -> {
            assertThat(wr.evidence()).containsExactly("primary DOWN: 3 × connection refused (203.0.113.10:80) since"
                    + " 2026-12-03T12:00:02Z");
            assertThat(wr.failback()).isFalse();
        });
        Notification n = w.notified(Notification.Kind.FAILOVER).get(0);
        assertThat(String.join("\n", n.evidence())).contains("primary DOWN").doesNotContain("backup UP");
    }

    @Test
    void withoutAGoodReadItDecidesFromWhatTheStateSaysIsPublished() {
        TickWorld w = TickWorld.failover("", "a").serving(B);
        w.store.groups.put("www", GroupState.EMPTY.withPublished(List.of(B), w.now.minusSeconds(3), w.now.minusSeconds(3)));
        w.dns("a").readFault = t -> "a: HTTP 503 Service Unavailable";
        TickResult r = w.ticks(3).last;
        assertThat(r.decision().targets()).as("the primary is UP but not for failbackAfter: stay on backup").containsExactly("backup");
        assertThat(r.decision().change()).isFalse();
        assertThat(w.dns("a").writes).isZero();
    }

    @Test
    void aWriteBegunBeforeACrashIsReconciledOnlyOnceAProviderCanBeRead() {
        TickWorld w = TickWorld.failover("", "a");
        Instant began = w.now.minusSeconds(30);
        Instant recovers = w.now.plusSeconds(3);
        w.dns("a").record = RecordSet.of(w.key(), 60, B);
        w.dns("a").readFault = t -> t.isBefore(recovers) ? "a: connection refused" : null;
        w.store.groups.put("www", GroupState.EMPTY.withPublished(List.of(P), began.minusSeconds(600), began.minusSeconds(600))
                .withWriting(List.of(B), began));
        w.probe("primary", Health.DOWN).ticks(3);
        assertThat(w.store.events(Event.Type.RECONCILE)).as("nothing is known of what landed yet").isEmpty();
        assertThat(w.state().writing()).containsExactly(B);
        w.tick();
        assertThat(w.store.events(Event.Type.RECONCILE)).singleElement()
                .satisfies(e -> assertThat(e.data()).containsEntry("landed", true));
        assertThat(w.state().published()).containsExactly(B);
    }

    @Test
    void aForcedPinIsJournalledWithItsCommandAndTheTargetsEvidence() {
        TickWorld w = TickWorld.failover("", "a").serving(P);
        w.ticks(3);
        w.operator = new Operator.Pin("backup", true);
        w.tick();
        assertThat(w.store.events(Event.Type.OVERRIDE)).singleElement().satisfies(e -> assertThat(e.data())
                .containsEntry("pinned", "backup").containsEntry("force", true)
                .containsEntry("reason", "UP since 2026-12-03T12:00:01Z; TCP connect to " + B + " in 3 ms"));
        assertThat(w.store.events(Event.Type.DECISION)).last()
                .satisfies(e -> assertThat(e.data()).containsEntry("command", "failover --to backup --force"));
        assertThat(w.store.events(Event.Type.PLAN)).last()
                .satisfies(e -> assertThat(e.data()).containsEntry("command", "failover --to backup --force"));
    }

    @Test
    void aRefusedCommandJournalsNothingButStillSaysWhyInTheLog() {
        TickWorld w = TickWorld.failover("", "a").serving(P);
        w.probe("backup", Health.DOWN).ticks(4);
        w.operator = new Operator.Pin("backup", false);
        TickResult r = w.tick();
        assertThat(r.plan().refusals()).isNotEmpty();
        assertThat(r.effects()).noneMatch(e -> e instanceof Effect.Journal || e instanceof Effect.Save)
                .anyMatch(e -> e instanceof Effect.Log);
        assertThat(w.dns("a").writes).isZero();
    }

    @Test
    void aRefusalThatChangesIsJournalledAgain() {
        TickWorld w = TickWorld.failover("", "a").serving(P);
        w.dns("a").marker = Ownership.marker(w.key(), 60, "team-b");
        w.probe("primary", Health.DOWN).ticks(5);
        assertThat(w.store.events(Event.Type.PLAN)).hasSize(1);
        w.dns("a").marker = Ownership.marker(w.key(), 60, "team-c");
        w.cacheFor = java.time.Duration.ZERO;
        w.ticks(2);
        assertThat(w.store.events(Event.Type.PLAN)).as("now another owner refuses it").hasSize(2);
        assertThat(w.store.events(Event.Type.PLAN).get(1).data().get("plan").toString()).contains("team-c");
    }

    @Test
    void aProviderThatBecomesUnreadableMakesANewPlan() {
        TickWorld w = TickWorld.failover("", "a", "b").serving(P);
        w.cacheFor = java.time.Duration.ZERO;
        w.dns("a").marker = Ownership.marker(w.key(), 60, "team-b");
        w.dns("b").marker = Ownership.marker(w.key(), 60, "team-b");
        w.probe("primary", Health.DOWN).ticks(5);
        assertThat(w.store.events(Event.Type.PLAN)).hasSize(1);
        w.dns("b").readFault = t -> "b: HTTP 503 Service Unavailable";
        w.ticks(2);
        assertThat(w.store.events(Event.Type.PLAN)).hasSize(2);
        assertThat(w.store.events(Event.Type.PLAN).get(1).data().get("plan").toString()).contains("503");
    }

    @Test
    void whileReadsFailADaemonThatNeverWroteDecidesFromItsLastGoodRead() {
        TickWorld w = TickWorld.failover("", "a").serving(P);
        w.cacheFor = java.time.Duration.ofSeconds(2);
        w.ticks(3);
        w.dns("a").readFault = t -> "a: HTTP 503 Service Unavailable";
        TickResult r = w.ticks(4).last;
        assertThat(w.state().writtenAt()).as("nothing was ever written").isNull();
        assertThat(r.decision().change()).isFalse();
        assertThat(r.decision().reason()).startsWith("primary UP");
    }

    @Test
    void aLostStateMakesItReadEveryProviderAtOnce() {
        TickWorld w = TickWorld.failover("", "a", "b").serving(P);
        w.ticks(2).probe("primary", Health.DOWN).ticks(3);
        assertThat(w.state().published()).containsExactly(B);
        int a = w.dns("a").reads;
        int b = w.dns("b").reads;
        w.store.groups.clear();
        w.tick();
        assertThat(w.dns("a").reads).as("the lost state may have held another process's write").isEqualTo(a + 1);
        assertThat(w.dns("b").reads).isEqualTo(b + 1);
        w.ticks(3);
        assertThat(w.dns("a").reads).isEqualTo(a + 1);
    }
}
