package io.dnsfailover.controller.engine;

import static io.dnsfailover.controller.engine.TickWorld.B;
import static io.dnsfailover.controller.engine.TickWorld.HAND;
import static io.dnsfailover.controller.engine.TickWorld.P;
import static io.dnsfailover.controller.engine.TickWorld.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.notify.Notification;
import io.dnsfailover.controller.plan.Ownership;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.providers.ApplyResult;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the outcome of a write is taken: journal, state, notification, what the daemon remembers of the provider. */
class WrittenTest {

    final TickWorld w = TickWorld.failover("", "a", "b");
    final GroupConfig g = w.g;
    final RecordKey key = w.key();
    final RecordSet toB = RecordSet.of(key, 60, B);
    final RecordSet marker = Ownership.marker(key, 60, "team-a");
    final GroupState wasP = GroupState.EMPTY.withPublished(List.of(P), T0.minusSeconds(600), T0.minusSeconds(600));

    Effect.Write write(String provider, boolean withMarker) {
        List<Change> changes = withMarker
                ? List.of(Change.create(marker), Change.replace(RecordSet.of(key, 60, P), toB))
                : List.of(Change.replace(RecordSet.of(key, 60, P), toB));
        return new Effect.Write(provider, changes, toB, List.of(P), "primary DOWN", List.of("primary DOWN: refused"), false);
    }

    WriteOutcome landed(Effect.Write wr) {
        return new WriteOutcome(wr, true, true, Optional.of(toB), null, false, true, List.of(), Duration.ofMillis(40), T0);
    }

    WriteOutcome failed(Effect.Write wr, boolean retryable) {
        return new WriteOutcome(wr, false, false, null, wr.provider() + ": HTTP 403 the token lacks Zone.DNS edit", false,
                retryable, null, Duration.ofMillis(40), T0);
    }

