package io.dnsfailover.controller.engine;

import static io.dnsfailover.controller.engine.TickWorld.B;
import static io.dnsfailover.controller.engine.TickWorld.P;
import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.controller.notify.Notification;
import io.dnsfailover.controller.plan.Ownership;
import io.dnsfailover.controller.plan.Plan;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.health.Health;
import io.dnsfailover.providers.RecordSet;
import org.junit.jupiter.api.Test;

/** Two installs on one record: the ownership marker beside it. */
class TickOwnershipTest {

    @Test
    void theFirstWriteClaimsTheRecordWithAMarker() {
        TickWorld w = TickWorld.failover("", "a").serving(P).ticks(3);
        w.probe("primary", Health.DOWN).ticks(3);
        assertThat(w.dns("a").values()).containsExactly(B);
        assertThat(w.dns("a").marker).isEqualTo(Ownership.marker(w.key(), 60, "web1:/var/lib/dnsfailover"));
        w.probe("primary", Health.UP).ticks(20);
        assertThat(w.dns("a").values()).containsExactly(P);
        assertThat(w.dns("a").writes).as("the marker is written with the first write only").isEqualTo(2);
    }

    @Test
    void aRecordClaimedByAnotherInstallIsNeverWrittenAndTheRefusalSaysWhoOwnsIt() {
        TickWorld w = TickWorld.failover("", "a").serving(P);
        w.dns("a").marker = Ownership.marker(w.key(), 60, "team-b:/srv/dnsfailover");
        w.ticks(3).probe("primary", Health.DOWN).ticks(30);
        assertThat(w.dns("a").values()).containsExactly(P);
        assertThat(w.dns("a").writes).isZero();
        assertThat(w.last.plan().refusals()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo(Plan.Rule.OWNED_ELSEWHERE);
            assertThat(r.message()).contains("managed by another dnsfailover install (owner=team-b:/srv/dnsfailover",
                    "_dnsfailover.www.hosting.com", "this install is owner=web1:/var/lib/dnsfailover", "takeover: true");
        });
        assertThat(w.notified(Notification.Kind.GUARD_REFUSAL)).hasSize(1);
        assertThat(w.store.events(Event.Type.GUARD)).singleElement()
                .satisfies(e -> assertThat(e.data()).containsEntry("rule", "owned-elsewhere"));
    }

    @Test
    void aConfiguredTakeoverReplacesTheOtherMarker() {
        TickWorld w = TickWorld.failover("  takeover: true\n", "a").serving(P);
        RecordSet theirs = Ownership.marker(w.key(), 60, "team-b");
        w.dns("a").marker = theirs;
        w.ticks(3).probe("primary", Health.DOWN).ticks(3);
        assertThat(w.dns("a").values()).containsExactly(B);
        assertThat(w.dns("a").marker).isEqualTo(Ownership.marker(w.key(), 60, "web1:/var/lib/dnsfailover"));
    }

    @Test
    void aTxtRecordThatIsNoMarkerIsNeitherOursNorOverwritten() {
        TickWorld w = TickWorld.failover("", "a").serving(P);
        w.dns("a").marker = RecordSet.of(Ownership.markerKey(w.key()), 60, "v=spf1 -all");
        w.ticks(3).probe("primary", Health.DOWN).ticks(3);
        assertThat(w.dns("a").writes).isZero();
        assertThat(w.last.plan().refusals().get(0).message()).contains("\"v=spf1 -all\" (not written by dnsfailover)");
    }

    @Test
    void aProviderThatCannotHoldAMarkerIsWrittenWithoutOne() {
        TickWorld w = TickWorld.failover("", "a").serving(P);
        w.dns("a").holdsMarker = false;
        w.ticks(3).probe("primary", Health.DOWN).ticks(3);
        assertThat(w.dns("a").values()).containsExactly(B);
        assertThat(w.dns("a").marker).isNull();
    }
}
