package io.dnsfailover.controller.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dnsfailover.health.Health;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateStore} does (DESIGN §8: one interface, two implementations, one suite): the file store
 * and the database store each run it, against a fresh, empty store per test.
 */
abstract class StateStoreContract {

    static final Instant T0 = Instant.parse("2026-11-21T12:00:03.120Z");

    /** A new store on this test's backing (the same backing every time within one test). */
    abstract StateStore open();

    static GroupState atlanta() {
        return new GroupState(
                List.of("198.51.100.20"),
                List.of("198.51.100.20", "203.0.113.10"),
                T0,
                "backup1",
                T0.plusSeconds(1),
                "primary DOWN since 12:00:00 (3 failed https checks)",
                T0.plusSeconds(2),
                Map.of(
                        "primary", new TargetHealth(Health.DOWN, T0.minusSeconds(30), T0, "connect timed out"),
                        "backup1", new TargetHealth(Health.UP, T0.minusSeconds(3600), T0, "HTTP 200"),
                        "backup2", new TargetHealth(Health.UNKNOWN, null, null, null)),
                List.of("203.0.113.10"),
                T0.plusSeconds(3),
                T0.plusSeconds(4));
    }

    static State everyField() {
        return State.EMPTY.with("atlanta1", atlanta()).with("dallas2", GroupState.EMPTY.withDecision("primary UP", T0));
    }

    static void save(StateStore store, State state) {
        state.groups().forEach((name, g) -> store.update(name, old -> g));
    }

    @Test
    void roundTripsEveryFieldOfEveryGroup() {
        try (StateStore store = open()) {
            save(store, everyField());
        }
        try (StateStore reopened = open()) {
            assertThat(reopened.load()).isEqualTo(everyField());
            assertThat(reopened.read("atlanta1")).isEqualTo(new StateStore.GroupRead(atlanta(), true, null));
            assertThat(reopened.read("dallas2")).isEqualTo(new StateStore.GroupRead(everyField().group("dallas2"), true, null));
        }
    }

    @Test
    void anEmptyStoreHasNoGroupsAndNoProblems() {
        try (StateStore store = open()) {
            assertThat(store.load()).isEqualTo(State.EMPTY);
            assertThat(store.read("atlanta1")).isEqualTo(StateStore.GroupRead.absent());
            assertThat(store.problems()).isEmpty();
            assertThat(store.journal().read()).isEmpty();
        }
    }

    @Test
    void updateSeesTheLatestStateAndReturnsWhatItSaved() {
        try (StateStore store = open()) {
            store.update("atlanta1", g -> g.withOverride("backup1", T0));
            GroupState saved = store.update("atlanta1", g -> g.withDecision("pinned", T0));

            assertThat(saved.override()).isEqualTo("backup1");
            assertThat(saved.lastDecision()).isEqualTo("pinned");
            assertThat(store.read("atlanta1").state()).isEqualTo(saved);
        }
    }

    @Test
    void updateIfPresentChangesOnlyAGroupThatIsThere() {
        try (StateStore store = open()) {
            assertThat(store.updateIfPresent("atlanta1", g -> atlanta())).as("never saved").isEmpty();
            assertThat(store.read("atlanta1").present()).isFalse();
            assertThat(store.load().groups()).isEmpty();

            store.update("atlanta1", g -> atlanta());
            assertThat(store.updateIfPresent("atlanta1", g -> g.withDecision("primary UP", T0)))
                    .hasValueSatisfying(g -> assertThat(g.override()).isEqualTo("backup1"));
            assertThat(store.read("atlanta1").state().lastDecision()).isEqualTo("primary UP");
        }
    }

    @Test
    void aChangeByAnotherStoreIsSeenAtOnce() {
        try (StateStore reader = open(); StateStore writer = open()) {
            writer.update("atlanta1", g -> g.withOverride("backup1", T0));
            assertThat(reader.read("atlanta1").state().override()).isEqualTo("backup1");
            writer.update("atlanta1", g -> g.withOverride("backup2", T0));
            assertThat(reader.read("atlanta1").state().override()).isEqualTo("backup2");
        }
    }

