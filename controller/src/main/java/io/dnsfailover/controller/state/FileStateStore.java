package io.dnsfailover.controller.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import io.dnsfailover.controller.config.Config;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The embedded {@link StateStore}: a state directory (DESIGN §8) holding
 * <ul>
 *   <li>{@code state.json}, the store's marker: which format the directory is in (see {@link StateJson});</li>
 *   <li>{@code groups/<group>.json}, one group's {@link GroupState} each, replaced atomically on every change
 *       of that group, with {@code groups/<group>.lock} locked by the OS for the length of the change;</li>
 *   <li>{@code state.lock}, locked while the marker is written or a format-1 {@code state.json} migrated;</li>
 *   <li>{@code events.jsonl}, the {@link Journal} (see {@link #journal()});</li>
 *   <li>{@code daemon.lock}, locked by the OS for a daemon's lifetime (see {@link #lockForDaemon()}).</li>
 * </ul>
 *
 * <p>Every method is safe to call from any thread, and several processes (a daemon and one-shot commands)
 * may use one directory at once. {@link #read} and {@link #update} of a group touch only that group's files
 * (and stat the marker), so a group costs the same however many others there are. Writers of one group take
 * turns through {@link FileLocks}; a file is replaced by writing a temporary file, forcing it to disk and
 * renaming it, so that a crash or SIGKILL at any moment leaves the old state or the new one. Readers take no
 * lock: a rename is atomic for them too.
 *
 * <p>A format-1 {@code state.json} (every group in it) is read as it is and migrated by the first use that
 * writes: every group's file is written first, then the marker replaces {@code state.json}, so that a crash in
 * between loses nothing and the next writer does it again. Only {@link #update} and {@link #restore} write
 * files: read-only commands leave a directory as they found it.
 *
 * <p>The store never resets state it cannot read: a broken or newer file is an error that names the file and
 * the way out, because silently starting empty would forget operator overrides. Only {@link #restore}, which a
 * daemon calls with the state it remembers, sets a broken file aside (renamed, never deleted).
 */
public final class FileStateStore implements StateStore {

    static final String STATE_FILE = "state.json";
    static final String LOCK_FILE = "state.lock";
    static final String GROUPS_DIR = "groups";
    static final String JOURNAL_FILE = "events.jsonl";

    /** Set while a change runs: a change that updates the store would wait on locks its own thread holds. */
    private static final ThreadLocal<Boolean> IN_CHANGE = new ThreadLocal<>();

    private final Path dir;
    private final Path marker;
    private final Path groups;
    private final Clock clock;
    private final StateJson json = new StateJson();
    private final StateFiles files;
    private final FileJournal journal;
    private final ObservationsFile observations;

    /** True once this store saw a marker (or a format-1 file) or wrote one: its absence is then a loss. */
    private volatile boolean sawMarker;

    /** The claim handed out by {@link #lockForDaemon()}, watched by {@link #problems()}. */
    private volatile DaemonLock daemonLock;

    private FileStateStore(Path dir, Clock clock, long journalMaxBytes, int journalKeep) {
        this.dir = dir;
        this.marker = dir.resolve(STATE_FILE);
        this.groups = dir.resolve(GROUPS_DIR);
        this.clock = clock;
        this.files = new StateFiles(json);
        this.journal = new FileJournal(dir.resolve(JOURNAL_FILE), json, journalMaxBytes, journalKeep);
        this.observations = new ObservationsFile(dir);
    }

    /**
     * Opens the state directory, creating it (and its parents) when missing. Creates no file in it: read-only
     * commands leave an empty directory empty.
     *
     * @throws UncheckedIOException when the directory cannot be created, with a sentence that says what to do
     */
    public static FileStateStore open(Path dir) {
        return open(dir, Clock.systemUTC());
    }

    /** As {@link #open(Path)}, for the config's {@code state:} (its directory, and when the journal rotates). */
    public static FileStateStore open(Config.StateConfig state) {
        return open(state.dir(), Clock.systemUTC(), state.journalMaxSize(), state.journalKeep());
    }

    /** As {@link #open(Path)}, with the clock that names files kept aside by {@link #restore}. */
    static FileStateStore open(Path dir, Clock clock) {
        return open(dir, clock, Config.StateConfig.DEFAULT_JOURNAL_MAX_SIZE, Config.StateConfig.DEFAULT_JOURNAL_KEEP);
    }

    private static FileStateStore open(Path dir, Clock clock, long journalMaxBytes, int journalKeep) {
        Objects.requireNonNull(dir, "dir");
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
            // the real path keys the per-directory locks: a symlinked spelling is the same directory
            return new FileStateStore(absolute.toRealPath(), clock, journalMaxBytes, journalKeep);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state directory " + absolute + ": " + describe(e)
                    + "; set state.dir to a writable directory", e);
        }
    }

    /**
     * Makes the readers of the state files ready (their classes loaded and their parts built) by reading a sample
     * of each. A one-shot command calls it on another thread while it reads its config, so that the load that
     * follows starts warm: on a cold JVM the first file read costs as much as a few hundred after it.
     */
    public static void warmUp() {
        StateJson.warmUp();
        ObservationsFile.warmUp();
    }

    /** The state directory (its real path). */
    public Path dir() {
        return dir;
    }

    /** The file holding {@code group}'s state (for messages and tools). */
    Path groupFile(String group) {
        return groups.resolve(GroupFileNames.of(group) + ".json");
    }

    private Path groupLock(String group) {
        return groups.resolve(GroupFileNames.of(group) + ".lock");
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads every file in {@code groups/} (or the format-1 {@code state.json}); {@link State#EMPTY} when
     * nothing was saved yet. Writes nothing.
     *
     * @throws StateUnusableException when the marker or a group's file is broken or newer, naming it
     * @throws UncheckedIOException when a file cannot be read
     */
    @Override
    public State load() {
        StateFiles.Marker m = marker(true);
        if (m instanceof StateFiles.Marker.Broken b) {
            throw b.error();
        }
        if (m instanceof StateFiles.Marker.Legacy l) {
            return l.state();
        }
        // the files are independent: read and parsed on every core at once, then taken in name order
        List<Map.Entry<String, Path>> named = List.copyOf(groupFiles().entrySet());
        List<StateFiles.GroupFile> read = named.parallelStream().map(g -> files.group(g.getValue(), g.getKey(), true)).toList();
        Map<String, GroupState> out = new TreeMap<>();
        for (int i = 0; i < named.size(); i++) {
            StateFiles.GroupFile f = read.get(i);
            if (f.error() != null) {
                throw f.error();
            }
            if (f.present()) {
                out.put(named.get(i).getKey(), f.state());
            }
        }
        return new State(out);
    }

    /** Every group's file in {@code groups/}, by group name; a file no group is named after is not one. */
    private Map<String, Path> groupFiles() {
        Map<String, Path> out = new TreeMap<>();
        // no glob: it matches each of the directory's names (a .json and a .lock per group) with a regular expression
        try (DirectoryStream<Path> list = Files.newDirectoryStream(groups)) {
            for (Path f : list) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".json")) {
                    continue;
                }
                Optional<String> group = GroupFileNames.group(name.substring(0, name.length() - ".json".length()));
                group.ifPresent(g -> out.put(g, f));
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + groups + ": " + describe(e), e);
        }
        return out;
    }

    @Override
    public GroupRead read(String group) {
        Path file;
        try {
            file = groupFile(group);
        } catch (IllegalArgumentException e) {
            return new GroupRead(GroupState.EMPTY, false, e.getMessage());
        }
        StateFiles.Marker m = marker(true);
        if (m instanceof StateFiles.Marker.Broken b) {
            return new GroupRead(GroupState.EMPTY, false, b.error().getMessage());
        }
        if (m instanceof StateFiles.Marker.Legacy l) {
            return l.state().groups().containsKey(group) ? new GroupRead(l.state().group(group), true, null) : GroupRead.absent();
        }
        StateFiles.GroupFile f = files.group(file, group, true);
        if (f.error() != null) {
            return new GroupRead(GroupState.EMPTY, false, f.error().getMessage());
        }
        return f.present() ? new GroupRead(f.state(), true, null) : GroupRead.absent();
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code change} runs while other writers of the group wait, so it should be quick and do no I/O; it must
     * not call the store itself. An interrupted thread's update fails without changing the state.
     *
     * @throws StateUnusableException when the group's file, or the marker, is broken or newer (see {@link #load})
     * @throws IllegalStateException when called from inside {@code change}
     * @throws IllegalArgumentException when the group's name cannot name a file (empty, too long)
     * @throws UncheckedIOException when the state cannot be written (the directory is gone, say)
     */
    @Override
    public GroupState update(String group, UnaryOperator<GroupState> change) {
        return update(group, change, false).orElseThrow();
    }

    /** {@inheritDoc} Under the group's lock, as {@link #update}: the file is there or not, for the whole change. */
    @Override
    public Optional<GroupState> updateIfPresent(String group, UnaryOperator<GroupState> change) {
        return update(group, change, true);
    }

    private Optional<GroupState> update(String group, UnaryOperator<GroupState> change, boolean onlyIfPresent) {
        Objects.requireNonNull(change, "change");
        Path file = groupFile(group);
        refuseNesting("update");
        if (onlyIfPresent && !Files.isDirectory(dir)) {
            return Optional.empty(); // the whole directory went: nothing of the group is there
        }
        try {
            AtomicFiles.createDirectory(groups, false);
            try (FileLocks.Held held = FileLocks.lock(groupLock(group))) {
                // the marker's parse may come from the cache (it changes only from format 1 to this one, under the
                // store's lock); the group's file, which other writers change, never does
                GroupState current = current(marker(true), file, group);
                if (current == null && onlyIfPresent) {
                    return Optional.empty();
                }
                if (current == null) {
                    current = GroupState.EMPTY;
                }
                GroupState next;
                IN_CHANGE.set(Boolean.TRUE);
                try {
                    next = Objects.requireNonNull(change.apply(current), "the change returned null instead of a state");
                } finally {
                    IN_CHANGE.remove();
                }
                if (!next.equals(current)) {
                    if (onlyIfPresent && vanished(file)) {
                        return Optional.empty();
                    }
                    ensureMarker(false);
                    // a file (or the marker) deleted while the change was made is not written over: the writer's
                    // memory keeps the change, and the loss is found and reported (checked again just before the rename)
                    if (!AtomicFiles.replaceIf(file, json.groupBytes(next), () -> !onlyIfPresent || !vanished(file))) {
                        return Optional.empty();
                    }
                }
                return Optional.of(next);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write state file " + file + ": " + describe(e)
                    + "; the state directory must exist and be writable by this user", e);
        }
    }

    /**
     * True when the group's file, or the store's marker, is gone now (deleted under a writer): read afresh. A format-1
     * store keeps its groups in {@code state.json}, which is then the one file that must still be there.
     */
    private boolean vanished(Path file) {
        StateFiles.Marker m = marker(false);
        if (m instanceof StateFiles.Marker.Absent) {
            return true;
        }
        return m instanceof StateFiles.Marker.Current && !Files.exists(file);
    }

    /** The group's saved state as a writer holding its lock must see it (never from a cache); {@code null} when none. */
    private GroupState current(StateFiles.Marker m, Path file, String group) {
        if (m instanceof StateFiles.Marker.Broken b) {
            throw b.error();
        }
        if (m instanceof StateFiles.Marker.Legacy l) {
            // until the marker replaces it, state.json is what a group's file is migrated from
            return l.state().groups().get(group);
        }
        StateFiles.GroupFile f = files.group(file, group, false);
        if (f.error() != null) {
            throw f.error();
        }
        return f.present() ? f.state() : null;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A broken marker and a broken or newer group file are renamed to {@code <name>.broken-<UTC time>}; a
     * format-1 {@code state.json} is migrated first, so that the other groups in it are kept.
     *
     * @throws StateUnusableException when the marker is of a newer format: only that dnsfailover may change it
     * @throws UncheckedIOException when the directory or files cannot be written
     */
    @Override
    public void restore(String group, GroupState state) {
        Objects.requireNonNull(state, "state");
        Path file = groupFile(group);
        refuseNesting("restore");
        try {
            AtomicFiles.createDirectory(dir, true);
            AtomicFiles.createDirectory(groups, false);
            try (FileLocks.Held held = FileLocks.lock(groupLock(group))) {
                ensureMarker(true);
                StateFiles.GroupFile f = files.group(file, group, false);
                if (f.error() instanceof StateUnusableException) {
                    AtomicFiles.keepAside(file, clock.instant());
                } else if (f.error() != null) {
                    throw f.error();
                }
                if (!(f.present() && f.state().equals(state))) {
                    AtomicFiles.replace(file, json.groupBytes(state));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore state file " + file + ": " + describe(e)
                    + "; the state directory must be writable by this user", e);
        }
    }

    /**
     * Makes {@code state.json} the marker of this format: writes it when missing, migrates a format-1 file, and
     * (only when {@code replaceBroken}) sets a broken one aside. Cheap when the marker is there already.
     */
    private void ensureMarker(boolean replaceBroken) throws IOException {
        if (marker(true) instanceof StateFiles.Marker.Current) {
            return;
        }
        try (FileLocks.Held held = FileLocks.lock(dir.resolve(LOCK_FILE))) {
            StateFiles.Marker m = marker(false);
            if (m instanceof StateFiles.Marker.Broken b) {
                if (!replaceBroken || b.newer() || !(b.error() instanceof StateUnusableException)) {
                    throw b.error();
                }
                AtomicFiles.keepAside(marker, clock.instant());
            } else if (m instanceof StateFiles.Marker.Legacy l) {
                migrate(l.state());
            }
            if (!(m instanceof StateFiles.Marker.Current)) {
                AtomicFiles.replace(marker, json.markerBytes());
                sawMarker = true;
            }
        }
    }

    /**
     * Writes every group of a format-1 {@code state.json} to its own file. The marker is written after, so a
     * crash in between leaves state.json as it was, and the next writer writes the same files again. Holds
     * the store's lock, not the groups' locks: while state.json is of format 1 every writer of a group comes
     * here first, and a writer holding a group's lock here read that group from the same state.json.
     */
    private void migrate(State legacy) throws IOException {
        for (Map.Entry<String, GroupState> g : legacy.groups().entrySet()) {
            Path file;
            try {
                file = groupFile(g.getKey());
            } catch (IllegalArgumentException e) {
                throw new StateUnusableException(marker, "state file " + marker + " cannot be moved to one file per group ("
                        + e.getMessage() + "); dnsfailover left it unchanged. Rename the group in it and in the config");
            }
            AtomicFiles.replace(file, json.groupBytes(g.getValue()));
        }
    }

    private StateFiles.Marker marker(boolean cached) {
        StateFiles.Marker m = files.marker(marker, cached);
        if (m instanceof StateFiles.Marker.Current || m instanceof StateFiles.Marker.Legacy) {
            sawMarker = true;
        }
        return m;
    }

    private static void refuseNesting(String call) {
        if (IN_CHANGE.get() != null) {
            throw new IllegalStateException(call + "() was called from inside an update's change; return the new state"
                    + " from the change instead");
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Two stats and, when the marker changed, a read of it: the directory gone; the marker gone (after this
     * store saw it: a store nothing was written to yet has none); the marker broken or newer; and, while this
     * store's {@link #lockForDaemon() daemon lock} is held, {@code daemon.lock} gone or replaced.
     */
    @Override
    public List<String> problems() {
        if (!Files.isDirectory(dir)) {
            return List.of("state directory " + dir + " is gone (deleted?): the state of every group and the daemon lock"
                    + " went with it");
        }
        List<String> out = new ArrayList<>();
        StateFiles.Marker m = marker(true);
        if (m instanceof StateFiles.Marker.Absent && sawMarker) {
            out.add("state file " + marker + " (the store's marker) is gone (deleted?)");
        } else if (m instanceof StateFiles.Marker.Broken b) {
            out.add(b.error().getMessage());
        }
        DaemonLock held = daemonLock;
        if (held != null && held.lost()) {
            out.add("daemon lock " + dir.resolve(DaemonLock.FILE) + " is gone (deleted?): another daemon could start on"
                    + " this state directory");
        }
        return out;
    }

    /** {@inheritDoc} In {@code observations.json}, by atomic rename without fsync. */
    @Override
    public void saveObservations(Observations o) {
        observations.write(o);
    }

    @Override
    public ObservationsRead observations() {
        return observations.read();
    }

    /**
     * The journal on {@code events.jsonl}. Each append is one write of one line to the end of the file, safe
     * from any thread and process; once it returns, the line survives the process being killed. Reading
     * skips a torn last line. The same instance is returned every time.
     */
    @Override
    public Journal journal() {
        return journal;
    }

    /**
     * Claims the directory for this daemon until the returned handle is closed. The OS releases the claim if
     * the process dies; keep a reference to the handle while the daemon runs. When the directory is deleted
     * under the daemon, {@link #problems()} says so, and {@link DaemonLock#reacquire()} re-takes the claim once
     * {@link #restore} recreated it.
     *
     * @throws IllegalStateException "another dnsfailover daemon (pid N) is running on state directory X; ..."
     *     when a daemon in another process or in this JVM holds it
     */
    @Override
    public DaemonLock lockForDaemon() {
        DaemonLock lock = DaemonLock.acquire(dir);
        daemonLock = lock;
        return lock;
    }

    /** Closes the journal's file. A daemon lock taken from this store stays held until its handle is closed. */
    @Override
    public void close() {
        try {
            journal.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the journal " + journal.file() + ": " + describe(e), e);
        }
    }

    /** An I/O failure in a few words; the JDK's messages for these are only the path. */
    static String describe(IOException e) {
        if (e instanceof java.nio.channels.ClosedByInterruptException
                || e instanceof java.nio.channels.FileLockInterruptionException) {
            return "the thread was interrupted";
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied (" + a.getFile() + ")";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " exists and is not a directory";
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file or directory (" + n.getFile() + ")";
        }
        if (e instanceof NotDirectoryException n) {
            return n.getFile() + " is not a directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT) + " (" + f.getFile() + ")";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    @Override
    public String toString() {
        return "FileStateStore[" + dir + "]";
    }
}
