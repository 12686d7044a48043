package io.dnsfailover.controller.state;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The embedded {@link StateStore}: a state directory (DESIGN §8) holding
 * <ul>
 *   <li>{@code state.json}, the {@link State}, replaced atomically on every change;</li>
 *   <li>{@code events.jsonl}, the {@link Journal} (see {@link #journal()});</li>
 *   <li>{@code state.lock}, locked by the OS for the length of each {@link #update};</li>
 *   <li>{@code daemon.lock}, locked by the OS for a daemon's lifetime (see {@link #lockForDaemon()}).</li>
 * </ul>
 *
 * <p>Every method is safe to call from any thread, and several processes (a daemon and one-shot commands)
 * may use one directory at once. {@link #update} serialises writers with an in-JVM lock shared by every
 * store on the same directory and an OS file lock across processes; it writes a temporary file, forces it to
 * disk and renames it over {@code state.json}, so a crash or SIGKILL at any moment leaves the old state or
 * the new one, never a mix. {@link #load} takes no lock: a rename is atomic for readers too.
 *
 * <p>The store never resets state it cannot read: a broken {@code state.json} is an error that names the
 * file and the way out, because silently starting empty would forget operator overrides.
 */
public final class FileStateStore implements StateStore {

    static final String STATE_FILE = "state.json";
    static final String LOCK_FILE = "state.lock";
    static final String JOURNAL_FILE = "events.jsonl";

    /**
     * One writer lock per state directory in this JVM. Two threads (or two stores on one directory) must not
     * both ask the OS for the file lock: the JVM refuses an overlapping lock instead of waiting, and closing
     * one descriptor would drop the other's POSIX lock.
     */
    private static final ConcurrentMap<Path, ReentrantLock> WRITERS = new ConcurrentHashMap<>();

    private final Path dir;
    private final Path stateFile;
    private final StateJson json = new StateJson();
    private final ReentrantLock writer;
    private final FileJournal journal;

    private FileStateStore(Path dir) {
        this.dir = dir;
        this.stateFile = dir.resolve(STATE_FILE);
        this.writer = WRITERS.computeIfAbsent(dir, d -> new ReentrantLock());
        this.journal = new FileJournal(dir.resolve(JOURNAL_FILE), json);
    }

    /** The last state parsed, with the identity of the file it came from. */
    private record Parsed(Object version, State state) {}

    private volatile Parsed parsed;

    /**
     * Opens the state directory, creating it (and its parents) when missing. Creates no file in it: read-only
     * commands leave an empty directory empty.
     *
     * @throws UncheckedIOException when the directory cannot be created, with a sentence that says what to do
     */
    public static FileStateStore open(Path dir) {
        Objects.requireNonNull(dir, "dir");
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
            // the real path keys the per-directory locks: a symlinked spelling is the same directory
            return new FileStateStore(absolute.toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state directory " + absolute + ": " + describe(e)
                    + "; set state.dir to a writable directory", e);
        }
    }

    /** The state directory (its real path). */
    public Path dir() {
        return dir;
    }

    /**
     * The saved state, or {@link State#EMPTY} when there is no {@code state.json} yet.
     *
     * @throws IllegalStateException when {@code state.json} exists but is not a state file
     * @throws UncheckedIOException when it cannot be read
     */
    @Override
    public State load() {
        // The daemon loads the state on every tick of every group. state.json is only ever replaced by an
        // atomic rename, so a file with the same identity, size and time is the one parsed last time.
        Object version;
        byte[] bytes;
        try {
            BasicFileAttributes a = Files.readAttributes(stateFile, BasicFileAttributes.class);
            version = List.of(String.valueOf(a.fileKey()), a.size(), a.lastModifiedTime());
            Parsed cached = parsed;
            if (cached != null && cached.version().equals(version)) {
                return cached.state();
            }
            bytes = Files.readAllBytes(stateFile);
        } catch (NoSuchFileException e) {
            return State.EMPTY;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read state file " + stateFile + ": " + describe(e), e);
        }
        try {
            State state = json.parseState(bytes);
            parsed = new Parsed(version, state);
            return state;
        } catch (JsonProcessingException e) {
            throw unreadable(where(e) + e.getOriginalMessage());
        } catch (StateJson.UnusableStateException e) {
            throw unreadable(e.getMessage());
        }
    }

    private IllegalStateException unreadable(String why) {
        return new IllegalStateException("state file " + stateFile + " cannot be used (" + firstLine(why) + "); dnsfailover"
                + " left it unchanged. Repair it, restore it from a backup, or move it aside to start from empty state"
                + " (operator overrides and switch times will then be forgotten)");
    }

    private static String where(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 0 ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
    }

    /**
     * {@inheritDoc}
     *
     * <p>When {@code change} returns a state equal to the one it was given, nothing is written. {@code change}
     * may run while other processes wait, so it should be quick and do no I/O; it must not call {@link #update}
     * itself. An interrupted thread's update fails without changing the state.
     *
     * @throws IllegalStateException when the saved state cannot be read (see {@link #load}), or when called
     *     from inside {@code change}
     * @throws UncheckedIOException when the state cannot be written
     */
    public State update(UnaryOperator<State> change) {
        Objects.requireNonNull(change, "change");
        if (writer.isHeldByCurrentThread()) {
            throw new IllegalStateException("update() was called from inside an update's change; return the new state"
                    + " from the change instead");
        }
        writer.lock();
        try (FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            // waits for other processes; released when the channel closes at the end of this block
            lockChannel.lock();
            State current = load();
            State next = Objects.requireNonNull(change.apply(current), "the change returned null instead of a state");
            if (!next.equals(current)) {
                write(next);
            }
            return next;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write state file " + stateFile + ": " + describe(e)
                    + "; the state directory must be writable by this user", e);
        } finally {
            writer.unlock();
        }
    }

    @Override
    public GroupState update(String group, UnaryOperator<GroupState> change) {
        return update(s -> s.with(group, change.apply(s.group(group)))).group(group);
    }

    @Override
    public GroupRead read(String group) {
        try {
            State s = load();
            return s.groups().containsKey(group) ? new GroupRead(s.group(group), true, null) : GroupRead.absent();
        } catch (IllegalStateException e) {
            return new GroupRead(GroupState.EMPTY, false, e.getMessage());
        }
    }

    @Override
    public void restore(String group, GroupState state) {
        update(group, s -> state);
    }

    @Override
    public List<String> problems() {
        return List.of();
    }

    /** Replaces state.json so that a kill at any moment leaves the old file or the new one. Caller holds the lock. */
    private void write(State state) throws IOException {
        // one fixed temp name is enough under the lock, and a temp file left by a killed writer is reused
        Path temp = dir.resolve(STATE_FILE + ".tmp");
        ByteBuffer bytes = ByteBuffer.wrap(json.stateBytes(state));
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            // the data must be on disk before the rename is, or a power cut could leave a renamed empty file
            out.force(true);
        }
        Files.move(temp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
    }

    /** Makes the rename itself durable across a power cut (a kill needs no more than the rename). */
    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some platforms cannot open or sync a directory; the rename is still atomic there
        }
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
     * the process dies; keep a reference to the handle while the daemon runs.
     *
     * @throws IllegalStateException "another dnsfailover daemon (pid N) is running on state directory X; ..."
     *     when a daemon in another process or in this JVM holds it
     */
    @Override
    public AutoCloseable lockForDaemon() {
        return DaemonLock.acquire(dir);
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
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT) + " (" + f.getFile() + ")";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public String toString() {
        return "FileStateStore[" + dir + "]";
    }
}
