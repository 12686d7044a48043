package io.dnsfailover.controller.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileJournalTest {

    static final Instant T0 = Instant.parse("2026-11-21T12:00:03.120Z");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Event apply(int n) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("provider", "cf");
        data.put("values", List.of("198.51.100.20"));
        data.put("ok", true);
        data.put("n", n);
        data.put("result", Map.of("status", 200));
        return Event.of(T0.plusMillis(n), "atlanta1", Event.Type.APPLY, data);
    }

    @Test
    void writesOneJsonObjectPerLineWithTheDocumentedFields() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.journal().append(apply(1));
            store.journal().append(new Event(T0, "atlanta1", Event.Type.PLAN, true, Map.of("changes", 1)));
        }
        List<String> lines = Files.readAllLines(dir.resolve("events.jsonl"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("{\"at\":\"2026-11-21T12:00:03.121Z\",\"group\":\"atlanta1\",\"type\":\"apply\","
                + "\"dryRun\":false,");
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("provider").asText()).isEqualTo("cf");
        assertThat(first.get("values").get(0).asText()).isEqualTo("198.51.100.20");
        assertThat(first.get("result").get("status").asInt()).isEqualTo(200);
        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.get("type").asText()).isEqualTo("plan");
        assertThat(second.get("dryRun").asBoolean()).isTrue();
    }

    @Test
    void readRebuildsTheEventsWithTheRemainingFieldsAsData() {
        Event daemon = Event.of(T0, null, Event.Type.DAEMON, Map.of("action", "start"));
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.journal().append(apply(1));
            store.journal().append(daemon);
            store.journal().append(new Event(T0, "atlanta1", Event.Type.GUARD, true, Map.of()));

            assertThat(store.journal().read()).containsExactly(
                    apply(1), daemon, new Event(T0, "atlanta1", Event.Type.GUARD, true, Map.of()));
        }
    }

    @Test
    void readOfAJournalNotYetWrittenIsEmptyAndCreatesNothing() {
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThat(store.journal().read()).isEmpty();
        }
        assertThat(dir.resolve("events.jsonl")).doesNotExist();
    }

    @Test
    void skipsATornLastLine() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.journal().append(apply(1));
            store.journal().append(apply(2));
        }
        String whole = Files.readString(dir.resolve("events.jsonl"));
        // a writer killed half-way through its line
        Files.writeString(dir.resolve("events.jsonl"), whole + whole.substring(0, 40), StandardOpenOption.TRUNCATE_EXISTING);

        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThat(store.journal().read()).containsExactly(apply(1), apply(2));
        }
    }

    @Test
    void skipsALineTornInsideAMultiByteCharacter() throws Exception {
        Event accented = Event.of(T0, "atlanta1", Event.Type.ERROR, Map.of("message", "délai dépassé"));
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.journal().append(apply(1));
            store.journal().append(accented);
        }
        byte[] bytes = Files.readAllBytes(dir.resolve("events.jsonl"));
        // cut the last line between the two bytes of its first é
        Files.write(dir.resolve("events.jsonl"), java.util.Arrays.copyOf(bytes, indexOfFirstMultiByte(bytes) + 1));

        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThat(store.journal().read()).containsExactly(apply(1));
        }
    }

    private static int indexOfFirstMultiByte(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] < 0) {
                return i;
            }
        }
        throw new AssertionError("no multi-byte character");
    }

    @Test
    void aNewWriterAfterATornLineStartsOnANewLine() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.journal().append(apply(1));
        }
        Files.writeString(dir.resolve("events.jsonl"), "{\"at\":\"2026-11-21T12:0", StandardOpenOption.APPEND);

        try (FileStateStore store = FileStateStore.open(dir)) {
            store.journal().append(apply(3));
            assertThat(store.journal().read()).containsExactly(apply(1), apply(3));
        }
        List<String> lines = Files.readAllLines(dir.resolve("events.jsonl"));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).startsWith("{\"at\":");
    }

    @Test
    void recoversAnEventGluedToATornFragment() throws Exception {
        // what a file looks like if a writer appended right after a torn line without starting a new one
        String whole = new String(new StateJson().eventLine(apply(2)), StandardCharsets.UTF_8);
        String nested = new String(new StateJson().eventLine(
                Event.of(T0, "g", Event.Type.VERIFY, Map.of("inner", Map.of("at", "x")))), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("events.jsonl"), "{\"at\":\"2026-11-21T12:0" + whole + "{\"at\":\"20" + nested);

        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThat(store.journal().read()).containsExactly(
                    apply(2), Event.of(T0, "g", Event.Type.VERIFY, Map.of("inner", Map.of("at", "x"))));
        }
    }

    @Test
    void skipsBlankLinesAndLinesItDoesNotUnderstand() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.journal().append(apply(1));
        }
        Files.writeString(dir.resolve("events.jsonl"),
                "\n{\"at\":\"2026-11-21T12:00:04Z\",\"group\":\"g\",\"type\":\"teleport\",\"dryRun\":false}\nnot json\n",
                StandardOpenOption.APPEND);
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.journal().append(apply(2));
            assertThat(store.journal().read()).containsExactly(apply(1), apply(2));
        }
    }

    @Test
    void refusesDataThatWouldShadowTheLinesOwnFields() {
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThatThrownBy(() -> store.journal().append(Event.of(T0, "g", Event.Type.ERROR, Map.of("type", "x"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'type'");
            assertThat(store.journal().read()).isEmpty();
        }
    }

    @Test
    void linesFromManyThreadsStayWhole() throws Exception {
        String big = "y".repeat(20_000); // larger than any stdio or pipe buffer
        try (FileStateStore store = FileStateStore.open(dir)) {
            FileStateStoreTest.runConcurrently(8, t -> () -> {
                for (int i = 0; i < 100; i++) {
                    store.journal().append(Event.of(T0, "g" + t, Event.Type.HEALTH, Map.of("i", i, "pad", big)));
                }
                return null;
            });
            List<Event> events = store.journal().read();
            assertThat(events).hasSize(800);
            Set<String> ids = events.stream().map(e -> e.group() + "/" + e.data().get("i")).collect(Collectors.toSet());
            assertThat(ids).hasSize(800);
        }
        assertThat(Files.readAllLines(dir.resolve("events.jsonl"))).hasSize(800).allSatisfy(l -> assertThat(l).endsWith("}"));
    }

    @Test
    void keepsAppendingFromAnInterruptedThread() {
        // the daemon's scheduler interrupts jobs; an interrupt must not close the journal for everyone
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.journal().append(apply(1));
            Thread.currentThread().interrupt();
            try {
                store.journal().append(apply(2));
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
            store.journal().append(apply(3));
            assertThat(store.journal().read()).containsExactly(apply(1), apply(2), apply(3));
        }
    }

    @Test
    void twoStoresOnOneDirectoryShareTheJournal() {
        try (FileStateStore a = FileStateStore.open(dir); FileStateStore b = FileStateStore.open(dir)) {
            List<Event> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                (i % 2 == 0 ? a : b).journal().append(apply(i));
                expected.add(apply(i));
            }
            assertThat(a.journal().read()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void appendAfterCloseIsRefused() {
        FileStateStore store = FileStateStore.open(dir);
        store.close();
        assertThatThrownBy(() -> store.journal().append(apply(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
