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

    @Test
    void updatesFromTwoOtherProcessesAndThisOneAreAllKept() throws Exception {
        int n = 150;
        ChildJvms.Child first = children.start("append-updates", dir.toString(), "first", Integer.toString(n));
        ChildJvms.Child second = children.start("append-updates", dir.toString(), "second", Integer.toString(n));
        first.awaitOutput("ready");
        second.awaitOutput("ready");

        List<String> expected = IntStream.range(0, n).mapToObj(Integer::toString).toList();
        try (FileStateStore store = FileStateStore.open(dir)) {
            // all three start together, so that their updates interleave
            first.sendLine();
            second.sendLine();
            for (String value : expected) {
                store.update(s -> s.with("self", StateChild.append(s.group("self"), value)));
            }
            assertThat(first.awaitExit()).as(first.output()).isZero();
            assertThat(second.awaitExit()).as(second.output()).isZero();

            State state = store.load();
            assertThat(state.group("first").published()).containsExactlyElementsOf(expected);
            assertThat(state.group("second").published()).containsExactlyElementsOf(expected);
            assertThat(state.group("self").published()).containsExactlyElementsOf(expected);
        }
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

                State state = store.load(); // never a broken file
                int counter = StateChild.counter(state);
                assertThat(state.group(StateChild.CHURN).health()).hasSize(StateChild.CHURN_TARGETS);

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
                State saved = after.update(s -> s.with("atlanta1", GroupState.EMPTY.withOverride("backup1", last.at())));
                assertThat(after.load()).isEqualTo(saved);
                assertThat(StateChild.counter(saved)).isPositive();
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
