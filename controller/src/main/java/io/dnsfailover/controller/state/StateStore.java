package io.dnsfailover.controller.state;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where state and journal live (DESIGN §8). The file store is the embedded default; a database store can be
 * added behind this interface later. Safe to use from several threads and several processes at once (a
 * daemon and one-shot commands on one store). Reading or writing one group costs O(that group): no call but
 * {@link #load()} touches other groups.
 */
public interface StateStore extends AutoCloseable {

    /**
     * Every group's state; groups never saved are absent.
     *
     * @throws StateUnusableException when any part of the store cannot be used (naming it)
     */
    State load();

    /**
     * One group's state, and whether it was there: never throws for a broken or missing group, so that a
     * running daemon can tell "never saved" and "lost" apart from its own memory.
     */
    GroupRead read(String group);

    /**
     * Reads, changes and saves one group's state atomically with respect to every other writer of that
     * group (threads and processes): {@code change} sees the latest saved state ({@link GroupState#EMPTY} when
     * none). A crash at any moment leaves the old or the new state, never a broken one. When {@code change}
     * returns what it was given, nothing is written.
     *
     * @return the state as saved
     * @throws StateUnusableException when the group's saved state cannot be used (it is left as it is)
     */
    GroupState update(String group, UnaryOperator<GroupState> change);

    /**
     * {@link #update} where the group's state is there now, else nothing: a writer that read the state earlier
     * (a daemon's tick) uses it so that its change never lands on an empty state in place of one deleted since,
     * which would save the change and lose the rest (a pin).
     *
     * @return the state as saved, or empty when the group's state is absent (nothing was written)
     * @throws StateUnusableException when the group's saved state cannot be used (it is left as it is)
     */
    Optional<GroupState> updateIfPresent(String group, UnaryOperator<GroupState> change);

    /**
     * Puts back a group's state that was lost from under a running daemon (its file deleted, emptied or
     * broken), whatever is there now: a broken file is kept aside (renamed, never deleted), and the store's
     * directory and marker are recreated when they are gone.
     */
    void restore(String group, GroupState state);

    /**
     * What is wrong with the store itself now (its directory or marker file gone, a newer format), one
     * sentence each; empty when it is intact. Cheap: a daemon calls it every tick.
     */
    List<String> problems();

    /**
     * Saves a running daemon's latest observations of its targets, replacing the previous ones. Cheap and not
     * durable (it is saved again in a few seconds); no part of any group's state.
     */
    void saveObservations(Observations observations);

    /** The observations a daemon saved last, or why there are none to use; never throws. */
    ObservationsRead observations();

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

    /**
     * @param observations what a daemon saved, or {@code null}
     * @param absent why there is nothing to use, or {@code null}
     */
    record ObservationsRead(Observations observations, String absent) {

        public static ObservationsRead none(String why) {
            return new ObservationsRead(null, why);
        }
    }

    /**
     * One group's state as {@link #read} found it.
     *
     * @param state what was saved ({@link GroupState#EMPTY} when nothing, or when it cannot be used)
     * @param present true when the group's state was found and could be used
     * @param unusable why it is there but cannot be used (broken, newer format), naming the file; else {@code null}
     */
    record GroupRead(GroupState state, boolean present, String unusable) {

        public static GroupRead absent() {
            return new GroupRead(GroupState.EMPTY, false, null);
        }
    }
}
