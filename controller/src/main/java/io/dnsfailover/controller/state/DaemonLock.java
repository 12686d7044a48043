package io.dnsfailover.controller.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * <p>Within one JVM, a second claim is refused from a registry of held directories <em>before</em> the file
 * is opened: the locks are POSIX record locks, and closing any descriptor of the file would silently drop
 * the lock the first claim holds.
 */
final class DaemonLock implements AutoCloseable {

    static final String FILE = "daemon.lock";

    /** Real paths of the state directories this JVM holds the daemon lock on. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private DaemonLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
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
            // no TRUNCATE: when the lock is taken, the holder's pid in the file is what we want to show
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(ch);
            if (lock == null) {
                throw refused(dir, holderPid(ch));
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((self + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
            return new DaemonLock(dir, ch, lock);
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
