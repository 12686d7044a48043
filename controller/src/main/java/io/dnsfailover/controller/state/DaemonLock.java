package io.dnsfailover.controller.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One daemon's claim on a state directory: an OS lock on {@code daemon.lock}, held until {@link #close},
 * with the holder's pid written in the file so that a refused daemon can say which one is running.
 *
 * <p>The operating system drops the lock when the holder exits, however it exits (SIGKILL included), so
 * there is never a stale lock to clean up by hand. The handle must stay reachable while the daemon runs:
 * a collected channel may be closed by the JVM, and the lock with it.
 *
 * <p>A lock is on a file, not on a name: when {@code daemon.lock} is deleted (with the whole directory, say)
 * the claim still holds the deleted file and protects nothing, since a second daemon would create and lock a
 * new one. {@link #lost()} tells, and {@link #reacquire()} claims the new file once the directory is back.
 *
 * <p>Within one JVM, a second claim is refused from a registry of held directories <em>before</em> the file
 * is opened: the locks are POSIX record locks, and closing any descriptor of the file would silently drop
 * the lock the first claim holds. Safe to use from any thread.
 */
public final class DaemonLock implements AutoCloseable {

    static final String FILE = "daemon.lock";

    /** Real paths of the state directories this JVM holds the daemon lock on. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final Path file;
    // guarded by this
    private FileChannel channel;
    private FileLock lock;
    /** The identity of the file locked ({@code null} where the platform has none); tells a recreated file from it. */
    private Object fileKey;
    private boolean closed;

    private DaemonLock(Path dir, FileChannel channel, FileLock lock, Object fileKey) {
        this.dir = dir;
        this.file = dir.resolve(FILE);
        this.channel = channel;
        this.lock = lock;
        this.fileKey = fileKey;
    }

    /**
     * Claims {@code dir} (a real path) for this process.
     *
     * @throws IllegalStateException when another daemon, in this JVM or another process, holds it
     */
    static DaemonLock acquire(Path dir) {
        long self = ProcessHandle.current().pid();
        if (!HELD.add(dir)) {
            throw refused(dir, Long.toString(self));
        }
        Path file = dir.resolve(FILE);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = lockAndWritePid(ch);
            if (lock == null) {
                throw refused(dir, holderPid(ch));
            }
            return new DaemonLock(dir, ch, lock, fileKey(file));
        } catch (IOException e) {
            closeQuietly(ch);
            HELD.remove(dir);
            throw new UncheckedIOException("cannot lock " + file + ": " + FileStateStore.describe(e)
                    + "; set state.dir to a writable directory", e);
        } catch (RuntimeException e) {
            // this process never held the lock, so closing our descriptor drops nothing
            closeQuietly(ch);
            HELD.remove(dir);
            throw e;
        }
    }

    /** The lock with our pid written, or {@code null} when another process holds it. */
    private static FileLock lockAndWritePid(FileChannel ch) throws IOException {
        // no TRUNCATE on open: when the lock is taken, the holder's pid in the file is what we want to show
        FileLock lock = tryLock(ch);
        if (lock != null) {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
        }
        return lock;
    }

    /**
     * True when {@code daemon.lock} in the state directory is no longer the file this claim holds locked: it
     * (or the whole directory) was deleted or replaced, so another daemon could start. False once released.
     */
    public synchronized boolean lost() {
        if (closed) {
            return false;
        }
        try {
            return fileKey != null && !fileKey.equals(fileKey(file));
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            // cannot tell (permissions changed?); the next call looks again
            return false;
        }
    }

    /**
     * Re-takes the claim after the state directory (or {@code daemon.lock} alone) was deleted and recreated
     * under the running daemon: creates the directory and {@code daemon.lock} when missing, locks the file and
     * writes this pid in it, then lets go of the deleted file. Does nothing while the claim still holds
     * ({@link #lost()} is false).
     *
     * @throws IllegalStateException when another daemon locked the new file meanwhile ("another dnsfailover
     *     daemon (pid N) took state directory X ..."; this claim then still holds only the deleted file, so the
     *     daemon should stop), or when this claim was released
     * @throws UncheckedIOException when the directory or file cannot be created
     */
    public synchronized void reacquire() {
        if (closed) {
            throw new IllegalStateException("the daemon lock on " + dir + " was released; a released lock cannot be re-taken");
        }
        if (!lost()) {
            return;
        }
        FileChannel ch = null;
        try {
            AtomicFiles.createDirectory(dir, true);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock newLock = lockAndWritePid(ch);
            if (newLock == null) {
                String pid = holderPid(ch);
                // the other daemon holds the new file: our descriptor of it holds no lock, so closing drops nothing
                closeQuietly(ch);
                throw new IllegalStateException("another dnsfailover daemon (pid " + pid + ") took state directory " + dir
                        + " while this one's lock was lost (" + FILE + " was deleted); two daemons now run on it: stop one");
            }
            FileChannel old = channel;
            channel = ch;
            lock = newLock;
            fileKey = fileKey(file);
            // the old descriptor is of the deleted file (another inode): closing it drops no lock on the new one
            closeQuietly(old);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UncheckedIOException("cannot lock " + file + " again: " + FileStateStore.describe(e)
                    + "; the state directory must be writable by this user", e);
        }
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            // the registry should have caught this; someone else in this JVM locked the file directly
            return null;
        }
    }

    /** The pid the holder wrote, or "unknown" when it has not written it yet (it is between lock and write). */
    private static String holderPid(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(32);
        ch.read(buf, 0);
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
        return text.matches("\\d+") ? text : "unknown";
    }

    private static IllegalStateException refused(Path dir, String pid) {
        return new IllegalStateException("another dnsfailover daemon (pid " + pid + ") is running on state directory "
                + dir + "; stop it first, or give this one another state.dir");
    }

    /** Releases the claim; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            // an empty file means "no daemon": the pid shown in a refusal is always the live holder's
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases the lock anyway
        } finally {
            closeQuietly(channel);
            HELD.remove(dir);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing was written through it that close could lose
            }
        }
    }

    @Override
    public String toString() {
        return "DaemonLock[" + dir + (closed ? ", released]" : "]");
    }
}
