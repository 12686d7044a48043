package io.dnsfailover.controller.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.dnsfailover.health.Health;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateStoreTest {

    static final Instant T0 = Instant.parse("2026-11-21T12:00:03.120Z");

    @TempDir
    Path dir;

    static State everyField() {
        GroupState atlanta = new GroupState(
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
        return State.EMPTY.with("atlanta1", atlanta).with("dallas2", GroupState.EMPTY);
    }

    @Test
    void roundTripsAStateWithEveryField() {
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.update(s -> everyField());
        }
        try (FileStateStore reopened = FileStateStore.open(dir)) {
            assertThat(reopened.load()).isEqualTo(everyField());
        }
    }

    @Test
    void writesInstantsAsIsoStringsAndSortsGroupsByName() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.update(s -> everyField());
        }
        String json = Files.readString(dir.resolve("state.json"));
        assertThat(json)
                .contains("\"version\" : 1")
                .contains("\"lastSwitch\" : \"2026-11-21T12:00:03.120Z\"")
                .contains("\"health\" : \"DOWN\"")
                .contains("\"override\" : \"backup1\"");
        assertThat(json.indexOf("\"atlanta1\"")).isLessThan(json.indexOf("\"dallas2\""));
        assertThat(json.indexOf("\"backup1\" : {")).isLessThan(json.indexOf("\"primary\" : {"));
    }

    @Test
    void loadsEmptyStateWhenNothingWasSaved() {
        try (FileStateStore store = FileStateStore.open(dir.resolve("new/state"))) {
            assertThat(store.load()).isEqualTo(State.EMPTY);
            assertThat(store.dir()).isDirectory();
        }
    }

    @Test
    void updateSeesTheLatestStateAndReturnsWhatItSaved() {
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.update(s -> s.with("atlanta1", GroupState.EMPTY.withOverride("backup1", T0)));
            State saved = store.update(s -> s.with("atlanta1", s.group("atlanta1").withDecision("pinned", T0)));

            assertThat(saved.group("atlanta1").override()).isEqualTo("backup1");
            assertThat(saved.group("atlanta1").lastDecision()).isEqualTo("pinned");
            assertThat(store.load()).isEqualTo(saved);
        }
    }

    @Test
    void updateThatChangesNothingWritesNothing() {
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.update(s -> s);
            assertThat(dir.resolve("state.json")).doesNotExist();
        }
    }

    @Test
    void leavesNoTemporaryFileBehind() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.update(s -> everyField());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("state.json", "state.lock");
        }
    }

    @Test
    void updatesFromEightThreadsLoseNothing() throws Exception {
        int threads = 8;
        int each = 50;
        try (FileStateStore store = FileStateStore.open(dir)) {
            runConcurrently(threads, t -> () -> {
                for (int i = 0; i < each; i++) {
                    String value = t + "-" + i;
                    store.update(s -> s.with("g", StateChild.append(s.group("g"), value)));
                }
                return null;
            });
            List<String> published = store.load().group("g").published();
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
    void twoStoresOnOneDirectoryInOneJvmTakeTurns() throws Exception {
        try (FileStateStore a = FileStateStore.open(dir); FileStateStore b = FileStateStore.open(dir.resolve("."))) {
            runConcurrently(4, t -> () -> {
                FileStateStore store = t % 2 == 0 ? a : b;
                for (int i = 0; i < 50; i++) {
                    String value = t + "-" + i;
                    store.update(s -> s.with("g", StateChild.append(s.group("g"), value)));
                }
                return null;
            });
            assertThat(a.load().group("g").published()).hasSize(200).doesNotHaveDuplicates();
        }
    }

    @Test
    void refusesAnUpdateFromInsideAnUpdate() {
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThatThrownBy(() -> store.update(s -> store.update(x -> x)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("inside an update");
            // the refused nesting left the store usable
            store.update(s -> s.with("g", GroupState.EMPTY.withOverride("b", T0)));
            assertThat(store.load().group("g").override()).isEqualTo("b");
        }
    }

    @Test
    void aFailingChangeLeavesTheStateAsItWas() {
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.update(s -> everyField());
            assertThatThrownBy(() -> store.update(s -> {
                throw new IllegalArgumentException("boom");
            })).hasMessage("boom");
            assertThat(store.load()).isEqualTo(everyField());
        }
    }

    @Test
    void corruptStateFileIsAnErrorNamingTheFileAndTheWayOut() throws Exception {
        Path file = dir.resolve("state.json");
        Files.writeString(file, "{\n  \"version\" : 1,\n  \"groups\" : { \"atlanta1\" : { \"published\" : [ \"19");
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThatThrownBy(store::load)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("state file " + file.toRealPath() + " cannot be used")
                    .hasMessageContaining("line 3")
                    .hasMessageContaining("move it aside");
            // an update must not paper over it with a fresh state
            assertThatThrownBy(() -> store.update(s -> everyField())).isInstanceOf(IllegalStateException.class);
        }
        assertThat(Files.readString(file)).endsWith("\"19");
    }

    @Test
    void stateFileThatIsNotAnObjectIsAnError() throws Exception {
        Files.writeString(dir.resolve("state.json"), "[1, 2]");
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThatThrownBy(store::load).isInstanceOf(IllegalStateException.class).hasMessageContaining("state.json");
        }
    }

    @Test
    void groupThatIsNullIsAnError() throws Exception {
        Files.writeString(dir.resolve("state.json"), "{\"version\": 1, \"groups\": {\"atlanta1\": null}}");
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThatThrownBy(store::load)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("state.json")
                    .hasMessageContaining("group 'atlanta1' is null");
        }
    }

    @Test
    void targetHealthThatIsNullIsAnError() throws Exception {
        Files.writeString(dir.resolve("state.json"), "{\"groups\": {\"atlanta1\": {\"health\": {\"primary\": null}}}}");
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThatThrownBy(store::load).isInstanceOf(IllegalStateException.class).hasMessageContaining("state.json");
        }
    }

    @Test
    void emptyStateFileIsAnErrorNotAnEmptyState() throws Exception {
        Files.writeString(dir.resolve("state.json"), "");
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThatThrownBy(store::load).isInstanceOf(IllegalStateException.class).hasMessageContaining("state.json");
        }
    }

    @Test
    void stateFromANewerFormatIsRefusedRatherThanRewritten() throws Exception {
        Files.writeString(dir.resolve("state.json"), "{\"version\": 2, \"groups\": {}, \"sites\": {}}");
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThatThrownBy(store::load)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("format version 2, written by a newer dnsfailover");
        }
    }

    @Test
    void readsAHandWrittenFileWithoutVersionOrOptionalFields() throws Exception {
        Files.writeString(dir.resolve("state.json"), "{\"groups\": {\"atlanta1\": {\"override\": \"backup1\"}}}");
        try (FileStateStore store = FileStateStore.open(dir)) {
            GroupState g = store.load().group("atlanta1");
            assertThat(g.override()).isEqualTo("backup1");
            assertThat(g.published()).isEmpty();
            assertThat(g.health()).isEmpty();
        }
    }

    @Test
    void directoryThatCannotBeCreatedIsAClearError() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        Path wanted = file.resolve("state");
        assertThatThrownBy(() -> FileStateStore.open(wanted))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("cannot create state directory " + wanted + ": ")
                .hasMessageEndingWith("; set state.dir to a writable directory");
    }

    @Test
    void stateDirThatIsAFileIsAClearError() throws Exception {
        Path file = Files.writeString(dir.resolve("state"), "x");
        assertThatThrownBy(() -> FileStateStore.open(file))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot create state directory " + file)
                .hasMessageContaining("exists and is not a directory")
                .hasMessageEndingWith("; set state.dir to a writable directory");
    }

    @Test
    void directoryWithoutWritePermissionIsAClearError() throws Exception {
        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            // root may write anyway; then there is nothing to refuse
            assumeFalse(Files.isWritable(readOnly), "running as root: permissions do not stop this user");
            assertThatThrownBy(() -> FileStateStore.open(readOnly.resolve("state")))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("permission denied")
                    .hasMessageEndingWith("; set state.dir to a writable directory");
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void stateIsWrittenAsUtf8() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.update(s -> s.with("g", GroupState.EMPTY.withDecision("primary DOWN — since 12:00", T0)));
            assertThat(new String(Files.readAllBytes(dir.resolve("state.json")), StandardCharsets.UTF_8))
                    .contains("primary DOWN — since 12:00");
            assertThat(store.load().group("g").lastDecision()).isEqualTo("primary DOWN — since 12:00");
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
