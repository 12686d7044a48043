package io.dnsfailover.controller.engine;

import static io.dnsfailover.controller.engine.TickWorld.B;
import static io.dnsfailover.controller.engine.TickWorld.P;
import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.controller.notify.Notification;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.health.Health;
import io.dnsfailover.providers.RecordSet;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The saved state under the tick: pins, switch times, loss and restore, a write begun before a crash. */
class TickStateTest {

    @Test
    void aPinSetByAnotherProcessIsObeyedAtTheNextTick() {
        TickWorld w = TickWorld.failover("", "a").serving(P).ticks(3);
        w.store.update("www", s -> s.withOverride("backup", w.now));
        w.tick();
        assertThat(w.dns("a").values()).containsExactly(B);
        assertThat(w.state().published()).containsExactly(B);
    }

    @Test
    void aDeletedStateKeepsThePinAndThePublishedValueIsRestoredAndJournalledOnce() {
        TickWorld w = TickWorld.failover("", "a").serving(P).ticks(3);
        w.store.update("www", s -> s.withOverride("backup", w.now));
        w.ticks(2);
        assertThat(w.dns("a").values()).containsExactly(B);
        w.store.groups.clear(); // state.json deleted under the daemon
        w.ticks(5);
        assertThat(w.dns("a").values()).as("never moved back to the primary").containsExactly(B);
        assertThat(w.dns("a").writes).as("no wrong publication").isEqualTo(1);
        assertThat(w.state().override()).as("the pin is restored").isEqualTo("backup");
        assertThat(w.state().published()).containsExactly(B);
        assertThat(w.store.restored).containsExactly("www");
        assertThat(w.store.events(Event.Type.STATE_LOST)).extracting(e -> e.data().get("phase")).containsExactly("started", "cleared");
        assertThat(w.notified(Notification.Kind.STATE_LOST)).extracting(Notification::phase)
                .containsExactly(Notification.Phase.STARTED, Notification.Phase.RESOLVED);
    }

    @Test
    void aBrokenStateUnderTheDaemonIsRestoredFromMemory() {
        TickWorld w = TickWorld.failover("", "a").serving(P).ticks(3);
        w.store.update("www", s -> s.withOverride("backup", w.now));
        w.ticks(2);
        w.store.broken.put("www", "groups/www.json: line 1, column 3: unexpected character; restore it or move it aside");
        w.tick();
        assertThat(w.store.restored).containsExactly("www");
        assertThat(w.state().override()).isEqualTo("backup");
        assertThat(w.store.events(Event.Type.STATE_LOST).get(0).data().get("why").toString()).contains("groups/www.json");
    }

    @Test
    void aStateNeverSavedIsNoLoss() {
        TickWorld w = TickWorld.failover("", "a").serving(P);
        w.tick();
        assertThat(w.store.events(Event.Type.STATE_LOST)).isEmpty();
        assertThat(w.store.restored).isEmpty();
    }

    @Test
    void theLastSwitchIsRecordedAndHoldsDownAnAutomaticFailback() {
        TickWorld w = TickWorld.failover("", "a").serving(P).ticks(3);
        w.probe("primary", Health.DOWN).ticks(3);
        Instant switched = w.state().lastSwitch();
        assertThat(switched).isNotNull();
        assertThat(w.dns("a").values()).containsExactly(B);
        w.probe("primary", Health.UP);
        int ticks = 0;
        while (!w.dns("a").values().contains(P)) {
            w.tick();
            ticks++;
        }
        // rise 2 makes it UP at its second pass; failbackAfter 10 s from then, holdDown 5 s from the switch
        assertThat(ticks).isEqualTo(12);
        assertThat(w.state().lastSwitch()).isAfter(switched);
    }

    @Test
    void aWriteThatLandedBeforeACrashIsRecordedAsOursAtStart() {
        TickWorld w = TickWorld.failover("", "a");
        Instant began = w.now.minusSeconds(30);
        w.dns("a").record = RecordSet.of(w.key(), 60, B);
        w.store.groups.put("www", GroupState.EMPTY.withPublished(List.of(P), began.minusSeconds(600), began.minusSeconds(600))
                .withWriting(List.of(B), began));
        w.probe("primary", Health.DOWN).tick();
        assertThat(w.store.events(Event.Type.RECONCILE)).singleElement().satisfies(e -> {
            assertThat(e.data()).containsEntry("landed", true).containsEntry("provider", "a");
        });
        assertThat(w.state().published()).containsExactly(B);
        assertThat(w.state().lastWritten()).containsExactly(B);
        assertThat(w.state().lastSwitch()).isEqualTo(began);
        assertThat(w.state().writing()).isEmpty();
    }

    @Test
    void aWriteThatDidNotLandBeforeACrashIsDroppedAtStart() {
        TickWorld w = TickWorld.failover("", "a").serving(P);
        w.store.groups.put("www", GroupState.EMPTY.withPublished(List.of(P), w.now, w.now).withWriting(List.of(B), w.now));
        w.tick();
        assertThat(w.store.events(Event.Type.RECONCILE)).singleElement()
                .satisfies(e -> assertThat(e.data()).containsEntry("landed", false).containsEntry("served", List.of(P)));
        assertThat(w.state().writing()).isEmpty();
        assertThat(w.state().published()).containsExactly(P);
    }

    @Test
    void everyWriteIsAnnouncedInTheStateBeforeItIsMadeAndClearedWhenItLands() {
        TickWorld w = TickWorld.failover("", "a").serving(P).ticks(3);
        w.probe("primary", Health.DOWN).ticks(3);
        List<StateChange> saves = w.effects.stream().filter(e -> e instanceof Effect.Save).map(e -> ((Effect.Save) e).change())
                .filter(c -> !(c instanceof StateChange.Observed)).toList();
        assertThat(saves).hasSize(2);
        assertThat(saves.get(0)).isInstanceOf(StateChange.Writing.class);
        assertThat(((StateChange.Writing) saves.get(0)).values()).containsExactly(B);
        assertThat(saves.get(1)).isInstanceOf(StateChange.Published.class);
        assertThat(w.state().writing()).isEmpty();
        int writeIndex = indexOf(w.effects, Effect.Write.class);
        assertThat(indexOf(w.effects, StateChange.Writing.class)).isLessThan(writeIndex);
    }

    private static int indexOf(List<Effect> effects, Class<?> kind) {
        for (int i = 0; i < effects.size(); i++) {
            Effect e = effects.get(i);
            if (kind.isInstance(e) || e instanceof Effect.Save s && kind.isInstance(s.change())) {
                return i;
            }
        }
        return -1;
    }
}
