package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.state.Event;
import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.controller.state.Journal;
import io.dnsfailover.controller.state.Observations;
import io.dnsfailover.controller.state.State;
import io.dnsfailover.controller.state.StateStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** A state store in memory, for tick tests: its groups can be deleted or broken, its problems set. */
final class MemoryStore implements StateStore {

    final Map<String, GroupState> groups = new LinkedHashMap<>();
    final Map<String, String> broken = new LinkedHashMap<>();
    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<String> restored = new ArrayList<>();
    List<String> problems = List.of();
    volatile RuntimeException readFails;
    /** When set, the next read of a group that is there finds it and then deletes it (a file deleted just after). */
    volatile boolean vanishAfterRead;
    /** When set, every update and restore throws it (a cluster's fence, a database gone). */
    volatile RuntimeException saveFails;
    int updates;

    @Override
    public synchronized State load() {
        return new State(groups);
    }

    @Override
    public synchronized GroupRead read(String group) {
        if (readFails != null) {
            throw readFails;
        }
        if (broken.containsKey(group)) {
            return new GroupRead(GroupState.EMPTY, false, broken.get(group));
        }
        if (!groups.containsKey(group)) {
            return GroupRead.absent();
        }
        GroupRead read = new GroupRead(groups.get(group), true, null);
        if (vanishAfterRead) {
            vanishAfterRead = false;
            groups.remove(group);
        }
        return read;
    }

    @Override
    public synchronized GroupState update(String group, UnaryOperator<GroupState> change) {
        if (saveFails != null) {
            throw saveFails;
        }
        if (broken.containsKey(group)) {
            throw new io.dnsfailover.controller.state.StateUnusableException(null, broken.get(group));
        }
        updates++;
        GroupState next = change.apply(groups.getOrDefault(group, GroupState.EMPTY));
        groups.put(group, next);
        return next;
    }

    @Override
    public synchronized Optional<GroupState> updateIfPresent(String group, UnaryOperator<GroupState> change) {
        return groups.containsKey(group) || broken.containsKey(group) ? Optional.of(update(group, change)) : Optional.empty();
    }

    @Override
    public synchronized void restore(String group, GroupState state) {
        if (saveFails != null) {
            throw saveFails;
        }
        broken.remove(group);
        restored.add(group);
        groups.put(group, state);
    }

    @Override
    public List<String> problems() {
        return problems;
    }

    Observations observations;

    @Override
    public void saveObservations(Observations o) {
        observations = o;
    }

    @Override
    public ObservationsRead observations() {
        return new ObservationsRead(observations, observations == null ? "none saved" : null);
    }

    @Override
    public Journal journal() {
        return new Journal() {
            @Override
            public void append(Event event) {
                events.add(event);
            }

            @Override
            public List<Event> read() {
                return List.copyOf(events);
            }
        };
    }

    @Override
    public AutoCloseable lockForDaemon() {
        return () -> {};
    }

    synchronized GroupState group(String name) {
        return groups.getOrDefault(name, GroupState.EMPTY);
    }

    List<Event> events(Event.Type type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }
}
