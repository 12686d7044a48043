package io.dnsfailover.controller.engine;

import static io.dnsfailover.controller.engine.TickWorld.B;
import static io.dnsfailover.controller.engine.TickWorld.HAND;
import static io.dnsfailover.controller.engine.TickWorld.P;
import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.controller.plan.Plan;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.health.Health;
import io.dnsfailover.providers.RecordSet;
import org.junit.jupiter.api.Test;

/** failover and failback are the daemon's tick with an operator's input. */
class TickOperatorTest {

    @Test
    void aPinPublishesTheTargetAndSavesThePinBeforeTheWrite() {
        TickWorld w = TickWorld.failover("", "a", "b").serving(P).ticks(3);
        w.operator = new Operator.Pin("backup", false);
        TickResult r = w.tick();
        assertThat(r.held()).isNull();
        assertThat(w.dns("a").values()).containsExactly(B);
        assertThat(w.dns("b").values()).containsExactly(B);
        assertThat(w.state().override()).isEqualTo("backup");
        assertThat(w.store.events(Event.Type.OVERRIDE)).singleElement()
                .satisfies(e -> assertThat(e.data()).containsEntry("pinned", "backup").containsEntry("force", false));
        assertThat(w.store.events(Event.Type.DECISION).get(w.store.events(Event.Type.DECISION).size() - 1).data())
                .containsEntry("command", "failover --to backup");
    }

    @Test
    void aPinToATargetThatIsNotUpIsRefusedAndRecordsNothing() {
        TickWorld w = TickWorld.failover("", "a").serving(P).ticks(3);
        w.probe("backup", Health.DOWN).ticks(3);
        int events = w.store.events.size();
        w.operator = new Operator.Pin("backup", false);
        TickResult r = w.tick();
        assertThat(r.plan().refusals()).extracting(Plan.Refusal::rule).containsExactly(Plan.Rule.UNHEALTHY_TARGET);
        assertThat(r.plan().refusals().get(0).message()).startsWith("backup is DOWN (");
        assertThat(w.dns("a").values()).containsExactly(P);
        assertThat(w.state().override()).isNull();
        assertThat(w.store.events.subList(events, w.store.events.size())).as("a refused command writes no journal line")
                .extracting(Event::type).doesNotContain(Event.Type.DECISION, Event.Type.PLAN, Event.Type.OVERRIDE, Event.Type.APPLY);
    }

    @Test
    void forcePublishesATargetThatIsDownAndOverwritesAHandSetValue() {
        TickWorld w = TickWorld.failover("", "a").serving(P).ticks(3);
        w.dns("a").record = RecordSet.of(w.key(), 60, HAND);
        w.probe("backup", Health.DOWN).ticks(3);
        w.operator = new Operator.Pin("backup", true);
        w.tick();
        assertThat(w.dns("a").values()).containsExactly(B);
    }

    @Test
    void aMoveWritesNoProviderWhenOneCannotBeRead() {
        TickWorld w = TickWorld.failover("", "a", "b").serving(P).ticks(3);
        w.dns("b").readFault = t -> "b: HTTP 401: the API key was rejected";
        w.operator = new Operator.Pin("backup", false);
        TickResult r = w.tick();
        assertThat(r.held()).contains("not written", "b: HTTP 401: the API key was rejected");
        assertThat(w.dns("a").values()).as("providers are kept equal").containsExactly(P);
        assertThat(w.state().override()).isNull();
    }

    @Test
    void theDaemonWritesTheProvidersItCanReadAndRetriesTheOthers() {
        TickWorld w = TickWorld.failover("", "a", "b").serving(P).ticks(3);
        w.dns("b").readFault = t -> "b: HTTP 503";
        w.probe("primary", Health.DOWN).ticks(3);
        assertThat(w.dns("a").values()).containsExactly(B);
        assertThat(w.dns("b").values()).containsExactly(P);
        w.dns("b").readFault = t -> null;
        w.tick();
        assertThat(w.dns("b").values()).containsExactly(B);
    }

    @Test
    void failbackClearsThePinAndMovesBackUpAtOnce() {
        TickWorld w = TickWorld.failover("  failback: manual\n", "a").serving(P).ticks(3);
        w.operator = new Operator.Pin("backup", false);
        w.tick();
        w.operator = Operator.AUTOMATIC;
        w.ticks(3);
        assertThat(w.dns("a").values()).containsExactly(B);
        w.operator = new Operator.Failback();
        w.tick();
        assertThat(w.state().override()).isNull();
        assertThat(w.dns("a").values()).as("the operator's consent overrides failback: manual").containsExactly(P);
        assertThat(w.store.events(Event.Type.OVERRIDE)).extracting(e -> e.data().get("unpinned")).contains("backup");
    }
}
