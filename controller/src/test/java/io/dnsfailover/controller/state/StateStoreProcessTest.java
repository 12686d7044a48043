package io.dnsfailover.controller.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state directory shared with other processes (child JVMs), including ones killed with SIGKILL. */
class StateStoreProcessTest {

    @TempDir
    Path dir;

    @TempDir
    Path logs;

    ChildJvms children;

    @BeforeEach
    void setUp() {
        children = new ChildJvms(logs);
    }

    @AfterEach
    void tearDown() {
        children.close();
    }

    /** Starts two children appending {@code n} values each to the groups named, and waits until both are ready. */
    private List<ChildJvms.Child> twoWriters(String firstGroup, String secondGroup, int n) {
        ChildJvms.Child first = children.start("append-updates", dir.toString(), firstGroup, "first", Integer.toString(n));
        ChildJvms.Child second = children.start("append-updates", dir.toString(), secondGroup, "second", Integer.toString(n));
        first.awaitOutput("ready");
        second.awaitOutput("ready");
        return List.of(first, second);
    }

    /** Lets the children go, makes this process's own {@code n} updates of {@code group} meanwhile, waits for them. */
    private void runWith(List<ChildJvms.Child> writers, FileStateStore store, String group, int n) throws Exception {
        // all three start together, so that their updates interleave
        writers.forEach(ChildJvms.Child::sendLine);
        for (String value : values("self", n)) {
            store.update(group, g -> StateChild.append(g, value));
        }
        for (ChildJvms.Child w : writers) {
            assertThat(w.awaitExit()).as(w.output()).isZero();
        }
    }

    static List<String> values(String writer, int n) {
        return IntStream.range(0, n).mapToObj(i -> writer + "-" + i).toList();
    }

    @Test
    void updatesOfDifferentGroupsFromTwoOtherProcessesAndThisOneAreAllKept() throws Exception {
        int n = 150;
        List<ChildJvms.Child> writers = twoWriters("first", "second", n);
        try (FileStateStore store = FileStateStore.open(dir)) {
            runWith(writers, store, "self", n);

            State state = store.load();
            assertThat(state.groups()).containsOnlyKeys("first", "second", "self");
            assertThat(state.group("first").published()).containsExactlyElementsOf(values("first", n));
            assertThat(state.group("second").published()).containsExactlyElementsOf(values("second", n));
            assertThat(state.group("self").published()).containsExactlyElementsOf(values("self", n));
        }
    }

    @Test
    void updatesOfOneGroupFromTwoOtherProcessesAndThisOneAreAllKept() throws Exception {
        int n = 100;
        List<ChildJvms.Child> writers = twoWriters("shared", "shared", n);
        try (FileStateStore store = FileStateStore.open(dir)) {
            runWith(writers, store, "shared", n);

            List<String> published = store.load().group("shared").published();
            assertThat(published).hasSize(3 * n).doesNotHaveDuplicates();
            for (String writer : List.of("first", "second", "self")) {
                // no update lost, and each writer's own updates saved in the order it made them
                assertThat(published.stream().filter(v -> v.startsWith(writer + "-"))).containsExactlyElementsOf(values(writer, n));
            }
        }
    }

    @Test
    void processesFirstWritingAFormat1DirectoryAtOnceMigrateItAndLoseNothing() throws Exception {
        State legacy = FileStateStoreTest.writeFormat1Sample(dir);
        int n = 30;
        List<ChildJvms.Child> writers = twoWriters("atlanta1", "dallas2", n);
        try (FileStateStore store = FileStateStore.open(dir)) {
            runWith(writers, store, "self", n);

            State state = store.load();
            assertThat(Files.readString(dir.resolve("state.json"))).contains("\"version\" : 2").doesNotContain("groups\"");
            assertThat(state.groups()).containsOnlyKeys("atlanta1", "dallas2", "idle", "self");
            assertThat(state.group("idle")).isEqualTo(legacy.group("idle"));
            // each group's updates were made on top of what the format-1 file held
            assertThat(state.group("atlanta1").published())
                    .containsExactlyElementsOf(concat(legacy.group("atlanta1").published(), values("first", n)));
            assertThat(state.group("dallas2").published())
                    .containsExactlyElementsOf(concat(legacy.group("dallas2").published(), values("second", n)));
            assertThat(state.group("atlanta1").override()).isEqualTo(legacy.group("atlanta1").override());
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    @Test
    void sigkillAtAnyMomentLeavesReadableStateAndEveryCompleteJournalLine() throws Exception {
        Random random = new Random();
        int kills = 5;
        ObjectMapper plain = new ObjectMapper();
        try (FileStateStore store = FileStateStore.open(dir)) {
            for (int kill = 1; kill <= kills; kill++) {
                int before = store.journal().read().size();
                // a random amount of progress, so that the kill lands at a different point of the loop each time
                int progress = 1 + random.nextInt(40);
                ChildJvms.Child churn = children.start("churn", dir.toString());
                await("child to journal " + progress + " more events").atMost(ChildJvms.DEADLINE)
                        .pollInterval(Duration.ofMillis(5))
                        .until(() -> {
                            if (!churn.process().isAlive()) {
                                throw new AssertionError("the churning child died by itself:\n" + churn.output());
                            }
                            return store.journal().read().size() >= before + progress;
                        });
                churn.kill();

                GroupState state = store.load().group(StateChild.CHURN); // never a broken file
                int counter = StateChild.counter(state);
                assertThat(state.health()).hasSize(StateChild.CHURN_TARGETS);

                List<Integer> ns = store.journal().read().stream()
                        .map(e -> (Integer) e.data().get("n"))
                        .toList();
                assertThat(ns).isSorted().doesNotHaveDuplicates();
                // killed between saving the state and journaling it, the last event is one behind
                assertThat(ns.get(ns.size() - 1)).isBetween(counter - 1, counter);
                // each kill can lose at most the one event it interrupted
                assertThat(ns.size()).isGreaterThanOrEqualTo(counter - kill);

                List<String> lines = Files.readAllLines(dir.resolve("events.jsonl"));
                long unreadable = lines.stream().filter(l -> !l.isBlank() && !parses(plain, l)).count();
                assertThat(unreadable).as("torn lines after %d kills", kill).isLessThanOrEqualTo(kill);
                assertThat(ns).hasSize((int) lines.stream().filter(l -> parses(plain, l)).count());
            }

            // a new store carries on after the last kill
            try (FileStateStore after = FileStateStore.open(dir)) {
                Event last = Event.of(Instant.now(), "atlanta1", Event.Type.DAEMON, Map.of("action", "start"));
                after.journal().append(last);
                List<Event> events = after.journal().read();
                assertThat(events.get(events.size() - 1)).isEqualTo(last);
                GroupState saved = after.update("atlanta1", g -> g.withOverride("backup1", last.at()));
                assertThat(after.read("atlanta1").state()).isEqualTo(saved);
                assertThat(StateChild.counter(after.read(StateChild.CHURN).state())).isPositive();
            }
        }
    }

    private static boolean parses(ObjectMapper json, String line) {
        try {
            return json.readTree(line).isObject();
        } catch (Exception e) {
            return false;
        }
    }
}
