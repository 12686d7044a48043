package io.dnsfailover.controller.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive locks on lock files, held against every thread of this JVM and every other process: an in-JVM
 * lock per file first, then the operating system's lock on it.
 *
 * <p>The in-JVM lock is not only for speed. Two threads must not both ask the OS for a lock on one file: the
 * JVM refuses an overlapping lock instead of waiting, and closing one descriptor of a file drops every POSIX
 * lock the process holds on it. With the in-JVM lock taken first, at most one descriptor of each lock file is
 * open in this JVM at a time.
 */
final class FileLocks {

    /** Keyed by the lock file's path under the state directory's real path; never removed (one per group). */
    private static final ConcurrentMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private FileLocks() {}

    /** A held lock; {@link #close} releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits for {@code lockFile} (created when missing; its directory must exist) and holds it until the returned
     * handle is closed. An interrupted thread fails with an {@link IOException} and holds nothing.
     *
     * @throws IllegalStateException when this thread holds it already (a caller's bug: the OS lock is not reentrant)
     */
    static Held lock(Path lockFile) throws IOException {
        ReentrantLock inJvm = IN_JVM.computeIfAbsent(lockFile, f -> new ReentrantLock());
        if (inJvm.isHeldByCurrentThread()) {
            throw new IllegalStateException(lockFile + " is locked by this thread already");
        }
        inJvm.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            // waits for other processes; released when the channel closes
            channel.lock();
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            inJvm.unlock();
            throw e;
        }
        FileChannel held = channel;
        return () -> {
            try {
                closeQuietly(held);
            } finally {
                inJvm.unlock();
            }
        };
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing releases the lock whether or not it reports an error; nothing was written through it
            }
        }
    }
}
