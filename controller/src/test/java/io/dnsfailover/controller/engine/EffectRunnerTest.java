package io.dnsfailover.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.controller.notify.Notification;
import io.dnsfailover.controller.notify.Notifications;
import io.dnsfailover.controller.notify.Notifier;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.controller.state.FencedException;
import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.controller.state.StoreUnreachableException;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Dry-run and preview are the one executor leaving effects out, in one place. */
class EffectRunnerTest {

    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    static final RecordKey KEY = new RecordKey("hosting.com", "www.hosting.com", RecordType.A);
    static final RecordSet B = RecordSet.of(KEY, 60, "198.51.100.20");

    final MemoryStore store = new MemoryStore();
    final List<Notification> sent = new CopyOnWriteArrayList<>();
    final List<Effect.Write> writes = new ArrayList<>();

    final List<Effect> effects = List.of(
            new Effect.Log(false, "deciding"),
            new Effect.Journal(Event.Type.DECISION, Map.of("reason", "primary DOWN")),
            new Effect.Save(new StateChange.Writing(List.of("198.51.100.20"), NOW)),
            new Effect.Write("a", List.of(Change.create(B)), B, List.of(), "primary DOWN", List.of(), false),
            new Effect.Notify(new Notification(Notification.Kind.GUARD_REFUSAL, "www", NOW, "www: a change was refused", List.of(),
                    List.of(), Notification.Phase.STARTED)),
            new Effect.Restore(GroupState.EMPTY.withOverride("backup", NOW), "lost"));

    GroupState run(EffectRunner.Mode mode) {
        Notifier recording = new Notifier() {
            @Override
            public String describe() {
                return "recording";
            }

            @Override
            public void send(Notification n) {
                sent.add(n);
            }
        };
        Notifications notifications = new Notifications(List.of(recording), Notifications.Retry.DEFAULT);
        try {
            return new EffectRunner(store, notifications, Clock.fixed(NOW, ZoneOffset.UTC), mode).run("www", effects, writes::add);
        } finally {
            notifications.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void liveRunsEveryEffectInOrder() {
        GroupState saved = run(EffectRunner.Mode.LIVE);
        assertThat(writes).hasSize(1);
        assertThat(store.events).singleElement().satisfies(e -> assertThat(e.dryRun()).isFalse());
        assertThat(store.restored).containsExactly("www");
        assertThat(saved.override()).as("the state as last saved or restored").isEqualTo("backup");
        assertThat(sent).singleElement().satisfies(n -> assertThat(n.summary()).isEqualTo("www: a change was refused"));
    }

    @Test
    void aDryRunWritesNeitherDnsNorStateAndMarksWhatItJournalsAndNotifies() {
        GroupState saved = run(EffectRunner.Mode.DRY_RUN);
        assertThat(writes).isEmpty();
        assertThat(store.updates).isZero();
        assertThat(store.restored).isEmpty();
        assertThat(saved).isNull();
        assertThat(store.events).singleElement().satisfies(e -> assertThat(e.dryRun()).isTrue());
        assertThat(sent).singleElement().satisfies(n -> assertThat(n.summary()).isEqualTo("[dry run] www: a change was refused"));
    }

    @Test
    void aPreviewDoesNothingButLog() {
        assertThat(run(EffectRunner.Mode.PREVIEW)).isNull();
        assertThat(writes).isEmpty();
        assertThat(store.events).isEmpty();
        assertThat(store.updates).isZero();
        assertThat(sent).isEmpty();
    }

    @Test
    void aFailingStoreNeverStopsTheEffectsAfterIt() {
        store.broken.put("www", "broken");
        run(EffectRunner.Mode.LIVE);
        assertThat(writes).as("the write still goes out").hasSize(1);
        assertThat(sent).hasSize(1);
    }

    @Test
    void aSaveRefusedByTheFenceOrTheDatabaseStopsTheWritesAfterItButNothingElse() {
        for (RuntimeException refusal : List.of(new FencedException("group www: node b holds the group's lease"),
                new StoreUnreachableException("cannot save in the state database", null))) {
            writes.clear();
            sent.clear();
            store.saveFails = refusal;
            run(EffectRunner.Mode.LIVE);
            assertThat(writes).as("no write after a refused save: " + refusal.getMessage()).isEmpty();
            assertThat(sent).as("what is not a write still runs").hasSize(1);
        }
    }
}