    static <T extends Effect> List<T> of(List<Effect> fx, Class<T> type) {
        return fx.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void anOutcomeWithoutReadBackOrRacesHasEmptyOnesAndIsNotOkWithAnError() {
        WriteOutcome o = failed(write("a", false), false);
        assertThat(o.served()).isEmpty();
        assertThat(o.races()).isEmpty();
        assertThat(o.ok()).isFalse();
        assertThat(landed(write("a", false)).ok()).isTrue();
    }

    @Test
    void aWriteThatLandedIsJournalledSavedAsPublishedAndNotified() {
        Written.Step s = Written.take(Memory.initial(g), g, wasP, List.of(landed(write("a", true))), Set.of(), T0);
        List<Effect.Journal> journal = of(s.effects(), Effect.Journal.class);
        assertThat(journal).extracting(Effect.Journal::type).containsExactly(Event.Type.APPLY, Event.Type.VERIFY);
        assertThat(journal.get(0).data()).containsEntry("provider", "a").containsEntry("values", List.of(B))
                .containsEntry("ok", true).containsEntry("durationMs", 40L).doesNotContainKey("error");
        assertThat(journal.get(1).data()).containsEntry("verified", true).containsEntry("served", List.of(B));
        assertThat(of(s.effects(), Effect.Log.class)).isEmpty();
        GroupState saved = of(s.effects(), Effect.Save.class).get(0).change().apply(wasP);
        assertThat(saved.published()).containsExactly(B);
        assertThat(saved.lastSwitch()).isEqualTo(T0);
        Notification n = of(s.effects(), Effect.Notify.class).get(0).notification();
        assertThat(n.kind()).isEqualTo(Notification.Kind.FAILOVER);
        assertThat(n.summary()).isEqualTo("www: moved to backup");
        assertThat(n.evidence()).containsExactly("primary DOWN", "primary DOWN: refused");
        assertThat(s.memory().writeSeen()).isEqualTo(T0);
        assertThat(s.memory().provider("a").lastGood().marker()).contains(marker);
        assertThat(s.memory().provider("a").lastGood().record()).contains(toB);
    }

    @Test
    void aWriteWithoutTheMarkerKeepsTheMarkerLastRead() {
        RecordSet theirs = Ownership.marker(key, 60, "team-z");
        Memory m = Memory.initial(g);
        m = m.withProvider("a", m.provider("a").after(ProviderRead.ok("a", T0, Optional.of(RecordSet.of(key, 60, P)),
                Optional.of(theirs))));
        Written.Step s = Written.take(m, g, wasP, List.of(landed(write("a", false))), Set.of(), T0);
        assertThat(s.memory().provider("a").lastGood().marker()).contains(theirs);
        Written.Step fresh = Written.take(Memory.initial(g), g, wasP, List.of(landed(write("a", false))), Set.of(), T0);
        assertThat(fresh.memory().provider("a").lastGood().marker()).isEmpty();
    }

    @Test
    void aFailedWriteIsJournalledWithItsErrorLoggedAndClearsTheWriteInProgressOnceNothingIsBusy() {
        GroupState writing = wasP.withWriting(List.of(B), T0.minusSeconds(1));
        Written.Step s = Written.take(Memory.initial(g), g, writing, List.of(failed(write("a", false), false)), Set.of(), T0);
        assertThat(of(s.effects(), Effect.Journal.class)).singleElement().satisfies(j -> {
            assertThat(j.type()).isEqualTo(Event.Type.APPLY);
            assertThat(j.data()).containsEntry("ok", false).containsEntry("error", "a: HTTP 403 the token lacks Zone.DNS edit");
        });
        assertThat(of(s.effects(), Effect.Log.class)).singleElement().satisfies(l -> assertThat(l.message())
                .isEqualTo("group www: provider a failed: a: HTTP 403 the token lacks Zone.DNS edit"));
        assertThat(of(s.effects(), Effect.Notify.class)).isEmpty();
        assertThat(of(s.effects(), Effect.Save.class)).singleElement()
                .satisfies(save -> assertThat(save.change().apply(writing).writing()).isEmpty());
        assertThat(s.memory().provider("a").mayWrite(T0)).as("a write that cannot mend itself backs off").isFalse();

        Written.Step busy = Written.take(Memory.initial(g), g, writing, List.of(failed(write("a", false), true)), Set.of("b"), T0);
        assertThat(of(busy.effects(), Effect.Save.class)).as("b's write is still under way").isEmpty();
        Written.Step none = Written.take(Memory.initial(g), g, wasP, List.of(failed(write("a", false), true)), Set.of(), T0);
        assertThat(of(none.effects(), Effect.Save.class)).as("no write in progress to clear").isEmpty();
    }

    @Test
    void aConflictIsNoFailingProviderButAReasonToReadAgain() {
        Effect.Write wr = write("a", false);
        WriteOutcome conflict = new WriteOutcome(wr, false, false, Optional.empty(), "a: the record holds " + HAND, true, false,
                List.of(), Duration.ofMillis(3), T0);
        Memory m = Memory.initial(g);
        m = m.withProvider("a", m.provider("a").after(ProviderRead.ok("a", T0, Optional.of(RecordSet.of(key, 60, P)),
                Optional.empty())));
        Written.Step s = Written.take(m, g, wasP, List.of(conflict), Set.of(), T0);
        assertThat(s.memory().provider("a").failing()).isFalse();
        assertThat(s.memory().provider("a").mayWrite(T0)).isTrue();
        assertThat(s.memory().provider("a").needsRead(T0, Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void aRaceSeenByTheAdapterIsJournalledLoggedAndNotifiedNamingBothValues() {
        RecordSet hand = RecordSet.of(key, 60, HAND);
        WriteOutcome o = new WriteOutcome(write("a", false), true, true, Optional.of(toB), null, false, true,
                List.of(new ApplyResult.Race(key, hand, toB, "the zone's serial moved from 7 to 9 between the read and the write")),
                Duration.ofMillis(3), T0);
        Written.Step s = Written.take(Memory.initial(g), g, wasP, List.of(o), Set.of(), T0);
        assertThat(of(s.effects(), Effect.Journal.class)).filteredOn(j -> j.type() == Event.Type.RACED).singleElement()
                .satisfies(j -> assertThat(j.data()).containsEntry("provider", "a").containsEntry("read", List.of(HAND))
                        .containsEntry("written", List.of(B)).containsEntry("record", key.toString())
                        .containsEntry("evidence", "the zone's serial moved from 7 to 9 between the read and the write"));
        assertThat(of(s.effects(), Effect.Log.class)).singleElement().satisfies(l -> assertThat(l.message()).isEqualTo(
                "www: a write to a may have replaced a change made by someone else: the zone's serial moved from 7 to 9"
                        + " between the read and the write"));
        assertThat(of(s.effects(), Effect.Notify.class)).extracting(n -> n.notification().kind())
                .containsExactly(Notification.Kind.RACED, Notification.Kind.FAILOVER);
        Notification raced = of(s.effects(), Effect.Notify.class).get(0).notification();
        assertThat(raced.changes()).containsExactly("a: " + key + " read [" + HAND + "], wrote [" + B + "]");

        WriteOutcome unknown = new WriteOutcome(write("a", false), true, true, Optional.of(toB), null, false, true,
                List.of(new ApplyResult.Race(key, null, null, "serial moved")), Duration.ofMillis(3), T0);
        Written.Step s2 = Written.take(Memory.initial(g), g, wasP, List.of(unknown), Set.of(), T0);
        assertThat(of(s2.effects(), Effect.Journal.class)).filteredOn(j -> j.type() == Event.Type.RACED).singleElement()
                .satisfies(j -> assertThat(j.data()).containsEntry("read", List.of()).containsEntry("written", List.of()));
        assertThat(of(s2.effects(), Effect.Notify.class).get(0).notification().changes())
                .containsExactly("a: " + key + " read [], wrote []");
    }
}