    @Test
    void updatesOfOneGroupFromEightThreadsLoseNothing() throws Exception {
        int threads = 8;
        int each = 25;
        try (StateStore store = open()) {
            runConcurrently(threads, t -> () -> {
                for (int i = 0; i < each; i++) {
                    String value = t + "-" + i;
                    store.update("g", g -> StateChild.append(g, value));
                }
                return null;
            });
            List<String> published = store.read("g").state().published();
            assertThat(published).hasSize(threads * each).doesNotHaveDuplicates();
            for (int t = 0; t < threads; t++) {
                String prefix = t + "-";
                // each thread's own updates are saved in the order it made them
                assertThat(published.stream().filter(v -> v.startsWith(prefix)))
                        .containsExactlyElementsOf(IntStream.range(0, each).mapToObj(i -> prefix + i).toList());
            }
        }
    }

    @Test
    void updatesOfManyGroupsFromEightThreadsLoseNothing() throws Exception {
        try (StateStore store = open()) {
            runConcurrently(8, t -> () -> {
                for (int i = 0; i < 20; i++) {
                    String value = t + "-" + i;
                    store.update("g" + (i % 4), g -> StateChild.append(g, value));
                }
                return null;
            });
            State state = store.load();
            assertThat(state.groups()).containsOnlyKeys("g0", "g1", "g2", "g3");
            assertThat(state.groups().values()).allSatisfy(g -> assertThat(g.published()).hasSize(40).doesNotHaveDuplicates());
        }
    }

    @Test
    void twoStoresOnOneBackingTakeTurns() throws Exception {
        try (StateStore a = open(); StateStore b = open()) {
            runConcurrently(4, t -> () -> {
                StateStore store = t % 2 == 0 ? a : b;
                for (int i = 0; i < 25; i++) {
                    String value = t + "-" + i;
                    store.update("g", g -> StateChild.append(g, value));
                }
                return null;
            });
            assertThat(a.read("g").state().published()).hasSize(100).doesNotHaveDuplicates();
        }
    }

