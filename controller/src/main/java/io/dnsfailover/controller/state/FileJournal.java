package io.dnsfailover.controller.state;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLockInterruptionException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal as a file of JSON lines ({@code events.jsonl}), shared by every process using the state
 * directory, rotated by size into numbered gzip files beside it (see {@link JournalRotation} for the names).
 *
 * <p>Each {@link #append} is one {@code write(2)} of one whole line to a file opened with {@code O_APPEND},
 * with no buffer in between: the kernel places each write at the end of the file atomically with respect to
 * other appenders (threads and processes), and once {@code append} returns, the line is in the operating
 * system and survives the process being killed. It is not fsync'd: a power cut may lose the last lines
 * (state.json, which decisions depend on, is).
 *
 * <h2>Rotation across processes</h2>
 *
 * <p>Every append holds a <em>shared</em> OS lock on {@code events.lock} while it checks that the path
 * {@code events.jsonl} still names the file it has open (same file key; it reopens when not, and when the
 * file is gone), writes its line and reads the file's size. An append that brings the file to
 * {@code maxBytes} or more then takes the <em>exclusive</em> lock, looks at the size again and rotates only if
 * the file under the name is still that large: of several appenders that crossed the threshold at once, the
 * first rotates and the others find a fresh file, so one crossing is one rotation. The rotation renames
 * {@code events.jsonl}, creates it again empty and compresses the renamed file, all under the exclusive lock.
 *
 * <p>That is why the renamed file can be compressed and deleted at once: holding the exclusive lock means no
 * append is between its check and its write, and every later append finds that the name points at a new
 * file before it writes. An appender that still has the old file open (a daemon that was idle, a stalled
 * process) writes nothing more into it; its next append reopens. The cost is that appends in every process
 * wait while a rotation compresses: about a quarter of a second for 64 MiB, once per rotation. Compressing
 * after releasing the lock would need a second lock and more crash states, for little gain.
 *
 * <p>A crash (or SIGKILL) at any moment of a rotation loses no line: each step is a rename, a create or a
 * delete, a compressed file is forced to disk before the uncompressed one is deleted, and the next rotation
 * compresses whatever a crash left uncompressed and deletes the half-written temporary files. Until then an
 * uncompressed rotated file just sits there; a crash between the rename and the create leaves no
 * {@code events.jsonl} until the next append creates it.
 *
 * <p>Within one JVM the locks are POSIX record locks: the JVM refuses two overlapping locks and closing any
 * descriptor of the lock file drops them all. So every journal on the same lock file in this JVM shares one
 * mutex, taken before the OS lock; appends from one JVM are serialized (each is one short write).
 *
 * <p>The stream is a {@link FileOutputStream} rather than a {@code FileChannel} on purpose: a channel is
 * closed for every thread when one thread is interrupted during a write, and the daemon's scheduler
 * interrupts jobs; the journal must keep working after that. For the same reason an append clears the
 * thread's interrupt status while it takes the OS lock (the one interruptible call), and restores it.
 */
final class FileJournal implements Journal, Closeable {

    /** {@code journal.maxSize}'s default: 64 MiB. */
    static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
    /** {@code journal.keep}'s default. */
    static final int DEFAULT_KEEP = 10;

    private static final Logger LOG = LoggerFactory.getLogger(FileJournal.class);

    /** One mutex per lock file (by real path) in this JVM; see the class comment. */
    private static final ConcurrentMap<Path, ReentrantLock> MUTEXES = new ConcurrentHashMap<>();

    private final Path file;
    private final StateJson json;
    private final long maxBytes;
    private final JournalRotation rotation;
    private final Path lockFile;
    private final ReentrantLock mutex;

    // guarded by mutex; opened on the first append so that read-only commands create nothing
    private FileOutputStream out;
    private Object outKey;
    private boolean closed;
    private boolean interruptedWhileLocking;

    /** A journal rotated at {@value #DEFAULT_MAX_BYTES} bytes, keeping {@value #DEFAULT_KEEP} rotated files. */
    FileJournal(Path file, StateJson json) {
        this(file, json, DEFAULT_MAX_BYTES, DEFAULT_KEEP);
    }

    /**
     * @param file the journal, {@code events.jsonl}; its lock file is {@code events.lock} beside it
     * @param maxBytes the size at which the journal is rotated, at least 1
     * @param keep how many rotated files are kept, at least 1; the oldest beyond are deleted
     */
    FileJournal(Path file, StateJson json, long maxBytes, int keep) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the journal's maxBytes must be at least 1, but was " + maxBytes);
        }
        if (keep < 1) {
            throw new IllegalArgumentException("the journal's keep must be at least 1, but was " + keep);
        }
        this.file = file;
        this.json = json;
        this.maxBytes = maxBytes;
        this.rotation = new JournalRotation(file, keep);
        String name = file.getFileName().toString();
        this.lockFile = file.resolveSibling((name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name) + ".lock");
        this.mutex = MUTEXES.computeIfAbsent(realPath(lockFile), p -> new ReentrantLock());
    }

    /** The lock file's path with its directory's symlinks resolved: two spellings of one directory share a mutex. */
    private static Path realPath(Path lockFile) {
        Path absolute = lockFile.toAbsolutePath().normalize();
        try {
            return absolute.getParent().toRealPath().resolve(absolute.getFileName());
        } catch (IOException e) {
            return absolute;
        }
    }

    Path file() {
        return file;
    }

    /**
     * Appends the event as one line, then rotates the journal if it has reached {@code maxBytes}. A failed
     * rotation is logged, not thrown: the line is written, and the next append tries again.
     *
     * @throws IllegalArgumentException when its data cannot be a journal line (a reserved key, a value that
     *     is not JSON)
     * @throws UncheckedIOException when the file cannot be written
     */
    @Override
    public void append(Event event) {
        byte[] line = json.eventLine(event);
        boolean interrupted = Thread.interrupted();
        mutex.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the journal " + file + " is closed");
            }
            long size;
            try (FileChannel lock = lock(true)) {
                size = write(line);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to the journal " + file + ": " + FileStateStore.describe(e)
                        + "; the state directory must be writable by this user", e);
            }
            if (size >= maxBytes) {
                rotateIfFull();
            }
        } finally {
            if (interrupted || interruptedWhileLocking) {
                interruptedWhileLocking = false;
                Thread.currentThread().interrupt();
            }
            mutex.unlock();
        }
    }

    /** Writes the line to the file the path names now; returns the file's size after it. Holds the shared lock. */
    private long write(byte[] line) throws IOException {
        Object key = fileKey();
        if (out == null || key == null || !key.equals(outKey)) {
            reopen();
        }
        // FileOutputStream.write(byte[]) is a single write(2) (the JDK loops only on a short write)
        out.write(line);
        return Files.size(file);
    }

    /** The file key of what the path names now, or null when there is no file (or no key on this platform). */
    private Object fileKey() throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Opens the file the path names, creating it. Holds a lock, so no rotation can move it meanwhile. */
    private void reopen() throws IOException {
        closeStream();
        FileOutputStream opened = new FileOutputStream(file.toFile(), true);
        try {
            endTornLine(opened);
            outKey = fileKey();
        } catch (IOException e) {
            opened.close();
            throw e;
        }
        out = opened;
    }

    private void closeStream() throws IOException {
        FileOutputStream old = out;
        out = null;
        outKey = null;
        if (old != null) {
            old.close();
        }
    }

    private void rotateIfFull() {
        try (FileChannel lock = lock(false)) {
            // another appender may have rotated between our write and this lock: then the file is a fresh one
            if (sizeNow() < maxBytes) {
                return;
            }
            closeStream();
            rotation.rotate();
        } catch (IOException e) {
            LOG.warn("cannot rotate the journal {}: {}; it keeps growing until a rotation succeeds (tried again on the"
                    + " next append)", file, FileStateStore.describe(e), e);
        }
    }

    /** The size of the file the path names now; 0 when it is gone (moved away by hand: nothing to rotate). */
    private long sizeNow() throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /**
     * Takes the OS lock on the lock file, shared or exclusive, waiting for other processes; closing the
     * returned channel releases it. Caller holds the mutex.
     */
    private FileChannel lock(boolean shared) throws IOException {
        while (true) {
            FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try {
                ch.lock(0, Long.MAX_VALUE, shared);
                return ch;
            } catch (ClosedByInterruptException | FileLockInterruptionException e) {
                // interrupted while waiting: the channel is closed and no lock held; wait again, interrupt later
                interruptedWhileLocking = true;
                Thread.interrupted();
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }
    }

    /**
     * A writer killed in the middle of a line leaves the file without a final newline; without this, our
     * first line would be glued to that fragment. An extra newline is harmless (blank lines are skipped), so
     * the race with another process appending at the same moment costs nothing.
     */
    private void endTornLine(FileOutputStream opened) throws IOException {
        // RandomAccessFile, not a channel: it cannot be closed by an interrupt
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long size = f.length();
            if (size == 0) {
                return;
            }
            f.seek(size - 1);
            if (f.read() != '\n') {
                LOG.warn("the journal {} ends in an incomplete line (a writer was killed while writing it); it will be"
                        + " skipped when reading", file);
                opened.write('\n');
            }
        }
    }

    /**
     * Every readable event of the current file, oldest first; the rotated, compressed files are not read (so
     * right after a rotation this is empty). Takes no lock: a rotation meanwhile renames the file this reads,
     * which it reads to the end. Blank lines and lines that hold no complete event (a line torn by a
     * kill, or one from a newer version this code does not understand) are skipped, with a warning unless it
     * is the last line, where a torn or half-written line is expected.
     */
    @Override
    public List<Event> read() {
        List<Event> events = new ArrayList<>();
        // InputStreamReader replaces malformed bytes (a line torn inside a UTF-8 sequence) instead of throwing
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            String pendingBad = null;
            long lineNo = 0;
            long pendingLineNo = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                // a bad line is reported only once we know it is not the last one
                if (pendingBad != null) {
                    LOG.warn("skipped line {} of the journal {}: it holds no complete event: {}", pendingLineNo, file,
                            abbreviate(pendingBad));
                    pendingBad = null;
                }
                Optional<Event> event = json.parseEvent(line);
                if (event.isPresent()) {
                    events.add(event.get());
                } else {
                    pendingBad = line;
                    pendingLineNo = lineNo;
                }
            }
            if (pendingBad != null) {
                LOG.debug("skipped the last line of the journal {}: incomplete (written or torn right now)", file);
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal " + file + ": " + FileStateStore.describe(e), e);
        }
        return events;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    @Override
    public void close() throws IOException {
        mutex.lock();
        try {
            closed = true;
            closeStream();
        } finally {
            mutex.unlock();
        }
    }
}
