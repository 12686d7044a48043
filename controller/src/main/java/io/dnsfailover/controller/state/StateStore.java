package io.dnsfailover.controller.state;

import java.util.function.UnaryOperator;

/**
 * Where state and journal live (DESIGN §8). The file store is the embedded default; a JDBC store can be
 * added behind this interface later. Safe to use from several threads and several processes at once
 * (a daemon and one-shot commands on one state directory).
 */
public interface StateStore extends AutoCloseable {

    /** The current state; {@link State#EMPTY} when none was saved yet. */
    State load();

    /**
     * Reads, changes and saves the state atomically with respect to every other writer (other threads and
     * processes): {@code change} sees the latest saved state. A crash at any moment leaves either the old
     * or the new state, never a broken one.
     *
     * @return the state as saved
     */
    State update(UnaryOperator<State> change);

    /** The append-only journal. */
    Journal journal();

    /**
     * Claims the store for one daemon for as long as the returned handle is open.
     *
     * @throws IllegalStateException when another daemon holds it, saying which (pid when known)
     */
    AutoCloseable lockForDaemon();

    @Override
    default void close() {}
}
