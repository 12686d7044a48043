package io.dnsfailover.controller.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.dnsfailover.controller.state.StateStoreContract.T0;
import static io.dnsfailover.controller.state.StateStoreContract.atlanta;
import static io.dnsfailover.controller.state.StateStoreContract.everyField;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.dnsfailover.health.Health;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileStateStoreTest {

    static final String FORMAT_1_SAMPLE = "format1-state.json";

    @TempDir
    Path dir;

    /** What {@code format1-state.json} holds: a state.json written by dnsfailover before format 2. */
    static State format1Sample() {
        GroupState dallas = GroupState.EMPTY.withPublished(List.of("192.0.2.7"), T0.minusSeconds(86400), T0.minusSeconds(86400))
                .withDecision("primary UP", T0);
        return State.EMPTY.with("atlanta1", atlanta()).with("dallas2", dallas).with("idle", GroupState.EMPTY);
    }

    /** Puts the format-1 sample in {@code dir} as its state.json; returns what it holds. */
    static State writeFormat1Sample(Path dir) throws IOException {
        try (InputStream in = FileStateStoreTest.class.getResourceAsStream(FORMAT_1_SAMPLE)) {
            Files.copy(in, dir.resolve("state.json"));
        }
        return format1Sample();
    }

    static void save(FileStateStore store, State state) {
        state.groups().forEach((name, g) -> store.update(name, old -> g));
    }

    Path groupFile(String name) {
        return dir.resolve("groups").resolve(name + ".json");
    }

    /** Every file under the directory, as paths relative to it. */
    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static Object identity(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime());
    }

    // ---------------------------------------------------------------- layout and round trip

    @Test
    void keepsEachGroupInItsOwnFileAndOnlyTheFormatInTheMarker() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir)) {
            save(store, everyField());
        }
        assertThat(Files.readString(dir.resolve("state.json")))
                .isEqualTo("{\n  \"version\" : 2,\n  \"layout\" : \"each group's state is in groups/<group>.json\"\n}\n");
        String atlanta = Files.readString(groupFile("atlanta1"));
        assertThat(atlanta)
                .startsWith("{\n  \"version\" : 2,\n  \"state\" : {")
                .contains("\"lastSwitch\" : \"2026-11-21T12:00:03.120Z\"")
                .contains("\"health\" : \"DOWN\"")
                .contains("\"override\" : \"backup1\"")
                .doesNotContain("dallas2")
                .doesNotContain("remembersNothing");
        assertThat(atlanta.indexOf("\"backup1\" : {")).isLessThan(atlanta.indexOf("\"primary\" : {"));
        assertThat(Files.readString(groupFile("dallas2"))).contains("\"override\" : null").doesNotContain("atlanta1");
    }

    @Test
    void loadsEmptyStateWhenNothingWasSaved() {
        try (FileStateStore store = FileStateStore.open(dir.resolve("new/state"))) {
            assertThat(store.load()).isEqualTo(State.EMPTY);
            assertThat(store.read("atlanta1")).isEqualTo(StateStore.GroupRead.absent());
            assertThat(store.dir()).isDirectory();
        }
    }

    @Test
    void readOnlyUseCreatesNoFile() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.load();
            store.read("atlanta1");
            store.problems();
            store.journal().read();
        }
        assertThat(files(dir)).isEmpty();
    }

    @Test
    void updateIfPresentChangesAGroupThatIsThereAndWritesNothingForOneThatIsNot() throws Exception {
        Path stateDir = dir.resolve("state");
        try (FileStateStore store = FileStateStore.open(stateDir)) {
            assertThat(store.updateIfPresent("atlanta1", g -> atlanta())).as("never saved").isEmpty();
            assertThat(stateDir.resolve("groups/atlanta1.json")).doesNotExist();

            store.update("atlanta1", g -> atlanta());
            assertThat(store.updateIfPresent("atlanta1", g -> g.withDecision("primary UP", T0)))
                    .hasValueSatisfying(g -> assertThat(g.override()).isEqualTo("backup1"));
            assertThat(store.read("atlanta1").state().lastDecision()).isEqualTo("primary UP");

            Files.delete(stateDir.resolve("groups/atlanta1.json"));
            assertThat(store.updateIfPresent("atlanta1", g -> g.withDecision("deleted", T0))).as("deleted").isEmpty();
            assertThat(stateDir.resolve("groups/atlanta1.json")).doesNotExist();

            deleteRecursively(stateDir);
            assertThat(store.updateIfPresent("atlanta1", g -> g.withDecision("gone", T0))).as("directory gone").isEmpty();
            assertThat(stateDir).doesNotExist();
        }
    }

    @Test
    void updateIfPresentWritesNothingOverAFileOrMarkerDeletedWhileTheChangeWasMade() throws Exception {
        Path stateDir = dir.resolve("state");
        try (FileStateStore store = FileStateStore.open(stateDir)) {
            store.update("atlanta1", g -> atlanta());
            Path file = stateDir.resolve("groups/atlanta1.json");
            assertThat(store.updateIfPresent("atlanta1", g -> {
                deleteQuietly(file); // another process, between this writer's read and its write
                return g.withDecision("after the read", T0);
            })).isEmpty();
            assertThat(file).as("not recreated with the change alone").doesNotExist();

            store.update("atlanta1", g -> atlanta());
            Path marker = stateDir.resolve("state.json");
            assertThat(store.updateIfPresent("atlanta1", g -> {
                deleteQuietly(marker);
                return g.withDecision("after the read", T0);
            })).isEmpty();
            assertThat(marker).as("the marker is not recreated either: its loss is for the daemon to find").doesNotExist();
            assertThat(store.problems()).singleElement().asString().contains("is gone");
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void updateIfPresentSeesAGroupOfAFormat1File() throws Exception {
        writeFormat1Sample(dir);
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThat(store.updateIfPresent("atlanta1", g -> g.withDecision("primary UP", T0)))
                    .hasValueSatisfying(g -> assertThat(g.override()).isEqualTo("backup1"));
            assertThat(store.updateIfPresent("nowhere", g -> g.withDecision("primary UP", T0))).isEmpty();
            assertThat(store.load().groups()).containsOnlyKeys("atlanta1", "dallas2", "idle");
        }
    }

    @Test
    void updateThatChangesNothingWritesNoStateFile() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.update("atlanta1", g -> g);
        }
        assertThat(files(dir)).noneMatch(f -> f.endsWith(".json"));
    }

    @Test
    void leavesNoTemporaryFileBehind() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir)) {
            save(store, everyField());
        }
        assertThat(files(dir)).containsExactly("groups/atlanta1.json", "groups/atlanta1.lock", "groups/dallas2.json",
                "groups/dallas2.lock", "state.json", "state.lock");
    }

    @Test
    void updatingOneGroupRewritesNoOtherGroupsFile() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.update("dallas2", g -> g.withOverride("backup1", T0));
            store.update("atlanta1", g -> g.withOverride("backup1", T0));
            // old times, so that a rewrite, even within this second, shows as a change of time
            FileTime old = FileTime.from(T0.minusSeconds(86400));
            Files.setLastModifiedTime(groupFile("dallas2"), old);
            Files.setLastModifiedTime(dir.resolve("state.json"), old);
            Object dallas = identity(groupFile("dallas2"));
            Object marker = identity(dir.resolve("state.json"));

            for (int i = 0; i < 10; i++) {
                String reason = "tick " + i;
                store.update("atlanta1", g -> g.withDecision(reason, T0));
                store.read("atlanta1");
            }

            assertThat(identity(groupFile("dallas2"))).isEqualTo(dallas);
            assertThat(identity(dir.resolve("state.json"))).isEqualTo(marker);
            assertThat(store.read("atlanta1").state().lastDecision()).isEqualTo("tick 9");
        }
    }

    @Test
    void aBrokenGroupFileDoesNotHoldUpTheOthers() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir)) {
            save(store, everyField());
            Files.writeString(groupFile("dallas2"), "{ \"version\" : 2, \"sta");

            assertThat(store.read("atlanta1")).isEqualTo(new StateStore.GroupRead(atlanta(), true, null));
            assertThat(store.update("atlanta1", g -> g.withOverride(null, null)).override()).isNull();
            assertThat(store.read("dallas2").unusable()).contains("groups/dallas2.json");
            assertThatThrownBy(store::load).isInstanceOf(StateUnusableException.class).hasMessageContaining("dallas2.json");
        }
    }

    @Test
    void aChangeOfTheSameSizeByAnotherStoreIsSeenAtOnce() {
        try (FileStateStore reader = FileStateStore.open(dir); FileStateStore writer = FileStateStore.open(dir)) {
            writer.update("atlanta1", g -> g.withOverride("backup1", T0));
            assertThat(reader.read("atlanta1").state().override()).isEqualTo("backup1");
            writer.update("atlanta1", g -> g.withOverride("backup2", T0));
            assertThat(reader.read("atlanta1").state().override()).isEqualTo("backup2");
        }
    }

    @Test
    void stateIsWrittenAsUtf8() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.update("g", g -> g.withDecision("primary DOWN — since 12:00", T0));
            assertThat(new String(Files.readAllBytes(groupFile("g")), StandardCharsets.UTF_8)).contains("primary DOWN — since 12:00");
            assertThat(store.read("g").state().lastDecision()).isEqualTo("primary DOWN — since 12:00");
        }
    }

    // ---------------------------------------------------------------- group names

    @Test
    void groupNamesThatAreNoFileNamesStayInsideTheGroupsDirectory() throws Exception {
        List<String> names = List.of("../escape", "a/b", "..", ".hidden", "Atlanta1", "atlanta1", "%41tlanta1", "with space",
                "ünïcode", "back\\slash", "x.json", "x.lock", "x.json.tmp");
        try (FileStateStore store = FileStateStore.open(dir)) {
            for (String name : names) {
                store.update(name, g -> g.withOverride("pin of " + name, T0));
            }
            State state = store.load();
            assertThat(state.groups()).containsOnlyKeys(names);
            for (String name : names) {
                assertThat(state.group(name).override()).isEqualTo("pin of " + name);
                assertThat(store.read(name).state().override()).isEqualTo("pin of " + name);
            }
        }
        List<String> all = files(dir);
        assertThat(all).allMatch(f -> f.equals("state.json") || f.equals("state.lock") || f.matches("groups/[^/]+"));
        assertThat(all).noneMatch(f -> f.startsWith("groups/."));
        // two groups never share a file, not even where the file system ignores case
        assertThat(all.stream().map(f -> f.toLowerCase(java.util.Locale.ROOT)).distinct()).hasSameSizeAs(all);
        assertThat(dir.getParent().resolve("escape.json")).doesNotExist();
    }

    @Test
    void aFileInGroupsNamedForNoGroupIsNoGroup() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.update("a", g -> g.withOverride("b", T0));
            Files.copy(groupFile("a"), dir.resolve("groups/README.json"));
            Files.copy(groupFile("a"), dir.resolve("groups/%61.json"));
            Files.copy(groupFile("a"), dir.resolve("groups/" + "g".repeat(GroupFileNames.MAX_LENGTH + 1) + ".json"));
            Files.copy(groupFile("a"), dir.resolve("groups/a.json.tmp"));
            Files.copy(groupFile("a"), dir.resolve("groups/b.lock"));
            assertThat(store.load().groups()).containsOnlyKeys("a");
        }
    }

    @Test
    void anEmptyOrOverlongGroupNameIsRefusedSayingWhy() {
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThatThrownBy(() -> store.update("", g -> g.withOverride("b", T0)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a group name cannot be empty");
            String overlong = "g".repeat(250);
            assertThatThrownBy(() -> store.update(overlong, g -> g.withOverride("b", T0)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("too long to name its state file");
            assertThat(store.read(overlong).unusable()).contains("too long");
            assertThat(store.read("").present()).isFalse();
        }
    }

    // ---------------------------------------------------------------- files that cannot be used

    @Test
    void corruptGroupFileIsUnusableNamingTheFileAndTheWayOut() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.update("atlanta1", g -> atlanta());
        }
        Path file = groupFile("atlanta1").toRealPath();
        Files.writeString(file, "{\n  \"version\" : 2,\n  \"state\" : { \"published\" : [ \"19");
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThatThrownBy(store::load)
                    .isInstanceOfSatisfying(StateUnusableException.class, e -> assertThat(e.file()).isEqualTo(file))
                    .hasMessageContaining("state file " + file.toRealPath() + " (group atlanta1) cannot be used (line 3")
                    .hasMessageContaining("Repair it, restore it from a backup, or move it aside to start this group from empty"
                            + " state (its operator pin and switch time will then be forgotten)");
            StateStore.GroupRead read = store.read("atlanta1");
            assertThat(read.present()).isFalse();
            assertThat(read.unusable()).contains("state file " + file.toRealPath() + " (group atlanta1) cannot be used");
            // an update must not paper over it with a fresh state
            assertThatThrownBy(() -> store.update("atlanta1", g -> atlanta())).isInstanceOf(StateUnusableException.class);
        }
        assertThat(Files.readString(file)).endsWith("\"19");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[1, 2]", "null", "{\"version\": 2}", "{\"version\": 2, \"state\": null}",
            "{\"version\": 2, \"state\": {\"health\": {\"primary\": null}}}", "{\"version\": 2, \"state\": {}} {}",
            "{\"version\": 0, \"state\": {}}"})
    void groupFileThatHoldsNoGroupStateIsUnusable(String content) throws Exception {
        Files.createDirectories(dir.resolve("groups"));
        Files.writeString(groupFile("atlanta1"), content);
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThatThrownBy(store::load).isInstanceOf(StateUnusableException.class).hasMessageContaining("atlanta1.json");
            assertThat(store.read("atlanta1").unusable()).contains("atlanta1.json");
            assertThatThrownBy(() -> store.update("atlanta1", g -> atlanta())).isInstanceOf(StateUnusableException.class);
        }
        assertThat(Files.readString(groupFile("atlanta1"))).isEqualTo(content);
    }

    @Test
    void groupFileFromANewerFormatIsRefusedRatherThanRewritten() throws Exception {
        Files.createDirectories(dir.resolve("groups"));
        String newer = "{\"version\": 3, \"state\": {}, \"sites\": {}}";
        Files.writeString(groupFile("atlanta1"), newer);
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThatThrownBy(() -> store.update("atlanta1", g -> atlanta()))
                    .isInstanceOf(StateUnusableException.class)
                    .hasMessageContaining("format version 3, written by a newer dnsfailover; this one reads up to version 2")
                    .hasMessageContaining("Run the newer dnsfailover that wrote it");
            assertThat(store.read("atlanta1").unusable()).contains("written by a newer dnsfailover");
        }
        assertThat(Files.readString(groupFile("atlanta1"))).isEqualTo(newer);
    }

    @Test
    void readsAHandWrittenGroupFileWithoutVersionOrOptionalFields() throws Exception {
        Files.createDirectories(dir.resolve("groups"));
        Files.writeString(groupFile("atlanta1"), "{\"state\": {\"override\": \"backup1\"}}");
        try (FileStateStore store = FileStateStore.open(dir)) {
            GroupState g = store.read("atlanta1").state();
            assertThat(g.override()).isEqualTo("backup1");
            assertThat(g.published()).isEmpty();
            assertThat(g.health()).isEmpty();
        }
    }

    @Test
    void markerFromANewerFormatIsRefusedEverywhereAndLeftAsItIs() throws Exception {
        String newer = "{\"version\": 3, \"sites\": {}}";
        Files.writeString(dir.resolve("state.json"), newer);
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThatThrownBy(store::load)
                    .isInstanceOfSatisfying(StateUnusableException.class,
                            e -> assertThat(e.file()).isEqualTo(store.dir().resolve("state.json")))
                    .hasMessageContaining("format version 3, written by a newer dnsfailover");
            assertThat(store.read("atlanta1").unusable()).contains("format version 3");
            assertThatThrownBy(() -> store.update("atlanta1", g -> atlanta())).isInstanceOf(StateUnusableException.class);
            // only the newer dnsfailover may change its directory, even to put back a lost group
            assertThatThrownBy(() -> store.restore("atlanta1", atlanta())).isInstanceOf(StateUnusableException.class);
            assertThat(store.problems()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains("state.json cannot be used (it is format version 3, written by a newer dnsfailover");
        }
        assertThat(Files.readString(dir.resolve("state.json"))).isEqualTo(newer);
        assertThat(files(dir)).doesNotContain("groups/atlanta1.json");
    }

    @Test
    void corruptMarkerIsUnusableNamingTheFile() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir)) {
            save(store, everyField());
            Files.writeString(dir.resolve("state.json"), "{\"version\": 2, \"lay");
            assertThatThrownBy(store::load)
                    .isInstanceOf(StateUnusableException.class)
                    .hasMessageContaining("state file " + store.dir().resolve("state.json") + " cannot be used (line 1")
                    .hasMessageContaining("move it aside to start from the state in groups/");
            assertThat(store.read("atlanta1").unusable()).contains("state.json cannot be used");
            assertThatThrownBy(() -> store.update("atlanta1", g -> g.withOverride(null, null)))
                    .isInstanceOf(StateUnusableException.class);
        }
    }

    @Test
    void aGroupFileThatCannotBeReadIsAnIoErrorNotUnusable() throws Exception {
        Files.createDirectories(dir.resolve("groups/atlanta1.json"));
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThatThrownBy(store::load).isInstanceOf(UncheckedIOException.class).hasMessageContaining("atlanta1.json");
            assertThat(store.read("atlanta1").unusable()).contains("cannot read state file");
        }
    }

    // ---------------------------------------------------------------- format 1 and its migration

    @Test
    void readsAFormat1FileAsItIsAndWritesNothingUntilTheFirstUpdate() throws Exception {
        State sample = writeFormat1Sample(dir);
        byte[] before = Files.readAllBytes(dir.resolve("state.json"));
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThat(store.load()).isEqualTo(sample);
            assertThat(store.read("atlanta1")).isEqualTo(new StateStore.GroupRead(atlanta(), true, null));
            assertThat(store.read("idle")).isEqualTo(new StateStore.GroupRead(GroupState.EMPTY, true, null));
            assertThat(store.read("other")).isEqualTo(StateStore.GroupRead.absent());
            assertThat(store.problems()).isEmpty();
        }
        assertThat(files(dir)).containsExactly("state.json");
        assertThat(Files.readAllBytes(dir.resolve("state.json"))).isEqualTo(before);
    }

    @Test
    void migratesAFormat1FileToOneFilePerGroupOnTheFirstUpdate() throws Exception {
        State sample = writeFormat1Sample(dir);
        try (FileStateStore store = FileStateStore.open(dir)) {
            GroupState pinned = store.update("dallas2", g -> g.withOverride("backup1", T0));
            assertThat(pinned).isEqualTo(sample.group("dallas2").withOverride("backup1", T0));
        }
        assertThat(files(dir)).contains("groups/atlanta1.json", "groups/dallas2.json", "groups/idle.json");
        assertThat(Files.readString(dir.resolve("state.json"))).contains("\"version\" : 2").doesNotContain("atlanta1");
        try (FileStateStore reopened = FileStateStore.open(dir)) {
            assertThat(reopened.load()).isEqualTo(sample.with("dallas2", sample.group("dallas2").withOverride("backup1", T0)));
        }
    }

    @Test
    void completesAMigrationThatACrashInterrupted() throws Exception {
        State sample = writeFormat1Sample(dir);
        // killed mid-migration: one group's file written, the next one's torn in its temporary file, no marker yet
        Files.createDirectories(dir.resolve("groups"));
        Files.write(groupFile("atlanta1"), new StateJson().groupBytes(sample.group("atlanta1")));
        Files.writeString(dir.resolve("groups/dallas2.json.tmp"), "{\n  \"version\" : 2,\n  \"sta");
        try (FileStateStore store = FileStateStore.open(dir)) {
            // until the marker is written, state.json holds the state
            assertThat(store.load()).isEqualTo(sample);
            store.update("idle", g -> g.withOverride("backup1", T0));
        }
        assertThat(files(dir)).containsExactlyInAnyOrder("groups/atlanta1.json", "groups/dallas2.json", "groups/idle.json",
                "groups/idle.lock", "state.json", "state.lock");
        try (FileStateStore reopened = FileStateStore.open(dir)) {
            assertThat(reopened.load()).isEqualTo(sample.with("idle", GroupState.EMPTY.withOverride("backup1", T0)));
            assertThat(reopened.problems()).isEmpty();
        }
    }

    @Test
    void corruptFormat1FileIsUnusableAndLeftAsItIs() throws Exception {
        Path file = dir.resolve("state.json");
        Files.writeString(file, "{\n  \"version\" : 1,\n  \"groups\" : { \"atlanta1\" : { \"published\" : [ \"19");
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThatThrownBy(store::load)
                    .isInstanceOf(StateUnusableException.class)
                    .hasMessageContaining("state file " + file.toRealPath() + " cannot be used (line 3")
                    .hasMessageContaining("move it aside");
            assertThatThrownBy(() -> store.update("atlanta1", g -> atlanta())).isInstanceOf(StateUnusableException.class);
        }
        assertThat(Files.readString(file)).endsWith("\"19");
        assertThat(files(dir)).noneMatch(f -> f.endsWith(".json") && !f.equals("state.json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[1, 2]", "{\"version\": 1, \"groups\": {\"atlanta1\": null}}",
            "{\"groups\": {\"atlanta1\": {\"health\": {\"primary\": null}}}}"})
    void format1FileThatHoldsNoStateIsUnusable(String content) throws Exception {
        Files.writeString(dir.resolve("state.json"), content);
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThatThrownBy(store::load).isInstanceOf(StateUnusableException.class).hasMessageContaining("state.json");
        }
    }

    @Test
    void readsAHandWrittenFormat1FileWithoutVersionOrOptionalFields() throws Exception {
        Files.writeString(dir.resolve("state.json"), "{\"groups\": {\"atlanta1\": {\"override\": \"backup1\"}}}");
        try (FileStateStore store = FileStateStore.open(dir)) {
            GroupState g = store.load().group("atlanta1");
            assertThat(g.override()).isEqualTo("backup1");
            assertThat(g.published()).isEmpty();
            assertThat(g.health()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- problems

    @Test
    void anIntactStoreHasNoProblemsBeforeAndAfterItsFirstWrite() {
        try (FileStateStore store = FileStateStore.open(dir)) {
            assertThat(store.problems()).isEmpty();
            save(store, everyField());
            assertThat(store.problems()).isEmpty();
        }
    }

    @Test
    void aDeletedDirectoryIsAProblem() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir.resolve("state"))) {
            save(store, everyField());
            deleteRecursively(store.dir());
            assertThat(store.problems()).containsExactly("state directory " + store.dir()
                    + " is gone (deleted?): the state of every group and the daemon lock went with it");
            assertThat(store.read("atlanta1")).isEqualTo(StateStore.GroupRead.absent());
        }
    }

    @Test
    void aDeletedMarkerIsAProblem() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir)) {
            save(store, everyField());
            Files.delete(dir.resolve("state.json"));
            assertThat(store.problems()).containsExactly("state file " + store.dir().resolve("state.json")
                    + " (the store's marker) is gone (deleted?)");
        }
        // a store that never saw it cannot tell lost from never written
        try (FileStateStore other = FileStateStore.open(dir)) {
            assertThat(other.problems()).isEmpty();
        }
    }

    @Test
    void aNewerOrBrokenMarkerIsAProblem() throws Exception {
        try (FileStateStore store = FileStateStore.open(dir)) {
            save(store, everyField());
            Files.writeString(dir.resolve("state.json"), "{\"version\": 3}");
            assertThat(store.problems()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains("format version 3, written by a newer dnsfailover");
            Files.writeString(dir.resolve("state.json"), "garbage");
            assertThat(store.problems()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains("state.json cannot be used");
        }
    }

    // ---------------------------------------------------------------- restore

    FileStateStore openAt(Instant now) {
        return FileStateStore.open(dir, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void restoreAfterTheDirectoryWasDeletedRecreatesDirectoryMarkerAndGroup() throws Exception {
        Path stateDir = dir.resolve("state");
        try (FileStateStore store = FileStateStore.open(stateDir)) {
            save(store, everyField());
            deleteRecursively(stateDir);

            store.restore("atlanta1", atlanta());

            assertThat(files(stateDir)).containsExactly("groups/atlanta1.json", "groups/atlanta1.lock", "state.json", "state.lock");
            assertThat(Files.readString(stateDir.resolve("state.json"))).contains("\"version\" : 2");
            assertThat(store.problems()).isEmpty();
            assertThat(store.read("atlanta1")).isEqualTo(new StateStore.GroupRead(atlanta(), true, null));
        }
        try (FileStateStore reopened = FileStateStore.open(stateDir)) {
            assertThat(reopened.load()).isEqualTo(State.EMPTY.with("atlanta1", atlanta()));
        }
    }

    @Test
    void restoreKeepsABrokenGroupFileAsideAndNeverDeletesOne() throws Exception {
        try (FileStateStore store = openAt(T0)) {
            store.update("atlanta1", g -> g.withOverride("old pin", T0));
            Files.writeString(groupFile("atlanta1"), "torn {");
            store.restore("atlanta1", atlanta());
            assertThat(store.read("atlanta1")).isEqualTo(new StateStore.GroupRead(atlanta(), true, null));

            Files.writeString(groupFile("atlanta1"), "{\"version\": 9, \"state\": {}}");
            store.restore("atlanta1", atlanta());
            assertThat(store.read("atlanta1").state()).isEqualTo(atlanta());
        }
        assertThat(Files.readString(dir.resolve("groups/atlanta1.json.broken-20261121T120003Z"))).isEqualTo("torn {");
        assertThat(Files.readString(dir.resolve("groups/atlanta1.json.broken-20261121T120003Z-1")))
                .isEqualTo("{\"version\": 9, \"state\": {}}");
        try (FileStateStore reopened = FileStateStore.open(dir)) {
            // what was kept aside is no group's file
            assertThat(reopened.load()).isEqualTo(State.EMPTY.with("atlanta1", atlanta()));
        }
    }

    @Test
    void restoreReplacesAReadableFileWithoutKeepingItAside() throws Exception {
        try (FileStateStore store = openAt(T0)) {
            store.update("atlanta1", g -> g.withOverride("someone else's", T0));
            store.restore("atlanta1", atlanta());
            assertThat(store.read("atlanta1").state()).isEqualTo(atlanta());
        }
        assertThat(files(dir)).noneMatch(f -> f.contains("broken"));
    }

    @Test
    void restoreKeepsABrokenMarkerAsideAndTheOtherGroups() throws Exception {
        try (FileStateStore store = openAt(T0)) {
            save(store, everyField());
            Files.writeString(dir.resolve("state.json"), "torn {");
            store.restore("atlanta1", atlanta());
            assertThat(store.problems()).isEmpty();
            assertThat(store.load()).isEqualTo(everyField());
        }
        assertThat(Files.readString(dir.resolve("state.json.broken-20261121T120003Z"))).isEqualTo("torn {");
    }

    @Test
    void restoreInAFormat1DirectoryMigratesItKeepingTheOtherGroups() throws Exception {
        State sample = writeFormat1Sample(dir);
        GroupState restored = GroupState.EMPTY.withOverride("restored", T0);
        try (FileStateStore store = openAt(T0)) {
            store.restore("atlanta1", restored);
            assertThat(store.load()).isEqualTo(sample.with("atlanta1", restored));
        }
        assertThat(Files.readString(dir.resolve("state.json"))).contains("\"version\" : 2");
    }

    // ---------------------------------------------------------------- the directory

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
    void anUpdateAfterTheDirectoryWasDeletedFailsRatherThanRecreatingIt() throws Exception {
        Path stateDir = dir.resolve("state");
        try (FileStateStore store = FileStateStore.open(stateDir)) {
            store.update("atlanta1", g -> atlanta());
            deleteRecursively(stateDir);
            // recreating it is restore's: the daemon must first notice what was lost
            assertThatThrownBy(() -> store.update("atlanta1", g -> g.withOverride(null, null)))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("no such file or directory");
            assertThat(stateDir).doesNotExist();
        }
    }
}
