package io.dnsfailover.controller.cli;

import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.controller.state.Journal;
import io.dnsfailover.controller.state.Observations;
import io.dnsfailover.controller.state.State;
import io.dnsfailover.controller.state.StateStore;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The daemon's state store lent to a command it answers ({@link DaemonAnswers}): its reads come from the daemon's
 * store (which has every group's file parsed already, and reads a file again only when it changed), its observations
 * from the daemon's memory, every write is refused, and closing it leaves the daemon's store open. The commands
 * answered write nothing.
 */
final class ReadOnlyStore implements StateStore {

    private final StateStore store;
    private final Supplier<Observations> live;

    /** @param live the daemon's observations as they are now (fresher than the file it saves every few seconds) */
    ReadOnlyStore(StateStore store, Supplier<Observations> live) {
        this.store = store;
        this.live = live;
    }

    /** The store lent, for what only it can say (a cluster's nodes); never to write through. */
    StateStore lent() {
        return store;
    }

    @Override
    public State load() {
        return store.load();
    }

    @Override
    public GroupRead read(String group) {
        return store.read(group);
    }

    @Override
    public List<String> problems() {
        return store.problems();
    }

    @Override
    public ObservationsRead observations() {
        return new ObservationsRead(live.get(), null);
    }

    @Override
    public GroupState update(String group, UnaryOperator<GroupState> change) {
        throw refused();
    }

    @Override
    public java.util.Optional<GroupState> updateIfPresent(String group, UnaryOperator<GroupState> change) {
        throw refused();
    }

    @Override
    public void restore(String group, GroupState state) {
        throw refused();
    }

    @Override
    public void saveObservations(Observations observations) {
        throw refused();
    }

    @Override
    public Journal journal() {
        throw refused();
    }

    @Override
    public AutoCloseable lockForDaemon() {
        throw refused();
    }

    private static UnsupportedOperationException refused() {
        return new UnsupportedOperationException("a command the daemon answers writes nothing to its state");
    }

    @Override
    public void close() {
        // the daemon's store stays open
    }
}
