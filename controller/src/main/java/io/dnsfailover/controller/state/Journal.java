package io.dnsfailover.controller.state;

import java.util.List;

/**
 * The append-only journal ({@code events.jsonl}): one JSON object per line.
 *
 * <p>{@link #append} returns only once the line is handed to the operating system, so a process killed
 * at any moment loses at most the line being written; a torn last line is skipped when reading.
 */
public interface Journal {

    void append(Event event);

    /**
     * Every readable event still in the current journal, oldest first (a torn or unparsable line is skipped).
     * A journal that rotates returns only what was appended since its last rotation, so this may be empty
     * right after one; nothing that decides depends on it.
     */
    List<Event> read();
}