    @Test
    void refusesAnUpdateOrRestoreFromInsideAnUpdate() {
        try (StateStore store = open()) {
            assertThatThrownBy(() -> store.update("g", g -> store.update("g", x -> x)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("inside an update");
            // another group's lock is no way out: two such updates in two threads would wait on each other
            assertThatThrownBy(() -> store.update("g", g -> store.update("h", x -> x)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("inside an update");
            assertThatThrownBy(() -> store.update("g", g -> {
                store.restore("h", GroupState.EMPTY);
                return g;
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("restore() was called from inside an update");
            // the refused nesting left the store usable
            store.update("g", g -> g.withOverride("b", T0));
            assertThat(store.read("g").state().override()).isEqualTo("b");
        }
    }

    @Test
    void aFailingChangeLeavesTheStateAsItWas() {
        try (StateStore store = open()) {
            save(store, everyField());
            assertThatThrownBy(() -> store.update("atlanta1", g -> {
                throw new IllegalArgumentException("boom");
            })).hasMessage("boom");
            assertThat(store.load()).isEqualTo(everyField());
        }
    }

    @Test
    void namesAndTextOutsideAsciiRoundTrip() {
        List<String> names = List.of("../escape", "a/b", "Atlanta1", "atlanta1", "with space", "ünïcode", "x.json");
        try (StateStore store = open()) {
            for (String name : names) {
                store.update(name, g -> g.withDecision("primary DOWN — since 12:00 (" + name + ")", T0));
            }
            State state = store.load();
            assertThat(state.groups()).containsOnlyKeys(names);
            for (String name : names) {
                assertThat(store.read(name).state().lastDecision()).isEqualTo("primary DOWN — since 12:00 (" + name + ")");
            }
        }
    }

    @Test
    void restorePutsBackAGroupThatWasNeverThereOrReplacesOneThatIs() {
        try (StateStore store = open()) {
            store.restore("atlanta1", atlanta());
            assertThat(store.read("atlanta1")).isEqualTo(new StateStore.GroupRead(atlanta(), true, null));
            store.restore("atlanta1", GroupState.EMPTY.withOverride("backup2", T0));
            assertThat(store.read("atlanta1").state().override()).isEqualTo("backup2");
            assertThat(store.problems()).isEmpty();
        }
    }

    @Test
    void theJournalReturnsWhatWasAppendedInOrderWithEveryField() {
        try (StateStore store = open()) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("reason", "primary DOWN — 3 failed checks");
            data.put("targets", List.of("backup1"));
            store.journal().append(new Event(T0, "atlanta1", Event.Type.DECISION, false, data));
            store.journal().append(new Event(T0.plusMillis(1), null, Event.Type.STATE_LOST, true, Map.of("phase", "started")));
            store.journal().append(new Event(T0.plusMillis(2), "dallas2", Event.Type.APPLY, false, Map.of("provider", "cf")));
        }
        try (StateStore reopened = open()) {
            List<Event> events = reopened.journal().read();
            assertThat(events).extracting(Event::type).containsExactly(Event.Type.DECISION, Event.Type.STATE_LOST, Event.Type.APPLY);
            assertThat(events.get(0)).isEqualTo(new Event(T0, "atlanta1", Event.Type.DECISION, false,
                    Map.of("reason", "primary DOWN — 3 failed checks", "targets", List.of("backup1"))));
            assertThat(events.get(1).group()).isNull();
            assertThat(events.get(1).dryRun()).isTrue();
            assertThat(events.get(2).data()).containsEntry("provider", "cf");
        }
    }

    @Test
    void observationsSavedAreReadBackAndReplaced() {
        Instant at = T0.plusSeconds(10);
        Map<String, Observations.Target> targets = new LinkedHashMap<>();
        targets.put("primary", new Observations.Target(Health.DOWN, T0, at, Health.DOWN, "connection refused", T0.plusSeconds(1)));
        targets.put("backup1", new Observations.Target(Health.UP, T0.minusSeconds(60), at, Health.UP, "HTTP 200", null));
        targets.put("backup2", new Observations.Target(Health.UNKNOWN, null, null, null, null, null));
        try (StateStore store = open()) {
            assertThat(store.observations().observations()).isNull();
            assertThat(store.observations().absent()).isNotBlank();
            store.saveObservations(new Observations(at, 4242, Map.of("atlanta1", targets)));
            Observations read = store.observations().observations();
            assertThat(read.pid()).isEqualTo(4242);
            assertThat(read.groups().get("atlanta1")).isEqualTo(targets);

            Map<String, Observations.Target> later = new LinkedHashMap<>(targets);
            later.put("primary", new Observations.Target(Health.UP, at, at.plusSeconds(5), Health.UP, "HTTP 200", null));
            store.saveObservations(new Observations(at.plusSeconds(5), 4242, Map.of("atlanta1", later)));
            assertThat(store.observations().observations().target("atlanta1", "primary").reason()).isEqualTo("HTTP 200");
        }
    }

    @Test
    void oneDaemonAtATimeHoldsTheStore() throws Exception {
        try (StateStore store = open(); StateStore other = open()) {
            AutoCloseable held = store.lockForDaemon();
            assertThatThrownBy(other::lockForDaemon).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another dnsfailover daemon");
            held.close();
            other.lockForDaemon().close();
        }
    }

    interface Task {
        Callable<Void> forThread(int t);
    }

    static void runConcurrently(int threads, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(task.forThread(t)));
            }
            for (Future<Void> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
