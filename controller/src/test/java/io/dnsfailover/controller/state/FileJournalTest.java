package io.dnsfailover.controller.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnsfailover.controller.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
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
            StateStoreContract.runConcurrently(8, t -> () -> {
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

    // ---- rotation ----------------------------------------------------------------------------------------

    @TempDir
    Path logs;

    private final List<FileJournal> opened = new ArrayList<>();
    private ChildJvms children;

    @BeforeEach
    void startChildren() {
        children = new ChildJvms(logs);
    }

    @AfterEach
    void stopChildrenAndJournals() throws Exception {
        children.close();
        for (FileJournal j : opened) {
            j.close();
        }
    }

    private FileJournal journal(long maxBytes, int keep) {
        FileJournal j = new FileJournal(dir.resolve("events.jsonl"), new StateJson(), maxBytes, keep);
        opened.add(j);
        return j;
    }

    static String line(Event e) {
        return new String(new StateJson().eventLine(e), StandardCharsets.UTF_8);
    }

    /** The file names in the state directory, sorted. */
    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private String gunzip(String name) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve(name)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void gzip(String name, String content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(name)))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final Pattern ROTATED = Pattern.compile("events\\.jsonl\\.(\\d+)(\\.gz)?");

    /** The numbers of the rotated files, whether compressed yet or not. */
    private SortedSet<Long> rotatedNumbers() throws IOException {
        SortedSet<Long> numbers = new TreeSet<>();
        for (String name : names()) {
            Matcher m = ROTATED.matcher(name);
            if (m.matches()) {
                numbers.add(Long.parseLong(m.group(1)));
            }
        }
        return numbers;
    }

    /** Each rotated file's uncompressed content, oldest first (an uncompressed file in place of its compressed twin). */
    private List<String> rotatedContents() throws IOException {
        List<String> contents = new ArrayList<>();
        for (long n : rotatedNumbers()) {
            String plain = String.format("events.jsonl.%06d", n);
            contents.add(Files.exists(dir.resolve(plain)) ? Files.readString(dir.resolve(plain)) : gunzip(plain + ".gz"));
        }
        return contents;
    }

    /** Every line ever journalled that is still kept: the rotated files, oldest first, then events.jsonl. */
    private List<String> history() throws IOException {
        StringBuilder all = new StringBuilder();
        rotatedContents().forEach(all::append);
        Path current = dir.resolve("events.jsonl");
        if (Files.exists(current)) {
            all.append(Files.readString(current));
        }
        return all.toString().lines().filter(l -> !l.isBlank()).toList();
    }

    /** For each group (writer), the numbers {@code n} of its events in the order they are in the history. */
    private static Map<String, List<Integer>> numbersByWriter(List<String> lines) throws IOException {
        Map<String, List<Integer>> by = new TreeMap<>();
        for (String l : lines) {
            JsonNode node;
            try {
                node = JSON.readTree(l);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                continue; // a line torn by a kill; the numbers around it show whether anything was lost
            }
            by.computeIfAbsent(node.get("group").asText(), g -> new ArrayList<>()).add(node.get("n").asInt());
        }
        return by;
    }

    /** How many rotations there must have been at least, when each rotated file holds less than max + extra. */
    private int minimumRotations(long max, int extra) throws IOException {
        long total = history().stream().mapToLong(l -> l.length() + 1).sum();
        return (int) ((total - max) / (max + extra));
    }

    private static List<Integer> upTo(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    void rotatesWhenTheFileReachesMaxBytes() throws Exception {
        int length = line(apply(1)).length(); // apply(1) to apply(9) are the same length
        FileJournal journal = journal(3L * length, 1);
        journal.append(apply(1));
        journal.append(apply(2));
        assertThat(names()).containsExactly("events.jsonl", "events.lock");

        journal.append(apply(3));

        assertThat(names()).containsExactly("events.jsonl", "events.jsonl.000001.gz", "events.lock");
        assertThat(gunzip("events.jsonl.000001.gz")).isEqualTo(line(apply(1)) + line(apply(2)) + line(apply(3)));
        // the current file is there at once, empty, for tail -F and jq
        assertThat(dir.resolve("events.jsonl")).isEmptyFile();
        assertThat(journal.read()).isEmpty();

        journal.append(apply(4));
        assertThat(journal.read()).containsExactly(apply(4));
        assertThat(Files.readString(dir.resolve("events.jsonl"))).isEqualTo(line(apply(4)));
    }

    @Test
    void keepsTheNewestKeepRotatedFilesAndDeletesTheOldest() throws Exception {
        FileJournal journal = journal(1, 2);
        for (int i = 1; i <= 5; i++) {
            journal.append(apply(i));
        }
        assertThat(names()).containsExactly("events.jsonl", "events.jsonl.000004.gz", "events.jsonl.000005.gz", "events.lock");
        assertThat(gunzip("events.jsonl.000004.gz")).isEqualTo(line(apply(4)));
        assertThat(gunzip("events.jsonl.000005.gz")).isEqualTo(line(apply(5)));
    }

    @Test
    void aCompressedFileHoldsExactlyTheBytesWritten() throws Exception {
        List<Event> events = List.of(
                Event.of(T0, "atlanta1", Event.Type.ERROR, Map.of("message", "délai dépassé ✓ 名前")),
                Event.of(T0, "atlanta1", Event.Type.HEALTH, Map.of("pad", "z".repeat(200_000))),
                apply(1));
        String expected = events.stream().map(FileJournalTest::line).collect(Collectors.joining());
        FileJournal journal = journal(expected.getBytes(StandardCharsets.UTF_8).length, 10);
        events.forEach(journal::append);

        assertThat(names()).contains("events.jsonl.000001.gz");
        assertThat(gunzip("events.jsonl.000001.gz")).isEqualTo(expected);
        assertThat(Files.size(dir.resolve("events.jsonl.000001.gz"))).isLessThan(expected.length() / 10);
    }

    @Test
    void theTwoArgumentJournalRotatesAt64MiBAndKeepsTen() throws Exception {
        assertThat(FileJournal.DEFAULT_MAX_BYTES).isEqualTo(Config.StateConfig.DEFAULT_JOURNAL_MAX_SIZE).isEqualTo(64L << 20);
        assertThat(FileJournal.DEFAULT_KEEP).isEqualTo(Config.StateConfig.DEFAULT_JOURNAL_KEEP).isEqualTo(10);
        for (int n = 1; n <= 10; n++) {
            gzip(String.format("events.jsonl.%06d.gz", n), "old " + n + "\n");
        }
        int length = line(apply(1)).length();
        // a sparse file one line and one byte short of 64 MiB, ending in a newline
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("events.jsonl").toFile(), "rw")) {
            f.setLength((64L << 20) - length - 1);
            f.seek(f.length() - 1);
            f.write('\n');
        }
        try (FileJournal journal = new FileJournal(dir.resolve("events.jsonl"), new StateJson())) {
            journal.append(apply(1));
            assertThat(rotatedNumbers()).hasSize(10).first().isEqualTo(1L);

            journal.append(apply(2));
        }
        assertThat(rotatedNumbers()).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("events.jsonl.000011.gz")))) {
            assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo((64L << 20) - 1 + length);
        }
        assertThat(gunzip("events.jsonl.000010.gz")).isEqualTo("old 10\n");
    }

    @Test
    void refusesAMaxBytesOrKeepBelowOne() {
        Path file = dir.resolve("events.jsonl");
        assertThatThrownBy(() -> new FileJournal(file, new StateJson(), 0, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the journal's maxBytes must be at least 1, but was 0");
        assertThatThrownBy(() -> new FileJournal(file, new StateJson(), 100, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the journal's keep must be at least 1, but was 0");
    }

    @Test
    void noLineIsLostOrDuplicatedWhenManyThreadsAppendAcrossRotations() throws Exception {
        long max = 8 * 1024;
        FileJournal journal = journal(max, 1000);
        int threads = 8;
        int each = 200;
        StateStoreContract.runConcurrently(threads, t -> () -> {
            for (int i = 0; i < each; i++) {
                journal.append(JournalChild.event("t" + t, i));
            }
            return null;
        });

        Map<String, List<Integer>> written = numbersByWriter(history());
        assertThat(written).hasSize(threads).allSatisfy((writer, numbers) -> assertThat(numbers).containsExactlyElementsOf(upTo(each)));
        int longest = line(JournalChild.event("t0", each)).length();
        assertThat(rotatedNumbers()).hasSizeGreaterThanOrEqualTo(minimumRotations(max, longest));
        // rotated as soon as the threshold was crossed, once per crossing
        assertThat(rotatedContents()).allSatisfy(c -> assertThat((long) c.length()).isBetween(max, max + longest));
        assertThat(names()).allMatch(n -> n.endsWith(".gz") || n.equals("events.jsonl") || n.equals("events.lock"));
    }

    @Test
    void noLineIsLostOrDuplicatedWhenTwoOtherProcessesAndThisOneAppendAcrossRotations() throws Exception {
        long max = 4 * 1024;
        int each = 300;
        ChildJvms.Child first = children.start(JournalChild.class, "append", dir.toString(), "first", Integer.toString(each),
                Long.toString(max), "1000");
        ChildJvms.Child second = children.start(JournalChild.class, "append", dir.toString(), "second", Integer.toString(each),
                Long.toString(max), "1000");
        first.awaitOutput("ready");
        second.awaitOutput("ready");
        FileJournal journal = journal(max, 1000);
        first.sendLine();
        second.sendLine();
        for (int i = 0; i < each; i++) {
            journal.append(JournalChild.event("self", i));
        }
        assertThat(first.awaitExit()).as(first.output()).isZero();
        assertThat(second.awaitExit()).as(second.output()).isZero();

        Map<String, List<Integer>> written = numbersByWriter(history());
        assertThat(written.keySet()).containsExactly("first", "second", "self");
        assertThat(written).allSatisfy((writer, numbers) -> assertThat(numbers).containsExactlyElementsOf(upTo(each)));
        int longest = line(JournalChild.event("second", each)).length();
        assertThat(rotatedNumbers()).hasSizeGreaterThanOrEqualTo(minimumRotations(max, 3 * longest));
        // never a second rotation for one crossing: that would rotate a file smaller than max; each of the
        // three appenders may add a line between a crossing and its rotation
        assertThat(rotatedContents()).allSatisfy(c -> assertThat((long) c.length()).isBetween(max, max + 3L * longest));
        assertThat(names()).allMatch(n -> n.endsWith(".gz") || n.equals("events.jsonl") || n.equals("events.lock"));
    }

    @Test
    void anAppenderWithTheOldFileOpenWritesToTheNewFileAfterAnotherProcessRotated() throws Exception {
        FileJournal journal = journal(FileJournal.DEFAULT_MAX_BYTES, 10);
        journal.append(apply(1)); // opens events.jsonl and keeps it open

        // another process, whose journal rotates at every line, appends once
        ChildJvms.Child other = children.start(JournalChild.class, "append", dir.toString(), "other", "1", "1", "10");
        other.awaitOutput("ready");
        other.sendLine();
        assertThat(other.awaitExit()).as(other.output()).isZero();
        assertThat(gunzip("events.jsonl.000001.gz")).isEqualTo(line(apply(1)) + line(JournalChild.event("other", 0)));

        journal.append(apply(2));
        assertThat(journal.read()).containsExactly(apply(2));
        assertThat(gunzip("events.jsonl.000001.gz")).isEqualTo(line(apply(1)) + line(JournalChild.event("other", 0)));
    }

    @Test
    void anAppenderWritesToANewFileWhenTheJournalWasMovedAway() throws Exception {
        FileJournal journal = journal(FileJournal.DEFAULT_MAX_BYTES, 10);
        journal.append(apply(1));
        Files.move(dir.resolve("events.jsonl"), dir.resolve("moved.jsonl"));

        journal.append(apply(2));
        assertThat(journal.read()).containsExactly(apply(2));
        assertThat(Files.readString(dir.resolve("moved.jsonl"))).isEqualTo(line(apply(1)));
        // and let go of the old one
        assertThat(openFilesIn(dir)).containsExactly("events.jsonl");
    }

    @Test
    void anAppendWaitsWhileAnotherProcessRotates() throws Exception {
        // another process in the middle of a rotation holds the exclusive lock
        ChildJvms.Child other = children.start(JournalChild.class, "hold-lock", dir.toString(), "exclusive");
        other.awaitOutput("locked");
        FileJournal journal = journal(FileJournal.DEFAULT_MAX_BYTES, 10);

        Background append = Background.run(() -> journal.append(apply(1)));
        append.awaitWaitingForTheLock();
        assertThat(dir.resolve("events.jsonl")).doesNotExist();

        other.sendLine();
        append.awaitDone();
        assertThat(journal.read()).containsExactly(apply(1));
    }

    @Test
    void appendsShareTheLockWithAnotherProcessesAppendButARotationWaitsForIt() throws Exception {
        // another process between its check and its write holds the shared lock
        ChildJvms.Child other = children.start(JournalChild.class, "hold-lock", dir.toString(), "shared");
        other.awaitOutput("locked");
        int length = line(apply(1)).length();
        FileJournal journal = journal(2L * length, 10);

        Background append = Background.run(() -> journal.append(apply(1)));
        append.awaitDone();
        assertThat(journal.read()).containsExactly(apply(1));

        Background crossing = Background.run(() -> journal.append(apply(2)));
        crossing.awaitWaitingForTheLock();
        // its line is written; the rotation waits until no other process can be writing to the file
        assertThat(journal.read()).containsExactly(apply(1), apply(2));
        assertThat(rotatedNumbers()).isEmpty();

        other.sendLine();
        crossing.awaitDone();
        assertThat(gunzip("events.jsonl.000001.gz")).isEqualTo(line(apply(1)) + line(apply(2)));
    }

    @Test
    void ofTwoAppendersThatCrossTheThresholdTogetherOnlyTheFirstRotates() throws Exception {
        ChildJvms.Child other = children.start(JournalChild.class, "hold-lock", dir.toString(), "shared");
        other.awaitOutput("locked");
        FileJournal journal = journal(1, 10);
        Background crossing = Background.run(() -> journal.append(apply(1)));
        crossing.awaitWaitingForTheLock();

        // meanwhile the other appender rotates (by hand: the child only holds the lock, this test does the rest)
        Path renamed = Files.move(dir.resolve("events.jsonl"), logs.resolve("rotated"));
        gzip("events.jsonl.000001.gz", Files.readString(renamed));
        Files.createFile(dir.resolve("events.jsonl"));
        other.sendLine();
        crossing.awaitDone();

        assertThat(rotatedNumbers()).containsExactly(1L);
        assertThat(gunzip("events.jsonl.000001.gz")).isEqualTo(line(apply(1)));
    }

    @Test
    void anAppendInterruptedWhileWaitingForTheLockStillWritesItsLineAndKeepsTheInterrupt() throws Exception {
        ChildJvms.Child other = children.start(JournalChild.class, "hold-lock", dir.toString(), "exclusive");
        other.awaitOutput("locked");
        FileJournal journal = journal(FileJournal.DEFAULT_MAX_BYTES, 10);
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        Background append = Background.run(() -> {
            journal.append(apply(1));
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        append.awaitWaitingForTheLock();

        append.thread.interrupt();
        // it noticed the interrupt (clearing the flag for now) and waits again
        await("the append to wait again").atMost(ChildJvms.DEADLINE)
                .until(() -> !append.thread.isInterrupted() && append.waitingForTheLock() || append.done.isDone());
        assertThat(append.done).isNotDone();
        assertThat(dir.resolve("events.jsonl")).doesNotExist();

        other.sendLine();
        append.awaitDone();
        assertThat(interruptedAfter).isTrue();
        assertThat(journal.read()).containsExactly(apply(1));
        journal.append(apply(2));
        assertThat(journal.read()).containsExactly(apply(1), apply(2));
    }

    @Test
    void twoJournalsOnOneDirectorySpelledTwoWaysInOneJvmTakeTurns() throws Exception {
        Path link = Files.createSymbolicLink(logs.resolve("link"), dir);
        FileJournal a = journal(2048, 1000);
        FileJournal b = new FileJournal(link.resolve("events.jsonl"), new StateJson(), 2048, 1000);
        opened.add(b);
        StateStoreContract.runConcurrently(4, t -> () -> {
            for (int i = 0; i < 100; i++) {
                (t % 2 == 0 ? a : b).append(JournalChild.event("t" + t, i));
            }
            return null;
        });
        assertThat(numbersByWriter(history())).hasSize(4).allSatisfy((w, numbers) -> assertThat(numbers).isEqualTo(upTo(100)));
        Files.delete(link);
    }

    @Test
    void holdsOnlyTheCurrentFileOpenBetweenAppendsAndNothingAfterARotationOrClose() throws Exception {
        int length = line(apply(1)).length();
        FileJournal journal = journal(2L * length, 10);
        journal.append(apply(1));
        // the lock file is closed after each append; the journal stays open for the next one
        assertThat(openFilesIn(dir)).containsExactly("events.jsonl");

        journal.append(apply(2));
        // the rotated file is deleted once compressed: an open descriptor would keep its space on the disk
        assertThat(openFilesIn(dir)).isEmpty();

        journal.append(apply(3));
        assertThat(openFilesIn(dir)).containsExactly("events.jsonl");
        journal.close();
        assertThat(openFilesIn(dir)).isEmpty();
    }

    /** The files in {@code d} this JVM has open (from /proc/self/fd; the test is skipped where there is none). */
    private static List<String> openFilesIn(Path d) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        Assumptions.assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd");
        String prefix = d.toRealPath() + "/";
        List<String> open = new ArrayList<>();
        try (Stream<Path> all = Files.list(fds)) {
            for (Path fd : all.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(prefix)) {
                        open.add(target.substring(prefix.length()));
                    }
                } catch (IOException e) {
                    // closed meanwhile (the listing's own descriptor, for one)
                }
            }
        }
        return open;
    }

    @Test
    void closingOneJournalLetsAnotherOnTheSameDirectoryAppendFromAnyThread() throws Exception {
        FileJournal first = journal(FileJournal.DEFAULT_MAX_BYTES, 10);
        first.append(apply(1));
        first.close();

        FileJournal second = journal(FileJournal.DEFAULT_MAX_BYTES, 10);
        Background append = Background.run(() -> second.append(apply(2)));
        append.awaitDone();
        assertThat(second.read()).containsExactly(apply(1), apply(2));
    }

    @Test
    void aRefusedAppendNeitherLosesNorInventsAnInterrupt() throws Exception {
        FileJournal journal = journal(FileJournal.DEFAULT_MAX_BYTES, 10);
        journal.close();
        assertThatThrownBy(() -> journal.append(apply(1))).isInstanceOf(IllegalStateException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> journal.append(apply(1))).isInstanceOf(IllegalStateException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aJournalInADirectoryThatIsGoneSaysWhyItCannotAppend() {
        FileJournal journal = new FileJournal(dir.resolve("gone").resolve("events.jsonl"), new StateJson(), 100, 10);
        opened.add(journal);
        assertThat(journal.read()).isEmpty();
        assertThatThrownBy(() -> journal.append(apply(1)))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("cannot append to the journal " + dir.resolve("gone").resolve("events.jsonl"))
                .hasMessageContaining("no such file or directory");
    }

    // ---- crash mid-rotation ------------------------------------------------------------------------------

    @Test
    void theNextRotationCompressesWhatACrashLeftUncompressedAndDeletesHalfWrittenFiles() throws Exception {
        // killed after renaming, while compressing: the whole file and a partial temporary one
        Files.writeString(dir.resolve("events.jsonl.000001"), line(apply(1)));
        Files.write(dir.resolve("events.jsonl.000001.gz.tmp"), new byte[] {0x1f, (byte) 0x8b, 8});
        // killed after compressing, before deleting the uncompressed file
        Files.writeString(dir.resolve("events.jsonl.000002"), line(apply(2)));
        gzip("events.jsonl.000002.gz", line(apply(2)));
        // killed right after renaming: no events.jsonl yet
        FileJournal journal = journal(1, 10);

        journal.append(apply(3));

        assertThat(names()).containsExactly("events.jsonl", "events.jsonl.000001.gz", "events.jsonl.000002.gz",
                "events.jsonl.000003.gz", "events.lock");
        assertThat(gunzip("events.jsonl.000001.gz")).isEqualTo(line(apply(1)));
        assertThat(gunzip("events.jsonl.000002.gz")).isEqualTo(line(apply(2)));
        assertThat(gunzip("events.jsonl.000003.gz")).isEqualTo(line(apply(3)));
    }

    @Test
    void numbersContinueAfterTheHighestLeftOverAndTheBoundCountsUncompressedFiles() throws Exception {
        gzip("events.jsonl.000003.gz", line(apply(3)));
        Files.writeString(dir.resolve("events.jsonl.000004"), line(apply(4)));
        Files.writeString(dir.resolve("events.jsonl.000005"), line(apply(5)));
        Files.writeString(dir.resolve("events.jsonl.notes"), "an operator's file");
        FileJournal journal = journal(1, 2);

        journal.append(apply(6));

        assertThat(names()).containsExactly("events.jsonl", "events.jsonl.000005.gz", "events.jsonl.000006.gz",
                "events.jsonl.notes", "events.lock");
        assertThat(gunzip("events.jsonl.000005.gz")).isEqualTo(line(apply(5)));
        assertThat(gunzip("events.jsonl.000006.gz")).isEqualTo(line(apply(6)));
    }

    @Test
    void aRotationThatCannotFinishIsLoggedTheLineIsKeptAndTheRestIsDone() throws Exception {
        // a temporary name that cannot be deleted (a directory with a file in it) makes number 5 fail
        Files.createDirectories(dir.resolve("events.jsonl.000005.gz.tmp"));
        Files.writeString(dir.resolve("events.jsonl.000005.gz.tmp").resolve("x"), "x");
        Files.writeString(dir.resolve("events.jsonl.000004"), line(apply(4)));
        FileJournal journal = journal(1, 10);

        journal.append(apply(6));

        assertThat(gunzip("events.jsonl.000006.gz")).isEqualTo(line(apply(6)));
        assertThat(gunzip("events.jsonl.000004.gz")).isEqualTo(line(apply(4)));
        assertThat(dir.resolve("events.jsonl.000004")).doesNotExist();
        journal.append(apply(7));
        assertThat(gunzip("events.jsonl.000007.gz")).isEqualTo(line(apply(7)));
    }

    @Test
    void aWriterKilledAtAnyMomentOfItsRotationsLosesNoLineAndTheNextRotationRepairs() throws Exception {
        long max = 2048;
        Random random = new Random();
        int runs = 4;
        for (int run = 0; run < runs; run++) {
            int target = rotatedNumbers().size() + 1 + random.nextInt(8);
            ChildJvms.Child writer = children.start(JournalChild.class, "append-forever", dir.toString(), "run" + run,
                    Long.toString(max), "1000");
            await("child to rotate " + target + " files").atMost(ChildJvms.DEADLINE).pollInterval(Duration.ofMillis(2))
                    .until(() -> {
                        if (!writer.process().isAlive()) {
                            throw new AssertionError("the child exited: " + writer.output());
                        }
                        return rotatedNumbers().size() >= target;
                    });
            writer.kill();

            Map<String, List<Integer>> written = numbersByWriter(history());
            assertThat(written).hasSize(run + 1).allSatisfy((w, numbers) -> assertThat(numbers).isNotEmpty()
                    .isEqualTo(upTo(numbers.size())));
        }
        Map<String, List<Integer>> beforeRepair = numbersByWriter(history());

        FileJournal journal = journal(max, 1000);
        long last = rotatedNumbers().last();
        for (int i = 0; rotatedNumbers().last() == last; i++) {
            journal.append(JournalChild.event("self", i));
        }

        assertThat(names()).allMatch(n -> n.endsWith(".gz") || n.equals("events.jsonl") || n.equals("events.lock"));
        Map<String, List<Integer>> written = numbersByWriter(history());
        assertThat(written).containsAllEntriesOf(beforeRepair).containsKey("self");
        assertThat(rotatedContents()).allSatisfy(c -> assertThat((long) c.length()).isGreaterThanOrEqualTo(max));
    }

    /** One call run in its own thread, so that the test can see it wait. */
    record Background(Thread thread, CompletableFuture<Void> done) {

        static Background run(Runnable r) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    r.run();
                    done.complete(null);
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                }
            }, "background append");
            t.setDaemon(true);
            t.start();
            return new Background(t, done);
        }

        /** In the system call that waits for an OS file lock. */
        boolean waitingForTheLock() {
            return Arrays.stream(thread.getStackTrace()).anyMatch(f -> f.getMethodName().equals("lock0"));
        }

        /** Waits until it blocks on the OS lock; fails at once if it finishes instead. */
        void awaitWaitingForTheLock() {
            await("the append to wait for the lock").atMost(ChildJvms.DEADLINE).until(() -> waitingForTheLock() || done.isDone());
            assertThat(done).as("the append finished instead of waiting for the lock").isNotDone();
        }

        void awaitDone() throws Exception {
            done.get(ChildJvms.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
