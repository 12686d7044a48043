package io.dnsfailover.controller.state;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal as a file of JSON lines ({@code events.jsonl}), shared by every process using the state
 * directory.
 *
 * <p>Each {@link #append} is one {@code write(2)} of one whole line to a file opened with {@code O_APPEND},
 * with no buffer in between: the kernel places each write at the end of the file atomically with respect to
 * other appenders (threads and processes), and once {@code append} returns, the line is in the operating
 * system and survives the process being killed. It is not fsync'd: a power cut may lose the last lines
 * (state.json, which decisions depend on, is).
 *
 * <p>The stream is a {@link FileOutputStream} rather than a {@code FileChannel} on purpose: a channel is
 * closed for every thread when one thread is interrupted during a write, and the daemon's scheduler
 * interrupts jobs; the journal must keep working after that.
 */
final class FileJournal implements Journal, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(FileJournal.class);

    private final Path file;
    private final StateJson json;

    // guarded by this; opened on the first append so that read-only commands create nothing
    private FileOutputStream out;
    private boolean closed;

    FileJournal(Path file, StateJson json) {
        this.file = file;
        this.json = json;
    }

    Path file() {
        return file;
    }

    /**
     * Appends the event as one line.
     *
     * @throws IllegalArgumentException when its data cannot be a journal line (a reserved key, a value that
     *     is not JSON)
     * @throws UncheckedIOException when the file cannot be written
     */
    @Override
    public void append(Event event) {
        byte[] line = json.eventLine(event);
        try {
            // FileOutputStream.write(byte[]) is a single write(2) (the JDK loops only on a short write), and
            // concurrent calls need no lock: O_APPEND keeps each write whole
            stream().write(line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the journal " + file + ": " + FileStateStore.describe(e)
                    + "; the state directory must be writable by this user", e);
        }
    }

    private synchronized FileOutputStream stream() throws IOException {
        if (closed) {
            throw new IllegalStateException("the journal " + file + " is closed");
        }
        if (out == null) {
            FileOutputStream opened = new FileOutputStream(file.toFile(), true);
            try {
                endTornLine(opened);
            } catch (IOException e) {
                opened.close();
                throw e;
            }
            out = opened;
        }
        return out;
    }

    /**
     * A writer killed in the middle of a line leaves the file without a final newline; without this, our
     * first line would be glued to that fragment. An extra newline is harmless (blank lines are skipped), so
     * the race with another process appending at the same moment costs nothing.
     */
    private void endTornLine(FileOutputStream opened) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                return;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, size - 1);
            if (last.get(0) != '\n') {
                LOG.warn("the journal {} ends in an incomplete line (a writer was killed while writing it); it will be"
                        + " skipped when reading", file);
                opened.write('\n');
            }
        }
    }

    /**
     * Every readable event, oldest first. Blank lines and lines that hold no complete event (a line torn by a
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
    public synchronized void close() throws IOException {
        closed = true;
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
